// One HTTP endpoint per simulated process, as a real cluster with `metrics.reporter.prom.port`
// set: the JobManager on the first port, TaskManager i on the next ones (or each on a free port
// when the first is 0). Each serves `GET /metrics` and nothing else.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SimModel } from '../types';
import type { SimulatedVersion } from '../versions/profile';
import { profileFor } from '../versions/profile';
import type { MetricFamily } from './exposition';
import { EXPOSITION_CONTENT_TYPE, formatExposition } from './exposition';
import { LiveMetricStore } from './live-store';
import type { ReporterOptions } from './reporter';
import { jobManagerFamilies, taskManagerFamilies } from './reporter';

export interface PrometheusEndpointsOptions extends ReporterOptions {
  model: SimModel;
  flinkVersion: SimulatedVersion;
  /** The JobManager's port; TaskManagers take the following ones. 0 = each on any free port. */
  port: number;
  host?: '127.0.0.1';
}

export interface PrometheusEndpoint {
  /** 'jobmanager' or the TaskManager's id. */
  process: string;
  /** `http://127.0.0.1:<port>`; the metrics are at `/metrics`. */
  url: string;
  port: number;
}

export interface PrometheusEndpoints {
  jobManager: PrometheusEndpoint;
  taskManagers: PrometheusEndpoint[];
  /** Every endpoint, JobManager first: the scrape targets. */
  all: PrometheusEndpoint[];
  close(): Promise<void>;
}

type Families = () => MetricFamily[] | null;

function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) =>
      reject(e.code === 'EADDRINUSE' ? new Error(`port ${port} is already in use`) : e);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function serve(families: Families): http.Server {
  return http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const found = req.method === 'GET' && path === '/metrics' ? families() : null;
    // A TaskManager that left the model is a process that is gone: the scrape fails, as it would.
    const [status, type, body] =
      found === null
        ? [404, 'text/plain; charset=utf-8', 'Not Found\n']
        : [200, EXPOSITION_CONTENT_TYPE, formatExposition(found)];
    res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  });
}

export async function startPrometheusEndpoints(opts: PrometheusEndpointsOptions): Promise<PrometheusEndpoints> {
  const { model } = opts;
  const host = opts.host ?? '127.0.0.1';
  const live = new LiveMetricStore(model, profileFor(opts.flinkVersion));
  const processes: [string, Families][] = [['jobmanager', () => jobManagerFamilies(model, live.snapshot(), opts)]];
  for (const { id } of model.taskManagers) {
    processes.push([
      id,
      () => {
        const tm = model.taskManagers.find((t) => t.id === id);
        return tm ? taskManagerFamilies(model, tm, live.snapshot(), opts) : null;
      },
    ]);
  }
  const servers: http.Server[] = [];
  const endpoints: PrometheusEndpoint[] = [];
  const close = async () => {
    await Promise.all(
      servers.map((s) => {
        s.closeAllConnections();
        return new Promise<void>((resolve) => s.close(() => resolve()));
      }),
    );
  };
  try {
    for (const [i, [process, families]] of processes.entries()) {
      const server = serve(families);
      const port = await listen(server, opts.port === 0 ? 0 : opts.port + i, host);
      servers.push(server);
      endpoints.push({ process, url: `http://${host}:${port}`, port });
    }
  } catch (e) {
    await close();
    throw e;
  }
  return { jobManager: endpoints[0]!, taskManagers: endpoints.slice(1), all: endpoints, close };
}

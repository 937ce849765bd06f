// `--follow` watches a fleet through its store: a job deployed after the follow started (here a
// second simulated cluster whose reporters begin to answer the scrapes, as a new deployment's do)
// joins the session from then on, without restarting the import, with its job graph from
// --topology-from (an earlier recording of both clusters).

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSimulatedCluster, type SimulatedCluster } from '../../../electron/simulator';
import { startPrometheusEndpoints, type PrometheusEndpoints } from '../../../electron/simulator/prometheus';
import { replaceInvalidChars } from '../../../electron/prometheus/flink-names';
import { SessionReader } from '../../../electron/session/index';
import { buildCli, startCli, type BuiltCli } from '../../fixtures/recorder/cli';
import { startPrometheus, type RealPrometheus } from './real-prometheus';
import { eventually, scrapedAtLeast } from './scraped-simulator';

/** Endpoints that refuse the scrape (503) until opened, then relay the real ones: a process not yet up. */
interface Gate {
  ports: number[];
  open(): void;
  close(): Promise<void>;
}

async function gate(targets: readonly { url: string }[]): Promise<Gate> {
  let opened = false;
  const servers = targets.map((t) =>
    http.createServer((req, res) => {
      if (!opened) {
        res.writeHead(503).end();
        return;
      }
      fetch(`${t.url}${req.url ?? '/metrics'}`)
        .then(async (r) => {
          res.writeHead(r.status, { 'Content-Type': r.headers.get('content-type') ?? 'text/plain' });
          res.end(Buffer.from(await r.arrayBuffer()));
        })
        .catch(() => res.writeHead(502).end());
    }),
  );
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))));
  return {
    ports: servers.map((s) => (s.address() as AddressInfo).port),
    open: () => (opened = true),
    close: async () => {
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
}

let first: SimulatedCluster;
let second: SimulatedCluster;
let firstEndpoints: PrometheusEndpoints;
let secondEndpoints: PrometheusEndpoints;
let later: Gate;
let prometheus: RealPrometheus;
let cli: BuiltCli;
const dir = mkdtempSync(path.join(tmpdir(), 'backflow-follow-new-job-'));

beforeAll(async () => {
  cli = await buildCli();
  first = await startSimulatedCluster({ scenario: 'healthy', flinkVersion: '1.20', clock: 'realtime' });
  second = await startSimulatedCluster({ scenario: 'sustained-bottleneck', flinkVersion: '1.20', clock: 'realtime' });
  firstEndpoints = await startPrometheusEndpoints({ model: first.model, flinkVersion: '1.20', port: 0 });
  secondEndpoints = await startPrometheusEndpoints({ model: second.model, flinkVersion: '1.20', port: 0 });
  later = await gate(secondEndpoints.all);
  prometheus = await startPrometheus([
    ...firstEndpoints.all.map((e) => `127.0.0.1:${e.port}`),
    ...later.ports.map((p) => `127.0.0.1:${p}`),
  ]);
}, 60_000);

afterAll(async () => {
  await prometheus?.stop();
  await later?.close();
  await Promise.all([firstEndpoints?.close(), secondEndpoints?.close()]);
  await Promise.all([first?.close(), second?.close()]);
  cli?.remove();
  rmSync(dir, { recursive: true, force: true });
});

/** Job id → ticks with frames of that job, in the file as it is now. */
function framesPerJob(file: string): Map<string, number> {
  const out = new Map<string, number>();
  try {
    const r = SessionReader.open(file);
    try {
      const range = r.timeRange();
      if (!range) return out;
      for (const v of r.vertices()) {
        const frames = r.vertexFrames(v.clusterId, v.jobId, v.vertexId, range);
        out.set(v.jobId, Math.max(out.get(v.jobId) ?? 0, frames.length));
      }
    } finally {
      r.close();
    }
  } catch {
    // Not readable yet.
  }
  return out;
}

it('a job deployed after the follow started joins the session, with its job graph', async () => {
  const oldJob = first.model.jobs[0]!.jobId;
  const newJob = second.model.jobs[0]!.jobId;
  expect(newJob).not.toBe(oldJob);
  const from = Date.now();
  // The job graphs of both, from an earlier REST recording.
  const topo = path.join(dir, 'topology.backflow');
  const recorded = await startCli(
    cli,
    ['record', first.url, second.url, '--out', topo, '--duration', '2s', '--interval', '1s'],
    dir,
  ).done;
  expect(recorded.code, recorded.stderr).toBe(0);
  await scrapedAtLeast(prometheus.url, 3);
  const file = path.join(dir, 'fleet.backflow');
  const run = startCli(
    cli,
    [
      'import',
      'prometheus',
      prometheus.url,
      '--out',
      file,
      '--from',
      String(from),
      '--follow',
      '--topology-from',
      topo,
    ],
    dir,
  );
  try {
    await eventually(async () => {
      if (run.child.exitCode !== null) throw new Error(`import ended: ${run.stderr()}`);
      return (framesPerJob(file).get(oldJob) ?? 0) >= 2 ? true : null;
    }, 30_000);
    expect(framesPerJob(file).has(newJob)).toBe(false);
    // The second cluster's reporters start answering: its job is in the store from now on.
    later.open();
    const seen = await eventually(async () => {
      if (run.child.exitCode !== null) throw new Error(`import ended: ${run.stderr()}`);
      const n = framesPerJob(file).get(newJob) ?? 0;
      return n >= 2 ? n : null;
    }, 45_000);
    expect(seen).toBeGreaterThanOrEqual(2);
  } finally {
    run.child.kill('SIGTERM');
  }
  const done = await run.done;
  expect(done.code, done.stderr).toBe(0);
  expect(done.stdout).toMatch(/fleet\.backflow: 2 job\(s\)/);
  // Named as the reporter stores it (characters outside [a-zA-Z0-9:_] replaced).
  const secondName = replaceInvalidChars(second.model.jobs[0]!.name);
  expect(done.stderr).toContain(`import: ${secondName} (${newJob}) joined the session, job graph from ${topo}`);
  // The joined job's edges are the ones its JobManager reported, in the store's vertex ids.
  const r = SessionReader.open(file);
  try {
    const edges = r.edgesAt(r.timeRange()!.to).filter((e) => e.jobId === newJob);
    expect(edges.length).toBe(second.model.jobs[0]!.edges.length);
    expect(edges.length).toBeGreaterThan(0);
  } finally {
    r.close();
  }
}, 150_000);

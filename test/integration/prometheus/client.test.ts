// The Prometheus client against a real Prometheus scraping the simulator: range queries (split
// by time past the 11,000-point limit), series, labels; and one clear line for each way a URL can
// be wrong: a Flink REST API, a proxy's HTML page, a refused query, nobody listening.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrometheusApiError, PrometheusClient } from '../../../electron/prometheus';
import { freePort } from './real-prometheus';
import { eventually, startScrapedSimulator, type ScrapedSimulator } from './scraped-simulator';

let chain: ScrapedSimulator;
let htmlProxy: http.Server;
let htmlUrl: string;
const clients: PrometheusClient[] = [];

beforeAll(async () => {
  chain = await startScrapedSimulator({ scenario: 'incident', flinkVersion: '1.20', clock: 'manual' });
  chain.cluster.advance(60_000);
  htmlProxy = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<!doctype html><html><body>Sign in to continue</body></html>');
  });
  await new Promise<void>((resolve) => htmlProxy.listen(0, '127.0.0.1', resolve));
  htmlUrl = `http://127.0.0.1:${(htmlProxy.address() as AddressInfo).port}`;
  // Wait for two scrapes of every target, so ranges have samples.
  const probe = client(chain.prometheus.url);
  await eventually(async () => {
    const now = Date.now();
    const up = await probe.queryRange('up', { start: now - 10_000, end: now, stepMs: 1000 });
    return up.length === chain.endpoints.all.length && up.every((s) => s.values.filter((v) => v === 1).length >= 2)
      ? up
      : null;
  });
});

afterAll(async () => {
  for (const c of clients) c.close();
  await new Promise<void>((resolve) => htmlProxy?.close(() => resolve()));
  await chain?.stop();
});

function client(url: string): PrometheusClient {
  const c = new PrometheusClient({ url, retries: 0, timeoutMs: 5000 });
  clients.push(c);
  return c;
}

async function failure(p: Promise<unknown>): Promise<PrometheusApiError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(PrometheusApiError);
  expect((e as Error).message).not.toMatch(/\n/);
  return e as PrometheusApiError;
}

describe('PrometheusClient against a real Prometheus', () => {
  it("reads a vertex's busy time per subtask over a range, with the REST API's values", async () => {
    const job = chain.cluster.model.jobs[0]!;
    const vertex = job.vertices[1]!;
    const c = client(chain.prometheus.url);
    const now = Date.now();
    const series = await c.queryRange(
      `flink_taskmanager_job_task_busyTimeMsPerSecond{task_id="${vertex.id}"}`,
      { start: now - 5000, end: now, stepMs: 1000 },
      { expectedSeries: vertex.parallelism },
    );
    expect(series.map((s) => s.labels.subtask_index).sort()).toEqual(
      vertex.subtasks.map((s) => String(s.index)).sort(),
    );
    for (const s of series) {
      expect(s.timestamps.length).toBeGreaterThan(0);
      const rest = await fetch(
        `${chain.cluster.url}/jobs/${job.jobId}/vertices/${vertex.id}/subtasks/${s.labels.subtask_index}/metrics?get=busyTimeMsPerSecond`,
      );
      const [entry] = (await rest.json()) as Array<{ value: string }>;
      expect(new Set(s.values)).toEqual(new Set([Number(entry!.value)]));
    }
  });

  it('splits a range of more than 11,000 points into queries Prometheus accepts, and joins them', async () => {
    const c = client(chain.prometheus.url);
    const end = Date.now();
    const range = { start: end - 25_000_000, end, stepMs: 1000 };
    const direct = await fetch(
      `${chain.prometheus.url}/api/v1/query_range?query=up&start=${range.start / 1000}&end=${range.end / 1000}&step=1`,
    );
    expect(direct.status).toBe(400);
    expect(((await direct.json()) as { error: string }).error).toMatch(/11,000 points/);
    const before = c.stats.requests;
    const up = await c.queryRange('up', range);
    expect(c.stats.requests - before).toBe(3);
    expect(up).toHaveLength(chain.endpoints.all.length);
    for (const s of up) {
      expect(s.timestamps.every((t, i) => i === 0 || t > s.timestamps[i - 1]!)).toBe(true);
      expect(s.timestamps.every((t) => (t - range.start) % 1000 === 0)).toBe(true);
    }
  });

  it('lists series and label names in a window', async () => {
    const c = client(chain.prometheus.url);
    const now = Date.now();
    const window = { start: now - 60_000, end: now };
    const job = chain.cluster.model.jobs[0]!;
    const series = await c.series([`flink_jobmanager_job_numRestarts{job_id="${job.jobId}"}`], window);
    expect(series).toHaveLength(1);
    expect(series[0]).toMatchObject({
      __name__: 'flink_jobmanager_job_numRestarts',
      job_id: job.jobId,
      host: 'localhost',
    });
    const labels = await c.labels(window, ['flink_taskmanager_job_task_busyTimeMsPerSecond']);
    for (const l of [
      'job_id',
      'job_name',
      'task_id',
      'task_name',
      'subtask_index',
      'tm_id',
      'host',
      'task_attempt_num',
    ])
      expect(labels).toContain(l);
    const names = await c.labelValues('job_id', window, ['flink_jobmanager_job_numRestarts']);
    expect(names.sort()).toEqual(chain.cluster.model.jobs.map((j) => j.jobId).sort());
  });

  it("says a refused query is refused, in Prometheus' own words", async () => {
    const e = await failure(client(chain.prometheus.url).queryRange('rate(up[', { start: 0, end: 1000, stepMs: 1000 }));
    expect(e.kind).toBe('query');
    expect(e.message).toMatch(
      /^GET \/api\/v1\/query_range: the store refused the query \(status 400\): bad_data: .*parse error/,
    );
  });

  it('says a Flink JobManager is not a Prometheus API', async () => {
    const e = await failure(client(chain.cluster.url).labels({ start: 0, end: 1000 }));
    expect(e.kind).toBe('not-prometheus');
    expect(e.message).toContain('not a Prometheus API');
  });

  it("says a proxy's HTML page is not the API", async () => {
    const e = await failure(client(htmlUrl).series(['up'], { start: 0, end: 1000 }));
    expect(e.kind).toBe('html-response');
    expect(e.message).toContain('HTML page');
  });

  it('says a port nobody listens on cannot be reached', async () => {
    const e = await failure(client(`http://127.0.0.1:${await freePort()}`).labels({ start: 0, end: 1000 }));
    expect(e.kind).toBe('unreachable');
  });
});

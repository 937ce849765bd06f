// What keeps the client cheap for a shared JobManager: bounded requests in flight, and per-subtask
// metric fetches chunked under Netty's 4096-byte request-line limit with few requests.

import { afterEach, describe, expect, it } from 'vitest';
import { FlinkClient } from '../../../electron/flink';
import { overview } from '../../unit/flink/canned';
import { sendJson, startFakeJobManager, type FakeJobManager } from './fake-jobmanager';

let servers: FakeJobManager[] = [];
let clients: FlinkClient[] = [];
afterEach(async () => {
  for (const cl of clients) cl.close();
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
  clients = [];
});

describe('bounded concurrency', () => {
  it.each([
    [undefined, 4],
    [2, 2],
  ])('maxConcurrency %s → never more than %i requests in flight', async (limit, expected) => {
    const server = await startFakeJobManager((_q, res) => {
      setTimeout(() => sendJson(res, overview), 20);
    });
    servers.push(server);
    const client = new FlinkClient({ url: server.url, ...(limit ? { maxConcurrency: limit } : {}) });
    clients.push(client);
    const results = await Promise.all(Array.from({ length: 16 }, () => client.getOverview()));
    expect(results).toHaveLength(16);
    expect(server.requests).toHaveLength(16);
    expect(server.maxInFlight).toBe(expected);
  });
});

describe('fetchVertexSubtaskValues', () => {
  const JOB = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
  const VTX = '0a448493b4782967b150582570326227';
  const METRICS = [
    'Shuffle.Netty.Input.Buffers.inputFloatingBuffersUsage',
    'Shuffle.Netty.Input.Buffers.inputExclusiveBuffersUsage',
    'Shuffle.Netty.Input.Buffers.inPoolUsage',
    'Shuffle.Netty.Output.Buffers.outPoolUsage',
    'accumulateBackPressuredTimeMs',
    'accumulateIdleTimeMs',
    'accumulateBusyTimeMs',
    'numRecordsIn',
    'isBackPressured',
    'Source__Kafka_(topic=orders).numRecordsOut',
  ];
  // The value a subtask reports for a metric in this fake: unique per (subtask, metric).
  const expected = (i: number, m: number) => i * 100 + m;

  it('256 subtasks × 10 metrics: every request line < 4096 bytes, all values returned, few requests', async () => {
    const server = await startFakeJobManager((req, res, seen) => {
      // Netty's behaviour for an over-long request line (FLINK-8949).
      if (seen.requestLineLength > 4096) return sendJson(res, { errors: ['Not found: /bad-request'] }, 404);
      const u = new URL(req.url ?? '', 'http://x');
      if (u.pathname !== `/flink/prod/jobs/${JOB}/vertices/${VTX}/metrics`)
        return sendJson(res, { errors: ['Not found'] }, 404);
      const out = [];
      for (const id of (u.searchParams.get('get') ?? '').split(',')) {
        const dot = id.indexOf('.');
        const i = Number(id.slice(0, dot));
        const m = METRICS.indexOf(id.slice(dot + 1));
        if (i === 7 && m === 3) continue; // subtask 7 does not report outPoolUsage
        out.push({ id, value: i === 9 && m === 2 ? 'NaN' : m === 8 ? String(i % 2 === 0) : String(expected(i, m)) });
      }
      sendJson(res, out);
    });
    servers.push(server);
    const client = new FlinkClient({ url: `${server.url}/flink/prod/`, retries: 0 });
    clients.push(client);

    const values = await client.fetchVertexSubtaskValues(JOB, VTX, METRICS, 256);

    for (const r of server.requests) expect(r.requestLineLength).toBeLessThan(4096);
    // 2560 ids of ~45 bytes each ≈ 115 KB of get= list: a few dozen requests, not one per subtask.
    expect(server.requests.length).toBeLessThan(50);
    expect(server.requests.length).toBeGreaterThan(1);
    expect([...values.keys()]).toEqual(METRICS);
    for (let m = 0; m < METRICS.length; m++) {
      const arr = values.get(METRICS[m]!)!;
      expect(arr).toHaveLength(256);
      for (let i = 0; i < 256; i++) {
        const want =
          i === 7 && m === 3
            ? Number.NaN
            : i === 9 && m === 2
              ? Number.NaN
              : m === 8
                ? i % 2 === 0
                  ? 1
                  : 0
                : expected(i, m);
        expect(arr[i], `${METRICS[m]} of subtask ${i}`).toEqual(want);
      }
    }
    // Nothing was requested twice.
    const all = server.requests.flatMap((r) => (new URL(r.url, 'http://x').searchParams.get('get') ?? '').split(','));
    expect(all).toHaveLength(2560);
    expect(new Set(all).size).toBe(2560);
  });
});

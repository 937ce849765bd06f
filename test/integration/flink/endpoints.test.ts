// Every typed method against a fake JobManager serving canned answers, checked on the normalised
// result; plus version detection and the /status fallback for clusters older than 1.16.

import { afterEach, describe, expect, it } from 'vitest';
import { FlinkApiError, FlinkClient } from '../../../electron/flink';
import * as c from '../../unit/flink/canned';
import { sendJson, startFakeJobManager, type FakeJobManager } from './fake-jobmanager';

type Routes = Record<string, unknown | ((query: URLSearchParams) => unknown)>;

let servers: FakeJobManager[] = [];
let clients: FlinkClient[] = [];
afterEach(async () => {
  for (const cl of clients) cl.close();
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
  clients = [];
});

async function cluster(routes: Routes) {
  const server = await startFakeJobManager((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const path = decodeURIComponent(u.pathname.replace(/^\/proxy/, ''));
    const route = routes[path];
    if (route === undefined) return sendJson(res, { errors: [`Not found: ${path}`] }, 404);
    sendJson(res, typeof route === 'function' ? (route as (q: URLSearchParams) => unknown)(u.searchParams) : route);
  });
  servers.push(server);
  const client = new FlinkClient({ url: `${server.url}/proxy`, retries: 0 });
  clients.push(client);
  return { server, client };
}

const J = `/jobs/${c.JOB}`;
const V = `${J}/vertices/${c.MAP}`;
const TM = '10.0.0.0:41234-abcdef';

/** Answers `get=` from a table of raw string values, leaving unknown ids out (as Flink does). */
const values = (table: Record<string, string>) => (q: URLSearchParams) =>
  (q.get('get') ?? '')
    .split(',')
    .filter((id) => id in table)
    .map((id) => ({ id, value: table[id] }));

const routes: Routes = {
  '/config': c.config120,
  '/overview': c.overview,
  '/jobmanager/config': [
    { key: 'metrics.fetcher.update-interval', value: '5000' },
    { key: 'web.checkpoints.history', value: '20' },
    { key: 'jobmanager.rpc.address', value: 'localhost' },
  ],
  '/jobmanager/metrics': (q: URLSearchParams) =>
    q.has('get')
      ? values({ numRegisteredTaskManagers: '2', 'Status.JVM.CPU.Load': 'NaN' })(q)
      : [{ id: 'numRegisteredTaskManagers' }, { id: 'Status.JVM.CPU.Load' }],
  '/jobs/overview': c.jobsOverview,
  [J]: c.jobDetails116,
  [`${J}/plan`]: c.jobPlan,
  [`${J}/status`]: { status: 'RUNNING' },
  [`${J}/metrics`]: (q: URLSearchParams) =>
    q.has('get') ? values({ numRestarts: '3', lastCheckpointSize: '1024' })(q) : [{ id: 'numRestarts' }],
  [`${J}/exceptions`]: (q: URLSearchParams) =>
    q.get('maxExceptions') === '5' ? c.exceptions120 : { errors: ['maxExceptions not passed'] },
  [`${J}/checkpoints`]: c.checkpoints,
  [`${J}/checkpoints/config`]: c.checkpointConfig,
  [`${J}/checkpoints/details/11`]: c.checkpointDetails,
  [`${J}/checkpoints/details/11/subtasks/${c.MAP}`]: c.checkpointSubtasks,
  [V]: c.vertex119,
  [`${V}/metrics`]: (q: URLSearchParams) =>
    q.has('get')
      ? values({ '0.numRecordsIn': '5', '1.isBackPressured': 'true' })(q)
      : [{ id: '0.numRecordsIn' }, { id: '1.isBackPressured' }],
  [`${V}/subtasks/metrics`]: (q: URLSearchParams) =>
    q.has('get')
      ? [
          { id: 'backPressuredTimeMsPerSecond', min: 0, max: 900, avg: 450, sum: 1800, skew: 100 },
          { id: 'busyTimeMsPerSecond', min: 'NaN', max: 'NaN', avg: 'NaN', sum: 'NaN' },
        ].filter((m) => (q.get('get') ?? '').split(',').includes(m.id))
      : [{ id: 'backPressuredTimeMsPerSecond' }, { id: 'busyTimeMsPerSecond' }],
  [`${V}/subtasks/2/metrics`]: (q: URLSearchParams) =>
    q.has('get') ? values({ numRecordsIn: '77' })(q) : [{ id: 'numRecordsIn' }],
  [`${V}/backpressure`]: c.backpressure120,
  [`${V}/watermarks`]: [
    { id: '1.currentInputWatermark', value: '-9223372036854775808' },
    { id: '0.currentInputWatermark', value: '1764118790000' },
  ],
  '/taskmanagers': c.taskManagers,
  [`/taskmanagers/${TM}/metrics`]: (q: URLSearchParams) =>
    q.has('get')
      ? values({
          'Status.JVM.Memory.Heap.Used': '123456',
          'Status.JVM.GarbageCollector.G1_Young_Generation.Count': '9',
        })(q)
      : c.tmMetricList120,
};

describe('typed endpoints', () => {
  it('cluster endpoints and version detection', async () => {
    const { client } = await cluster(routes);
    const caps = await client.detectVersion();
    expect(caps.version).toMatchObject({ major: 1, minor: 20, patch: 1 });
    expect(client.versionText).toBe('1.20.1');
    expect((await client.getOverview()).slotsAvailable).toBe(2);
    const settings = await client.getJobManagerSettings();
    expect(settings).toMatchObject({ fetchIntervalMs: 5000, checkpointHistory: 20 });
    expect(await client.listJobManagerMetrics()).toEqual(['numRegisteredTaskManagers', 'Status.JVM.CPU.Load']);
    const jm = await client.getJobManagerMetrics(['numRegisteredTaskManagers', 'Status.JVM.CPU.Load', 'absent']);
    expect(jm.get('numRegisteredTaskManagers')).toBe(2);
    expect(jm.get('Status.JVM.CPU.Load')).toBeNaN();
    expect(jm.has('absent')).toBe(false);
    const tms = await client.getTaskManagers();
    expect(tms.map((t) => [t.id, t.slots, t.blocked])).toEqual([
      [TM, 4, false],
      ['10.0.0.1:41234-abcdef', 4, false],
    ]);
    expect(await client.listTaskManagerMetrics(TM)).toContain('Status.JVM.GarbageCollector.G1_Old_Generation.Time');
    const tmv = await client.getTaskManagerMetrics(TM, [
      'Status.JVM.Memory.Heap.Used',
      'Status.JVM.GarbageCollector.G1_Young_Generation.Count',
    ]);
    expect(Object.fromEntries(tmv)).toEqual({
      'Status.JVM.Memory.Heap.Used': 123456,
      'Status.JVM.GarbageCollector.G1_Young_Generation.Count': 9,
    });
  });

  it('job, plan, status, metrics, exceptions, checkpoints', async () => {
    const { client, server } = await cluster(routes);
    expect((await client.getJobsOverview())[0]).toMatchObject({ jobId: c.JOB, state: 'RUNNING', endTime: null });
    const job = await client.getJob(c.JOB);
    expect(job.vertices).toHaveLength(3);
    expect(job.topoOrder[0]).toBe(c.SRC);
    expect((await client.getJobPlan(c.JOB)).edges.map((e) => e.shipStrategy).sort()).toEqual(['HASH', 'REBALANCE']);
    expect(await client.getJobStatus(c.JOB)).toBe('RUNNING');
    expect(await client.listJobMetrics(c.JOB)).toEqual(['numRestarts']);
    expect((await client.getJobMetrics(c.JOB, ['numRestarts'])).get('numRestarts')).toBe(3);
    const ex = await client.getJobExceptions(c.JOB, 5);
    expect(ex.entries[0]!.exceptionName).toBe('java.lang.RuntimeException');
    const cps = await client.getCheckpoints(c.JOB);
    expect(cps.counts).toEqual({ restored: 0, total: 12, inProgress: 1, completed: 10, failed: 1 });
    expect(await client.getCheckpointConfig(c.JOB)).toMatchObject({ periodic: true, intervalMs: 60000 });
    const det = await client.getCheckpointDetails(c.JOB, 11);
    expect(det.vertices).toEqual([expect.objectContaining({ vertexId: c.MAP, numAcknowledged: 4 })]);
    expect((await client.getCheckpointSubtasks(c.JOB, 11, c.MAP)).maxAlignmentMs).toBe(1800);
    const gone = await client.getCheckpointDetails(c.JOB, 3).catch((e: unknown) => e);
    expect(gone).toMatchObject({ kind: 'not-found' });
    expect(server.requests.every((r) => r.url.startsWith('/proxy/'))).toBe(true);
  });

  it('vertex endpoints: details, metric lists and values, aggregation, backpressure, watermarks', async () => {
    const { client, server } = await cluster(routes);
    expect((await client.getVertex(c.JOB, c.MAP)).taskManagerIds[1]).toBe('10.0.0.1:41234-abcdef');
    expect(await client.listVertexMetrics(c.JOB, c.MAP)).toEqual(['0.numRecordsIn', '1.isBackPressured']);
    const vm = await client.getVertexMetrics(c.JOB, c.MAP, ['0.numRecordsIn', '1.isBackPressured']);
    expect(Object.fromEntries(vm)).toEqual({ '0.numRecordsIn': 5, '1.isBackPressured': 1 });
    expect(await client.listSubtasksMetrics(c.JOB, c.MAP)).toHaveLength(2);
    const agg = await client.getAggregatedSubtaskMetrics(
      c.JOB,
      c.MAP,
      ['backPressuredTimeMsPerSecond', 'busyTimeMsPerSecond'],
      {
        agg: ['max', 'skew'],
        subtasks: [0, 1, 2, 5],
      },
    );
    expect(agg.get('backPressuredTimeMsPerSecond')).toMatchObject({ max: 900, skew: 100 });
    expect(agg.get('busyTimeMsPerSecond')!.max).toBeNaN();
    const last = new URL(server.requests.at(-1)!.url, 'http://x');
    expect(last.searchParams.get('agg')).toBe('max,skew');
    expect(last.searchParams.get('subtasks')).toBe('0-2,5');
    expect(await client.listSubtaskMetrics(c.JOB, c.MAP, 2)).toEqual(['numRecordsIn']);
    expect((await client.getSubtaskMetrics(c.JOB, c.MAP, 2, ['numRecordsIn'])).get('numRecordsIn')).toBe(77);
    const bp = await client.getBackpressure(c.JOB, c.MAP);
    expect(bp).toMatchObject({ status: 'ok', level: 'LOW', endTimestamp: 1764118795000 });
    expect(await client.getWatermarks(c.JOB, c.MAP)).toEqual([
      { subtask: 0, watermark: 1764118790000 },
      { subtask: 1, watermark: null },
    ]);
    expect(client.stats.requests).toBe(server.requests.length);
    expect(client.stats.bytes).toBeGreaterThan(1000);
  });

  it('skew is not requested from a cluster older than 1.20 (it would reject the request)', async () => {
    const { client, server } = await cluster({ ...routes, '/config': { ...c.config120, 'flink-version': '1.18.1' } });
    await client.detectVersion();
    const agg = await client.getAggregatedSubtaskMetrics(c.JOB, c.MAP, ['backPressuredTimeMsPerSecond'], {
      agg: ['max', 'skew'],
    });
    expect(new URL(server.requests.at(-1)!.url, 'http://x').searchParams.get('agg')).toBe('max');
    // The fake still sent skew; the result carries whatever the server reported.
    expect(agg.get('backPressuredTimeMsPerSecond')!.max).toBe(900);
  });
});

describe('version-dependent behaviour', () => {
  it('falls back to /overview when /config has no usable version', async () => {
    const { client } = await cluster({
      ...routes,
      '/config': { ...c.config120, 'flink-version': '<unknown>' },
      '/overview': { ...c.overview, 'flink-version': '1.16.3' },
    });
    expect((await client.detectVersion()).version?.minor).toBe(16);
  });

  it('unknown everywhere → capabilities with a null version, raw text kept', async () => {
    const { client } = await cluster({
      ...routes,
      '/config': { ...c.config120, 'flink-version': '<unknown>' },
      '/overview': { ...c.overview, 'flink-version': '<unknown>' },
    });
    const caps = await client.detectVersion();
    expect(caps.version).toBeNull();
    expect(client.versionText).toBe('<unknown>');
  });

  it('/jobs/:jid/status: 404 on an unknown-version (pre-1.16) cluster falls back to /jobs/:jid', async () => {
    const old: Routes = { ...routes };
    delete old[`${J}/status`];
    const { client, server } = await cluster(old);
    expect(await client.getJobStatus(c.JOB)).toBe('RUNNING');
    expect(server.requests.map((r) => r.url)).toEqual([`/proxy${J}/status`, `/proxy${J}`]);
  });

  it('/jobs/:jid/status: a known 1.14 cluster goes straight to /jobs/:jid', async () => {
    const old: Routes = { ...routes, '/config': { ...c.config120, 'flink-version': '1.14.6' } };
    delete old[`${J}/status`];
    const { client, server } = await cluster(old);
    await client.detectVersion();
    expect(await client.getJobStatus(c.JOB)).toBe('RUNNING');
    expect(server.requests.map((r) => r.url).slice(1)).toEqual([`/proxy${J}`]);
  });

  it('/jobs/:jid/status: on 1.16+ a 404 means the job is gone (no fallback)', async () => {
    const { client } = await cluster(routes);
    await client.detectVersion();
    const err = await client.getJobStatus('ffff').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FlinkApiError);
    expect((err as FlinkApiError).kind).toBe('not-found');
  });
});

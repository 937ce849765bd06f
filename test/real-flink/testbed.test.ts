// Smoke test of the real-Flink test bed: a 1.20 session cluster (2 TaskManagers) runs the sustained incident
// as designed and goes away completely. BACKFLOW_FLINK_VERSION=2.3 (etc.) runs it against another version.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildJobs,
  cancelJob,
  isAlive,
  jobsJar,
  listClusters,
  resolveVersion,
  restGet,
  startCluster,
  submitJob,
  waitForJobRunning,
  type FlinkCluster,
} from './cluster.mjs';
import { VERTEX_NAMES, args, defaults, paramsFromJobConfig, type Role } from './incidents.mjs';

const VERSION = process.env.BACKFLOW_FLINK_VERSION || '1.20';
const { version, family } = resolveVersion(VERSION);
const ROLES: Role[] = ['source', 'enrich', 'window', 'sink'];
// accumulate*TimeMs arrived in 1.16 (FLINK-28308).
const exactCounters = !/^1\.(1[0-5]|[0-9])\./.test(version);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`real Flink ${version}`, () => {
  let cluster: FlinkCluster | undefined;

  beforeAll(async () => {
    buildJobs({ families: [family], ifStale: true });
    cluster = await startCluster({ version, taskManagers: 2, fetchInterval: '1s' });
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it('starts a session cluster on loopback with both TaskManagers', async () => {
    const c = cluster!;
    expect(c.rest).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const overview = await restGet(c.rest, '/overview');
    expect(overview).toMatchObject({ taskmanagers: 2, 'slots-total': 8, 'flink-version': version });
    const config: { key: string; value: string }[] = await restGet(c.rest, '/jobmanager/config');
    expect(config.find((e) => e.key === 'metrics.fetcher.update-interval')?.value).toBe('1000');
  });

  it('runs the sustained incident: named vertices RUNNING, busy time grows on the slow vertex', async () => {
    const c = cluster!;
    const jobId = await submitJob(c.rest, jobsJar(version), args('sustained', { from: 5, to: 600 }));
    const job = await waitForJobRunning(c.rest, jobId, 60_000);
    expect(job.name).toBe('incident-sustained');
    expect(job.vertices.map((v: { name: string }) => v.name)).toEqual(ROLES.map((r) => VERTEX_NAMES[r][family]));

    // The job runs with exactly the parameters incidents.mjs documents (no drift between Java and JS defaults).
    const jobConfig = await restGet(c.rest, `/jobs/${jobId}/config`);
    const params = paramsFromJobConfig(jobConfig['execution-config']['user-config']);
    expect(params).toMatchObject({ ...defaults('sustained'), scenario: 'sustained', from: 5, to: 600 });
    expect(Math.abs(params.t0 - job['start-time'])).toBeLessThan(10_000);

    // Wait until the incident runs (t0 + from), then difference the exact counters over a few seconds.
    await sleep(Math.max(0, params.t0 + 7_000 - Date.now()));
    const vertexId = (role: Role) =>
      job.vertices.find((v: { name: string }) => v.name === VERTEX_NAMES[role][family]).id;
    const agg = async (role: Role, metric: string, how: 'sum' | 'min') => {
      const m: ({ id: string } & Record<string, number>)[] = await restGet(
        c.rest,
        `/jobs/${jobId}/vertices/${vertexId(role)}/subtasks/metrics?get=${metric}&agg=${how}`,
      );
      return m.find((e) => e.id === metric)?.[how] ?? Number.NaN;
    };
    // The JobManager fetches metrics lazily: a read starts a fetch and answers from the previous one. So
    // each sample first triggers a fetch, waits for it (interval 1 s), and is timed at the trigger.
    const fresh = async <T>(read: () => Promise<T>) => {
      const at = Date.now();
      await read();
      await sleep(2_000);
      return { at, value: await read() };
    };
    if (exactCounters) {
      const sample = () =>
        fresh(async () => ({
          busy: await agg('enrich', 'accumulateBusyTimeMs', 'sum'),
          bp: await agg('source', 'accumulateBackPressuredTimeMs', 'sum'),
        }));
      const a = await sample();
      await sleep(6_000);
      const b = await sample();
      const wallMs = b.at - a.at;
      // Two Enrich subtasks, each busy all the time; two source subtasks, each backpressured most of it.
      expect((b.value.busy - a.value.busy) / wallMs).toBeGreaterThan(1.5);
      expect((b.value.bp - a.value.bp) / wallMs).toBeGreaterThan(1.0);
    } else {
      // Before 1.16 only the gauges exist, averages over 5 s updated every 5 s: poll until they cover the incident.
      const read = async () => ({
        busy: await agg('enrich', 'busyTimeMsPerSecond', 'min'),
        bp: await agg('source', 'backPressuredTimeMsPerSecond', 'min'),
      });
      let value = await read();
      for (const deadline = Date.now() + 30_000; !(value.busy > 900 && value.bp > 500) && Date.now() < deadline;) {
        await sleep(1_000);
        value = await read();
      }
      expect(value.busy).toBeGreaterThan(900);
      expect(value.bp).toBeGreaterThan(500);
    }

    await cancelJob(c.rest, jobId);
  });

  it('stops every process it started', async () => {
    const c = cluster!;
    await c.stop();
    cluster = undefined;
    for (const p of c.processes) expect(isAlive(p), `${p.role} (pid ${p.pid})`).toBe(false);
    expect(listClusters().map((s) => s.id)).not.toContain(c.id);
    await expect(restGet(c.rest, '/overview')).rejects.toThrow();
  });
});

// What each version profile changes on the wire: metric names, endpoints and fields.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedVersion } from '../../../electron/simulator';
import { FIXTURE_JOB_ID, MAP_ID, SOURCE_ID } from '../../fixtures/sim-fixture';
import { fixtureCluster, get, getJson } from './helpers';

const J = `/jobs/${FIXTURE_JOB_ID}`;
type Cluster = Awaited<ReturnType<typeof fixtureCluster>>;
const clusters = new Map<SimulatedVersion, Cluster>();
const at = (v: SimulatedVersion) => clusters.get(v)!;
const ids = async (v: SimulatedVersion, path: string) =>
  (await getJson<{ id: string }[]>(at(v), path)).map((m) => m.id);

beforeAll(async () => {
  for (const v of ['1.12', '1.14', '1.16', '1.18', '1.20', '2.1'] as const) {
    const c = await fixtureCluster({ flinkVersion: v });
    c.advance(15_000);
    clusters.set(v, c);
  }
});
afterAll(async () => {
  for (const c of clusters.values()) await c.close();
});

describe('version profiles', () => {
  it('reports the release in /config and /overview', async () => {
    expect((await getJson(at('1.20'), '/config'))['flink-version']).toBe('1.20.1');
    expect((await getJson(at('2.1'), '/config'))['flink-version']).toBe('2.1.0');
    expect((await getJson(at('1.12'), '/overview'))['flink-version']).toBe('1.12.7');
  });

  it('1.12: legacy buffers.* and Status.Network.*, isBackPressured, no time-per-second gauges', async () => {
    const task = await ids('1.12', `${J}/vertices/${MAP_ID}/subtasks/0/metrics`);
    expect(task).toContain('buffers.inPoolUsage');
    expect(task).toContain('Shuffle.Netty.Input.Buffers.inPoolUsage');
    expect(task).toContain('isBackPressured');
    expect(task).toContain('idleTimeMsPerSecond');
    expect(task).not.toContain('backPressuredTimeMsPerSecond');
    expect(task).not.toContain('busyTimeMsPerSecond');
    const tm = await ids('1.12', `/taskmanagers/${encodeURIComponent(at('1.12').model.taskManagers[0]!.id)}/metrics`);
    expect(tm).toContain('Status.Network.AvailableMemorySegments');
    expect(tm).toContain('Status.Shuffle.Netty.AvailableMemorySegments');
  });

  it('1.14: backpressured/busy gauges over 5 s, no accumulate* counters, no soft/hard split', async () => {
    const task = await ids('1.14', `${J}/vertices/${MAP_ID}/subtasks/0/metrics`);
    expect(task).toContain('backPressuredTimeMsPerSecond');
    expect(task.filter((id) => id.startsWith('accumulate'))).toEqual([]);
    expect(task).not.toContain('softBackPressuredTimeMsPerSecond');
    const v = await getJson<{ value: string }[]>(
      at('1.14'),
      `${J}/vertices/${MAP_ID}/subtasks/2/metrics?get=busyTimeMsPerSecond`,
    );
    expect(v[0]!.value).toBe('950.0'); // the fixture's 5 s share (the 60 s one is 700)
  });

  it('1.16: accumulate* counters, accumulated-*-time in job vertex metrics, /jobs/:jid/status', async () => {
    const task = await ids('1.16', `${J}/vertices/${MAP_ID}/subtasks/0/metrics`);
    expect(task).toEqual(
      expect.arrayContaining(['accumulateBusyTimeMs', 'accumulateIdleTimeMs', 'accumulateBackPressuredTimeMs']),
    );
    const details = await getJson(at('1.16'), J);
    const src = details.vertices.find((v: { id: string }) => v.id === SOURCE_ID);
    expect(src.metrics['accumulated-busy-time']).toBe('NaN');
    expect(src.metrics['accumulated-backpressured-time']).toBeGreaterThan(0);
    expect(src.metrics['read-records']).toBe(0);
    expect(await getJson(at('1.16'), `${J}/status`)).toEqual({ status: 'RUNNING' });
  });

  it('/jobs/:jid/status is 404 before 1.16', async () => {
    for (const v of ['1.12', '1.14'] as const) {
      const r = await get(at(v), `${J}/status`);
      expect(r.status).toBe(404);
      expect(r.json).toEqual({ errors: [`Not found: ${J}/status`] });
    }
  });

  it('1.18+ uses pekko in TaskManager paths, 1.16 akka', async () => {
    const path = async (v: SimulatedVersion) => (await getJson(at(v), '/taskmanagers')).taskmanagers[0].path as string;
    expect(await path('1.18')).toMatch(/^pekko\.tcp:\/\//);
    expect(await path('1.16')).toMatch(/^akka\.tcp:\/\//);
  });

  it('2.1: no buffers.* / Status.Network.*, no subtask host, endpoint instead', async () => {
    const task = await ids('2.1', `${J}/vertices/${MAP_ID}/subtasks/0/metrics`);
    expect(task.filter((id) => id.startsWith('buffers.'))).toEqual([]);
    const tm = await ids('2.1', `/taskmanagers/${encodeURIComponent(at('2.1').model.taskManagers[0]!.id)}/metrics`);
    expect(tm.filter((id) => id.startsWith('Status.Network.'))).toEqual([]);
    const sub21 = (await getJson(at('2.1'), `${J}/vertices/${MAP_ID}`)).subtasks[0];
    expect('host' in sub21).toBe(false);
    expect(sub21.endpoint).toMatch(/^10\.0\.0\.\d+:\d+$/);
    const sub120 = (await getJson(at('1.20'), `${J}/vertices/${MAP_ID}`)).subtasks[0];
    expect(sub120.host).toMatch(/^10\.0\.0\./);
    expect(sub120.endpoint).toBeDefined();
  });

  it('exceptions: legacy fields until 1.20; location until 1.20; endpoint from 1.19; only exceptionHistory on 2.1', async () => {
    const e118 = await getJson(at('1.18'), `${J}/exceptions`);
    expect(e118['root-exception']).toContain('IOException');
    expect(e118.exceptionHistory.entries[0].location).toBe('10.0.0.11:36000');
    expect('endpoint' in e118.exceptionHistory.entries[0]).toBe(false);
    const e120 = await getJson(at('1.20'), `${J}/exceptions`);
    expect(e120.exceptionHistory.entries[0]).toMatchObject({
      location: '10.0.0.11:36000',
      endpoint: '10.0.0.11:36000',
    });
    const e21 = await getJson(at('2.1'), `${J}/exceptions`);
    expect(Object.keys(e21)).toEqual(['exceptionHistory']);
    expect(e21.exceptionHistory.entries[0].endpoint).toBe('10.0.0.11:36000');
    expect('location' in e21.exceptionHistory.entries[0]).toBe(false);
    const e112 = await getJson(at('1.12'), `${J}/exceptions`);
    expect('exceptionHistory' in e112).toBe(false);
  });

  it('serves every path under /v1 as well', async () => {
    for (const path of ['/overview', `${J}/plan`, `${J}/vertices/${MAP_ID}/subtasks/metrics?get=numRecordsIn`]) {
      expect((await get(at('1.20'), `/v1${path}`)).text).toBe((await get(at('1.20'), path)).text);
    }
  });
});

describe('job overview', () => {
  it('counts tasks per subtask state with lower-case keys', async () => {
    const c = await fixtureCluster({ flinkVersion: '1.20' });
    try {
      c.fixture.jobs[0]!.vertices[1]!.subtasks[3]!.status = 'DEPLOYING';
      const tasks = (await getJson(c, '/jobs/overview')).jobs[0].tasks;
      expect(tasks).toMatchObject({ total: 8, running: 7, deploying: 1, finished: 0, initializing: 0 });
    } finally {
      await c.close();
    }
  });
});

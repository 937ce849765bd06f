// Metric endpoints behave like Flink's MetricStore handlers: string values, id lists without
// `get`, dropped unknown names, `<i>.` prefixes, sanitised and truncated operator names, and a
// deterministic but unsorted order.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_JOB_ID, LONG_SINK_OPERATOR, MAP_ID, SINK_ID, SOURCE_ID } from '../../fixtures/sim-fixture';
import { fixtureCluster, get, getJson } from './helpers';

type Metric = { id: string; value?: string };
const V = (vid: string) => `/jobs/${FIXTURE_JOB_ID}/vertices/${vid}`;

describe('metric endpoints (1.20)', () => {
  let c: Awaited<ReturnType<typeof fixtureCluster>>;
  beforeAll(async () => {
    c = await fixtureCluster({ flinkVersion: '1.20' });
    c.advance(20_000);
  });
  afterAll(() => c.close());

  it('lists available ids without values when `get` is absent', async () => {
    const list = await getJson<Metric[]>(c, `${V(MAP_ID)}/subtasks/1/metrics`);
    expect(list.length).toBeGreaterThan(20);
    expect(list.every((m) => Object.keys(m).join() === 'id')).toBe(true);
    expect(list.map((m) => m.id)).toContain('backPressuredTimeMsPerSecond');
  });

  it('returns every value as a string: NaN busy time for a legacy source, false, Long.MIN_VALUE', async () => {
    const src = await getJson<Metric[]>(
      c,
      `${V(SOURCE_ID)}/subtasks/0/metrics?get=busyTimeMsPerSecond,isBackPressured,idleTimeMsPerSecond`,
    );
    expect(Object.fromEntries(src.map((m) => [m.id, m.value]))).toEqual({
      busyTimeMsPerSecond: 'NaN',
      isBackPressured: 'true',
      idleTimeMsPerSecond: '800',
    });
    const map = await getJson<Metric[]>(c, `${V(MAP_ID)}/subtasks/0/metrics?get=isBackPressured,busyTimeMsPerSecond`);
    expect(Object.fromEntries(map.map((m) => [m.id, m.value]))).toEqual({
      isBackPressured: 'false',
      busyTimeMsPerSecond: '250.0',
    });
    const wm = await getJson<Metric[]>(c, `${V(SINK_ID)}/watermarks`);
    expect(wm.find((m) => m.id === '0.currentInputWatermark')?.value).toBe('-9223372036854775808');
    expect(typeof wm.find((m) => m.id === '1.currentInputWatermark')?.value).toBe('string');
  });

  it('drops unknown names silently and answers [] for unknown jobs, vertices and TaskManagers', async () => {
    const r = await getJson<Metric[]>(
      c,
      `${V(MAP_ID)}/subtasks/0/metrics?get=numRecordsIn,noSuchMetric,busyTimeMsPerSec`,
    );
    expect(r.map((m) => m.id)).toEqual(['numRecordsIn']);
    const unknown = 'ffffffffffffffffffffffffffffffff';
    for (const path of [
      `/jobs/${unknown}/metrics?get=numRestarts`,
      `/jobs/${FIXTURE_JOB_ID}/vertices/${unknown}/metrics`,
      `/jobs/${FIXTURE_JOB_ID}/vertices/${unknown}/subtasks/metrics?get=numRecordsIn`,
      `${V(MAP_ID)}/subtasks/99/metrics?get=numRecordsIn`,
      `/taskmanagers/no-such-tm/metrics?get=Status.JVM.CPU.Load`,
    ]) {
      const res = await get(c, path);
      expect([path, res.status, res.json]).toEqual([path, 200, []]);
    }
  });

  it('prefixes vertex-endpoint ids with the subtask index, and operator ids with the sanitised operator name', async () => {
    const ids = (await getJson<Metric[]>(c, `${V(SOURCE_ID)}/metrics`)).map((m) => m.id);
    expect(ids).toContain('0.numRecordsIn');
    expect(ids).toContain('1.Shuffle.Netty.Input.Buffers.inPoolUsage');
    // "Source: Legacy Socket Source": space and ':' become '_'.
    expect(ids).toContain('0.Source__Legacy_Socket_Source.numRecordsOut');
    const sub = (await getJson<Metric[]>(c, `${V(SOURCE_ID)}/subtasks/0/metrics`)).map((m) => m.id);
    expect(sub).toContain('Source__Legacy_Socket_Source.numRecordsOut');
    expect(sub.some((id) => /^\d+\./.test(id))).toBe(false);
  });

  it('cuts operator names at 80 characters but keeps the ": Writer" suffix', async () => {
    expect(LONG_SINK_OPERATOR.length).toBeGreaterThan(80);
    const ids = (await getJson<Metric[]>(c, `${V(SINK_ID)}/subtasks/0/metrics`)).map((m) => m.id);
    const writerIds = ids.filter((id) => id.endsWith('_Writer.numRecordsIn'));
    expect(writerIds).toHaveLength(1);
    const opPart = writerIds[0]!.slice(0, -'.numRecordsIn'.length);
    expect(opPart).toHaveLength(80);
    expect(opPart.startsWith('Sink__OrdersEnrichedToWarehouse')).toBe(true);
    expect(opPart.endsWith('__Writer')).toBe(true);
    expect(ids).toContain('Sink__Committer.numRecordsIn');
  });

  it('sanitises GC collector names in TaskManager metrics', async () => {
    const tm = c.model.taskManagers[0]!.id;
    const ids = (await getJson<Metric[]>(c, `/taskmanagers/${encodeURIComponent(tm)}/metrics`)).map((m) => m.id);
    expect(ids).toContain('Status.JVM.GarbageCollector.G1_Young_Generation.Count');
    expect(ids).toContain('Status.JVM.GarbageCollector.All.TimeMsPerSecond');
  });

  it('answers arrays in a stable order that is not sorted', async () => {
    const a = (await getJson<Metric[]>(c, `${V(MAP_ID)}/metrics`)).map((m) => m.id);
    const b = (await getJson<Metric[]>(c, `${V(MAP_ID)}/metrics`)).map((m) => m.id);
    expect(a).toEqual(b);
    expect(a).not.toEqual([...a].sort());
    const tms = (await getJson<{ taskmanagers: { id: string }[] }>(c, '/taskmanagers')).taskmanagers.map((t) => t.id);
    const jobsOverview = await getJson(c, '/jobs/overview');
    expect(tms).toHaveLength(2);
    expect(jobsOverview.jobs).toHaveLength(1);
  });

  it('aggregates over subtasks: min/max/avg/sum/skew, subtask ranges, agg selection', async () => {
    const agg = await getJson<Record<string, number | string>[]>(
      c,
      `${V(MAP_ID)}/subtasks/metrics?get=numRecordsInPerSecond`,
    );
    // Fixture rates per subtask: 600, 600, 200, 600.
    expect(agg).toEqual([{ id: 'numRecordsInPerSecond', min: 200, max: 600, avg: 500, sum: 2000, skew: 30 }]);
    const some = await getJson(c, `${V(MAP_ID)}/subtasks/metrics?get=numRecordsInPerSecond&subtasks=0,2-3&agg=min,sum`);
    expect(some).toEqual([{ id: 'numRecordsInPerSecond', min: 200, sum: 1400 }]);
  });

  it('drops a metric whose value is not a double ("false") and lets NaN through as "NaN"', async () => {
    const agg = await getJson<Record<string, unknown>[]>(
      c,
      `${V(SOURCE_ID)}/subtasks/metrics?get=isBackPressured,busyTimeMsPerSecond&agg=max,avg`,
    );
    expect(agg).toEqual([{ id: 'busyTimeMsPerSecond', max: 'NaN', avg: 'NaN' }]);
  });

  it('lists aggregated ids without the subtask prefix', async () => {
    const ids = (await getJson<Metric[]>(c, `${V(MAP_ID)}/subtasks/metrics`)).map((m) => m.id);
    expect(ids).toContain('backPressuredTimeMsPerSecond');
    expect(ids).toContain('Map.numRecordsOut');
    expect(ids.some((id) => /^\d+\./.test(id))).toBe(false);
  });

  it('aggregates TaskManager and job metrics over the selected components', async () => {
    const [a, b] = c.model.taskManagers;
    const all = await getJson(c, '/taskmanagers/metrics?get=Status.Shuffle.Netty.TotalMemorySegments&agg=sum,min');
    expect(all).toEqual([{ id: 'Status.Shuffle.Netty.TotalMemorySegments', min: 4096, sum: 8192 }]);
    const one = await getJson(
      c,
      `/taskmanagers/metrics?get=Status.Shuffle.Netty.AvailableMemorySegments&agg=max&taskmanagers=${encodeURIComponent(b!.id)}`,
    );
    expect(one).toEqual([{ id: 'Status.Shuffle.Netty.AvailableMemorySegments', max: b!.nettyAvailableSegments }]);
    expect(a!.nettyAvailableSegments).not.toBe(b!.nettyAvailableSegments);
    expect(await getJson(c, '/jobs/metrics?get=numRestarts&agg=sum')).toEqual([{ id: 'numRestarts', sum: 1 }]);
  });

  it('rejects a malformed subtasks range or an unknown aggregation with 400', async () => {
    expect((await get(c, `${V(MAP_ID)}/subtasks/metrics?get=numRecordsIn&subtasks=3-1`)).status).toBe(400);
    const bad = await get(c, `${V(MAP_ID)}/subtasks/metrics?get=numRecordsIn&agg=median`);
    expect(bad.status).toBe(400);
    expect((bad.json as { errors: string[] }).errors[0]).toContain('agg');
  });
});

describe('skew is 1.20+', () => {
  it('is neither returned nor accepted on 1.18', async () => {
    const c = await fixtureCluster({ flinkVersion: '1.18' });
    try {
      const agg = await getJson<Record<string, unknown>[]>(
        c,
        `${V(MAP_ID)}/subtasks/metrics?get=numRecordsInPerSecond`,
      );
      expect(Object.keys(agg[0]!).sort()).toEqual(['avg', 'id', 'max', 'min', 'sum']);
      expect((await get(c, `${V(MAP_ID)}/subtasks/metrics?get=numRecordsInPerSecond&agg=skew`)).status).toBe(400);
    } finally {
      await c.close();
    }
  });
});

describe('time accounting gauges', () => {
  it('are whole ms per second that add up: busy + idle + backpressured = 1000, backpressured = soft + hard', async () => {
    const c = await fixtureCluster({ flinkVersion: '1.20' });
    try {
      const names = [
        'busyTimeMsPerSecond',
        'idleTimeMsPerSecond',
        'backPressuredTimeMsPerSecond',
        'softBackPressuredTimeMsPerSecond',
        'hardBackPressuredTimeMsPerSecond',
      ];
      for (const sub of [0, 1, 2, 3]) {
        const m = Object.fromEntries(
          (await getJson<Metric[]>(c, `${V(MAP_ID)}/subtasks/${sub}/metrics?get=${names.join(',')}`)).map((x) => [
            x.id,
            Number(x.value),
          ]),
        );
        expect(m.busyTimeMsPerSecond! + m.idleTimeMsPerSecond! + m.backPressuredTimeMsPerSecond!).toBe(1000);
        expect(m.softBackPressuredTimeMsPerSecond! + m.hardBackPressuredTimeMsPerSecond!).toBe(
          m.backPressuredTimeMsPerSecond,
        );
        expect(Number.isInteger(m.busyTimeMsPerSecond)).toBe(true);
      }
    } finally {
      await c.close();
    }
  });
});

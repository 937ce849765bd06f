// Freshness and /backpressure: metrics come from a lazily refreshed snapshot (one fetch per
// metrics.fetcher.update-interval of model time), /backpressure reports that fetch time, and the
// level follows the version's gauge window (5 s up to 1.16, 60 s from 1.17).

import { describe, expect, it } from 'vitest';
import { FIXTURE_JOB_ID, FIXTURE_START, MAP_ID, SOURCE_ID } from '../../fixtures/sim-fixture';
import { fixtureCluster, getJson } from './helpers';

const V = (vid: string) => `/jobs/${FIXTURE_JOB_ID}/vertices/${vid}`;
const recordsIn = async (c: { url: string }) =>
  (await getJson<{ value: string }[]>(c, `${V(MAP_ID)}/subtasks/0/metrics?get=numRecordsIn`))[0]!.value;

describe('lazy metric fetcher', () => {
  it('answers repeats until fetchIntervalMs of model time has passed', async () => {
    const c = await fixtureCluster({ fetchIntervalMs: 10_000 });
    try {
      c.advance(1000);
      const first = await recordsIn(c);
      c.advance(9000);
      expect(await recordsIn(c)).toBe(first);
      expect(c.fetchCount()).toBe(1);
      c.advance(1000);
      const fresh = await recordsIn(c);
      expect(Number(fresh)).toBeGreaterThan(Number(first));
      expect(c.fetchCount()).toBe(2);
    } finally {
      await c.close();
    }
  });

  it('does not fetch without requests, and reports the last fetch as end-timestamp', async () => {
    const c = await fixtureCluster({ fetchIntervalMs: 5000 });
    try {
      c.advance(60_000);
      expect(c.fetchCount()).toBe(0);
      const bp1 = await getJson(c, `${V(MAP_ID)}/backpressure`);
      expect(bp1['end-timestamp']).toBe(FIXTURE_START + 60_000);
      c.advance(3000);
      const bp2 = await getJson(c, `${V(MAP_ID)}/backpressure`);
      expect(bp2['end-timestamp']).toBe(FIXTURE_START + 60_000);
      c.advance(2000);
      const bp3 = await getJson(c, `${V(MAP_ID)}/backpressure`);
      expect(bp3['end-timestamp']).toBe(FIXTURE_START + 65_000);
      expect(c.fetchCount()).toBe(2);
    } finally {
      await c.close();
    }
  });

  it('serves the interval in /jobmanager/config only when it was set', async () => {
    const custom = await fixtureCluster({ fetchIntervalMs: 2500 });
    const plain = await fixtureCluster();
    try {
      const entries = await getJson<{ key: string; value: string }[]>(custom, '/jobmanager/config');
      expect(entries).toContainEqual({ key: 'metrics.fetcher.update-interval', value: '2500' });
      const defaults = await getJson<{ key: string }[]>(plain, '/jobmanager/config');
      expect(defaults.map((e) => e.key)).not.toContain('metrics.fetcher.update-interval');
    } finally {
      await custom.close();
      await plain.close();
    }
  });
});

describe('/backpressure per version', () => {
  // Fixture source: backpressured 600 ms/s over the last 5 s, 200 ms/s over the last 60 s.
  it('1.16 reads 5 s gauges: the source is HIGH; both level keys are sent', async () => {
    const c = await fixtureCluster({ flinkVersion: '1.16' });
    try {
      const bp = await getJson(c, `${V(SOURCE_ID)}/backpressure`);
      expect(bp.status).toBe('ok');
      expect(bp['backpressure-level']).toBe('high');
      expect(bp.backpressureLevel).toBe('high');
      expect(bp.subtasks.map((s: { subtask: number }) => s.subtask)).toEqual([0, 1]);
      expect(bp.subtasks[0]).toMatchObject({
        ratio: 0.6,
        idleRatio: 0.4,
        busyRatio: 'NaN',
        'backpressure-level': 'high',
        backpressureLevel: 'high',
      });
    } finally {
      await c.close();
    }
  });

  it('1.18 reads 60 s gauges (FLINK-30090): the same source is LOW', async () => {
    const c = await fixtureCluster({ flinkVersion: '1.18' });
    try {
      const bp = await getJson(c, `${V(SOURCE_ID)}/backpressure`);
      expect(bp.backpressureLevel).toBe('low');
      expect(bp.subtasks[0].ratio).toBe(0.2);
    } finally {
      await c.close();
    }
  });

  it('1.14 sends only the dashed level key', async () => {
    const c = await fixtureCluster({ flinkVersion: '1.14' });
    try {
      const bp = await getJson(c, `${V(SOURCE_ID)}/backpressure`);
      expect(bp['backpressure-level']).toBe('high');
      expect('backpressureLevel' in bp).toBe(false);
      expect('backpressureLevel' in bp.subtasks[0]).toBe(false);
    } finally {
      await c.close();
    }
  });

  it('1.12 samples on demand: "deprecated" until the 5 s sample has run, then sampled ratios', async () => {
    const c = await fixtureCluster({ flinkVersion: '1.12' });
    try {
      c.advance(1000);
      expect(await getJson(c, `${V(SOURCE_ID)}/backpressure`)).toEqual({ status: 'deprecated' });
      c.advance(2000);
      expect(await getJson(c, `${V(SOURCE_ID)}/backpressure`)).toEqual({ status: 'deprecated' });
      c.advance(3000);
      const bp = await getJson(c, `${V(SOURCE_ID)}/backpressure`);
      expect(bp).toEqual({
        status: 'ok',
        'backpressure-level': 'high',
        'end-timestamp': FIXTURE_START + 1000 + 5000,
        subtasks: [
          { subtask: 0, 'backpressure-level': 'high', ratio: 0.6 },
          { subtask: 1, 'backpressure-level': 'high', ratio: 0.6 },
        ],
      });
    } finally {
      await c.close();
    }
  });

  it('says "deprecated" for a vertex without metrics (1.13+ reads the metric store)', async () => {
    const c = await fixtureCluster({ flinkVersion: '1.20' });
    try {
      const unknown = 'ffffffffffffffffffffffffffffffff';
      expect(await getJson(c, `${V(unknown)}/backpressure`)).toEqual({ status: 'deprecated' });
    } finally {
      await c.close();
    }
  });
});

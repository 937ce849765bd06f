// The flame graph and thread dump endpoints, per version profile: absent before 1.13, sampling on
// demand (the "waiting" placeholder, then the tree with its endTimestamp), `subtaskindex` from
// 1.17, the "disabled" placeholder without rest.flamegraph.enabled, and every answer valid
// against the spec Flink published for that version.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIMULATED_VERSIONS, startSimulatedCluster } from '../../../electron/simulator';
import { PROFILES } from '../../../electron/simulator/versions/profile';
import { fixtureCluster, get, getJson } from './helpers';
import { loadSpecValidator } from './spec-validator';

const FLAME = '/jobs/:jobid/vertices/:vertexid/flamegraph';
const DUMP = '/taskmanagers/:taskmanagerid/thread-dump';

interface Node {
  name: string;
  value: number;
  children: Node[];
}

const names = (n: Node): string[] => [n.name, ...n.children.flatMap(names)];

/** Declares a test only where it applies, so a version without the endpoints runs none (never skipped). */
const itWhere = (applies: boolean): typeof it | ((name: string, fn: () => Promise<void>) => void) =>
  applies ? it : () => {};

describe.each(SIMULATED_VERSIONS.map((v) => [v]))('Flink %s flame graphs and thread dumps', (version) => {
  let cluster: Awaited<ReturnType<typeof fixtureCluster>>;
  const has = PROFILES[version].flameGraph;
  beforeAll(async () => {
    cluster = await fixtureCluster({ flinkVersion: version });
    cluster.advance(20_000);
  });
  afterAll(() => cluster.close());

  const paths = () => {
    const job = cluster.model.jobs[0]!;
    const v = job.vertices[1]!;
    return { base: `/jobs/${job.jobId}/vertices/${v.id}/flamegraph`, v, tm: cluster.model.taskManagers[0]!.id };
  };

  itWhere(!has)('answers 404 before 1.13', async () => {
    const { base, tm } = paths();
    expect((await get(cluster, `${base}?type=FULL`)).status).toBe(404);
    expect((await get(cluster, `/taskmanagers/${tm}/thread-dump`)).status).toBe(404);
  });

  itWhere(has)('samples on demand, then answers the tree; every answer matches the spec', async () => {
    const spec = loadSpecValidator(version);
    const { base, tm } = paths();
    const first = await getJson(cluster, `${base}?type=ON_CPU`);
    expect(first).toEqual({ endTimestamp: -3 });
    cluster.advance(2_000);
    expect(await getJson(cluster, `${base}?type=OFF_CPU`)).toEqual({ endTimestamp: -3 });
    cluster.advance(4_000);
    for (const type of ['FULL', 'ON_CPU', 'OFF_CPU']) {
      const body = await getJson<{ endTimestamp: number; data: Node }>(cluster, `${base}?type=${type}`);
      expect(body.endTimestamp).toBeGreaterThan(0);
      expect(body.data.name).toBe('root');
      if (spec.has(FLAME)) expect(spec.validate(FLAME, body)).toEqual([]);
    }
    const full = await getJson<{ data: Node }>(cluster, `${base}?type=FULL`);
    const on = await getJson<{ data: Node }>(cluster, `${base}?type=ON_CPU`);
    const off = await getJson<{ data: Node }>(cluster, `${base}?type=OFF_CPU`);
    expect(on.data.value + off.data.value).toBe(full.data.value);
    expect(names(full.data)).toContain('org.apache.flink.runtime.taskmanager.Task.doRun:746');
    const dump = await getJson<{ threadInfos: { threadName: string; stringifiedThreadInfo: string }[] }>(
      cluster,
      `/taskmanagers/${tm}/thread-dump`,
    );
    if (spec.has(DUMP)) expect(spec.validate(DUMP, dump)).toEqual([]);
    expect(dump.threadInfos.some((t) => / \(\d+\/\d+\)#\d+$/.test(t.threadName))).toBe(true);
    expect(dump.threadInfos[0]!.stringifiedThreadInfo).toMatch(/^"[^"]+".* Id=\d+ [A-Z_]+\n/);
    expect((await get(cluster, `/taskmanagers/nope/thread-dump`)).status).toBe(404);
  });

  itWhere(has)('samples one subtask from 1.17 and ignores subtaskindex before', async () => {
    const { base, v } = paths();
    const url = `${base}?type=FULL&subtaskindex=0`;
    await getJson(cluster, url);
    cluster.advance(6_000);
    const one = await getJson<{ data?: Node }>(cluster, url);
    const all = await getJson<{ data: Node }>(cluster, `${base}?type=FULL`);
    if (PROFILES[version].flameGraphSubtask) {
      expect(one.data!.value).toBe(100);
      expect(all.data.value).toBe(100 * v.parallelism);
      expect((await get(cluster, `${base}?type=FULL&subtaskindex=99`)).status).toBe(400);
    } else expect(one.data!.value).toBe(all.data.value);
  });
});

describe('flame graphs turned off', () => {
  it('answers the "disabled" placeholder, and thread dumps still', async () => {
    const c = await startSimulatedCluster({
      scenario: 'incident',
      flinkVersion: '1.20',
      flameGraphs: { enabled: false },
    });
    try {
      c.advance(20_000);
      const job = c.model.jobs[0]!;
      const body = await getJson(c, `/jobs/${job.jobId}/vertices/${job.vertices[0]!.id}/flamegraph?type=FULL`);
      expect(body).toEqual({ endTimestamp: -2 });
      expect(
        (await getJson(c, `/taskmanagers/${c.model.taskManagers[0]!.id}/thread-dump`)).threadInfos.length,
      ).toBeGreaterThan(4);
    } finally {
      await c.close();
    }
  });
});

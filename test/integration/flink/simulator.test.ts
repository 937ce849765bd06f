// The client against the simulated Flink cluster (electron/simulator) impersonating several
// versions: every endpoint parses, names resolve per version, and per-subtask values arrive.

import { afterEach, describe, expect, it } from 'vitest';
import {
  combineTaskManagerValues,
  FlinkClient,
  resolveSubtaskMetrics,
  resolveTaskManagerMetrics,
  taskManagerRequestIds,
} from '../../../electron/flink';
import { SIMULATED_VERSIONS, startSimulatedCluster, type SimulatedCluster } from '../../../electron/simulator';
import { createSimulation } from '../../../electron/simulator/model/index';
import { epochMs } from '../../../shared/time';

let cluster: SimulatedCluster | null = null;
let client: FlinkClient | null = null;
afterEach(async () => {
  client?.close();
  await cluster?.close();
  cluster = null;
  client = null;
});

describe.each(SIMULATED_VERSIONS)('simulated Flink %s', (version) => {
  it('every endpoint parses and names resolve for this version', async () => {
    const start = epochMs(Date.UTC(2026, 0, 1));
    cluster = await startSimulatedCluster({
      scenario: 'healthy',
      flinkVersion: version,
      model: createSimulation({ scenario: 'healthy', seed: 7, startTime: start }),
    });
    cluster.advance(120_000);
    client = new FlinkClient({ url: cluster.url, retries: 0 });

    const caps = await client.detectVersion();
    expect(`${caps.version?.major}.${caps.version?.minor}`).toBe(version);
    expect((await client.getOverview()).taskManagers).toBeGreaterThan(0);
    const settings = await client.getJobManagerSettings();
    expect(settings.fetchIntervalMs).toBeGreaterThan(0);
    expect(settings.warnings).toEqual([]);
    const jmIds = await client.listJobManagerMetrics();
    expect((await client.getJobManagerMetrics(jmIds)).size).toBe(jmIds.length);

    const [job] = await client.getJobsOverview();
    expect(job).toBeDefined();
    const jid = job!.jobId;
    const details = await client.getJob(jid);
    expect(details.vertices.length).toBeGreaterThan(1);
    const plan = await client.getJobPlan(jid);
    expect(plan.edges.length).toBeGreaterThanOrEqual(details.vertices.length - 1);
    expect(details.topoOrder).toHaveLength(details.vertices.length);
    expect(await client.getJobStatus(jid)).toBe(details.state);
    const jobIds = await client.listJobMetrics(jid);
    expect(jobIds.length).toBeGreaterThan(0);
    await client.getJobMetrics(jid, jobIds);
    await client.getJobExceptions(jid);
    const cps = await client.getCheckpoints(jid);
    await client.getCheckpointConfig(jid);

    for (const v of details.vertices) {
      const vertex = await client.getVertex(jid, v.id);
      expect(vertex.taskManagerIds).toHaveLength(v.parallelism);
      expect(vertex.taskManagerIds.every((t) => t !== '')).toBe(true);
      const prefixed = await client.listVertexMetrics(jid, v.id);
      const plain = await client.listSubtasksMetrics(jid, v.id);
      const res = resolveSubtaskMetrics(plain);
      // The same answer from either list form.
      expect(resolveSubtaskMetrics(prefixed).ids).toEqual(res.ids);
      // Present exactly from the version that introduced them; never assumed.
      expect(res.ids.backPressuredTimeMsPerSecond !== undefined).toBe(caps.timeMsPerSecond);
      expect(res.ids.softBackPressuredTimeMsPerSecond !== undefined).toBe(caps.softHard);
      expect(res.ids.accumulateBusyTimeMs !== undefined).toBe(caps.accumulated);
      expect(res.ids.inPoolUsage).toBe('Shuffle.Netty.Input.Buffers.inPoolUsage');
      if (!caps.legacyNetworkMetrics) expect(plain.some((id) => id.startsWith('buffers.'))).toBe(false);
      else expect(plain).toContain('buffers.inPoolUsage');

      const ids = Object.values(res.ids);
      const values = await client.fetchVertexSubtaskValues(jid, v.id, ids, v.parallelism);
      const idle = values.get('idleTimeMsPerSecond')!;
      expect(idle).toHaveLength(v.parallelism);
      for (const x of idle) expect(x).toBeGreaterThanOrEqual(0);
      const agg = await client.getAggregatedSubtaskMetrics(jid, v.id, ['idleTimeMsPerSecond'], {
        agg: ['min', 'max', 'skew'],
      });
      expect(agg.get('idleTimeMsPerSecond')!.max).toBe(Math.max(...idle));
      if (!caps.skew) expect(agg.get('idleTimeMsPerSecond')!.skew).toBeNaN();

      let bp = await client.getBackpressure(jid, v.id);
      if (!caps.metricBackpressure) {
        // ≤1.12 samples on demand: the first call only starts sampling.
        expect(bp.status).toBe('deprecated');
        cluster.advance(10_000);
        bp = await client.getBackpressure(jid, v.id);
      }
      expect(bp.status).toBe('ok');
      expect(bp.level).not.toBeNull();
      expect(bp.subtasks).toHaveLength(v.parallelism);
      expect(bp.endTimestamp).not.toBeNull();
      const wms = await client.getWatermarks(jid, v.id);
      expect(wms).toHaveLength(v.parallelism);
    }

    const done = cps.history.find((h) => h.status === 'COMPLETED');
    expect(done).toBeDefined();
    const d = await client.getCheckpointDetails(jid, done!.id);
    expect(d.id).toBe(done!.id);
    expect(d.vertices.length).toBe(details.vertices.length);
    const sub = await client.getCheckpointSubtasks(jid, done!.id, d.vertices[0]!.vertexId);
    expect(sub.subtasks.length).toBeGreaterThan(0);
    expect(Number.isFinite(sub.maxAlignmentMs)).toBe(true);

    const tms = await client.getTaskManagers();
    expect(tms.length).toBeGreaterThan(0);
    for (const tm of tms) {
      const tmRes = resolveTaskManagerMetrics(await client.listTaskManagerMetrics(tm.id));
      expect(tmRes.missing).toEqual([]);
      expect(tmRes.gcCollectors.length).toBeGreaterThan(0);
      const tmValues = combineTaskManagerValues(
        tmRes,
        await client.getTaskManagerMetrics(tm.id, taskManagerRequestIds(tmRes)),
      );
      for (const [k, x] of Object.entries(tmValues)) expect(Number.isFinite(x), k).toBe(true);
    }
    expect(client.stats.failures).toBe(0);
  });
});

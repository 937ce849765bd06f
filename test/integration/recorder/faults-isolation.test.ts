// Two clusters in one session, one of them down: the healthy one keeps recording every tick, and
// a JobManager that hangs does not slow the healthy cluster's loop (each cluster has its own).
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Recorder } from '../../../electron/recorder/recorder';
import { SessionReader, SessionWriter } from '../../../electron/session/index';
import type { SimulatedCluster } from '../../../electron/simulator/index';
import { epochMs } from '../../../shared/time';
import { allTicks, FAST, FOREVER, startSim, steppedRecording, TempDir } from '../../fixtures/recorder/harness';

let tmp: TempDir;
const open: SimulatedCluster[] = [];
beforeEach(() => {
  tmp = new TempDir();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
  tmp.remove();
});

it('keeps recording the healthy cluster at every tick while the other is unreachable', async () => {
  const healthy = await startSim({ scenario: 'sustained-bottleneck' });
  const doomed = await startSim({ scenario: 'healthy' });
  open.push(healthy);
  const rec = steppedRecording({
    file: tmp.file('two.backflow'),
    targets: [{ url: healthy.url }, { url: doomed.url }],
    models: [healthy.model, doomed.model],
  });
  await rec.step();
  await rec.step();
  await doomed.close();
  for (let i = 0; i < 6; i++) await rec.step();
  const reader = rec.finish();

  const [a, b] = reader.clusters();
  const ticksA = reader.ticks(FOREVER, a!.id);
  const ticksB = reader.ticks(FOREVER, b!.id);
  expect(ticksA.map((t) => t.status)).toEqual(Array(8).fill('ok'));
  expect(ticksB.map((t) => t.status)).toEqual(['ok', 'ok', ...Array(6).fill('error')]);
  expect(ticksB.slice(2).every((t) => t.error?.includes(`cannot reach ${doomed.url}`))).toBe(true);
  // Both clusters share one timeline: the same tick timestamps.
  expect(ticksB.map((t) => t.ts)).toEqual(ticksA.map((t) => t.ts));
  // Every tick of the healthy cluster has a frame of every one of its vertices.
  for (const v of reader.vertices().filter((x) => x.clusterId === a!.id)) {
    expect(reader.vertexFrames(v.clusterId, v.jobId, v.vertexId, FOREVER)).toHaveLength(8);
  }
  expect(reader.info().clusters.map((c) => c.errors)).toEqual([0, 6]);
  reader.close();
});

it('a hanging JobManager does not slow down the other cluster’s ticks', async () => {
  const healthy = await startSim({ scenario: 'healthy' });
  const hanging = await startSim({ scenario: 'healthy' });
  open.push(healthy, hanging);
  // Every request to the hanging cluster waits for the full deadline.
  hanging.injectFault({ kind: 'delay', ms: 5_000 });
  const file = tmp.file('hang.backflow');
  const writer = SessionWriter.create(file, { appVersion: 'fault-test' });
  // Long against a tick of the healthy cluster even on a loaded 2-core machine (≈10–300 ms).
  const HANG_TIMEOUT_MS = 3_000;
  const INTERVAL_MS = 50;
  const recorder = new Recorder({
    writer,
    targets: [
      { connection: { url: healthy.url, ...FAST }, jobs: [] },
      { connection: { url: hanging.url, ...FAST, timeoutMs: HANG_TIMEOUT_MS }, jobs: [] },
    ],
    intervalMs: INTERVAL_MS,
    detail: 'none',
  });
  const start = Date.now();
  // The hanging cluster fails about twice; the healthy one should tick dozens of times.
  const status = await recorder.run(epochMs(start + HANG_TIMEOUT_MS + 100));
  recorder.close();
  writer.close();

  const [healthyStatus, hangingStatus] = status.clusters;
  // Every tick of the hanging cluster ends by its deadline (80 % of the interval, at least 1 s; while it
  // has not connected, one interval more), not after the 3 s connection timeout: it keeps a cadence of its own.
  expect(hangingStatus!.lastError).toMatch(/no answer by the tick's deadline|not asked/);
  const reader = SessionReader.open(file);
  const ticks = allTicks(reader);
  const hangingTicks = ticks.filter((t) => t.clusterId === hangingStatus!.clusterId);
  expect(hangingTicks.length).toBeGreaterThanOrEqual(2);
  for (const t of hangingTicks) expect(t.latencyMs).toBeLessThan(1_050 + 500);
  expect(hangingTicks.every((t) => t.status === 'error')).toBe(true);
  // The healthy loop never waited for the hanging one: dozens of 50 ms ticks, all complete.
  expect(healthyStatus!.ticks).toBeGreaterThanOrEqual(20);
  expect(ticks.filter((t) => t.clusterId === healthyStatus!.clusterId && t.status === 'ok')).toHaveLength(
    healthyStatus!.ticks,
  );
  reader.close();
});

// The JobManager goes away mid-session (process killed) and comes back on the same port: the
// polls in between are recorded as error ticks saying the cluster is unreachable, recording
// resumes on its own, and nothing recorded before the outage is lost.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { SessionReader } from '../../../electron/session/index';
import { createSimulation } from '../../../electron/simulator/model/index';
import type { SimulatedCluster } from '../../../electron/simulator/index';
import { allTicks, FOREVER, startSim, steppedRecording, T0, TempDir, tsAt } from '../../fixtures/recorder/harness';

let tmp: TempDir;
const open: SimulatedCluster[] = [];
beforeEach(() => {
  tmp = new TempDir();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
  tmp.remove();
});

it('records an outage as a gap of error ticks and resumes when the JobManager restarts on the same port', async () => {
  const model = createSimulation({ scenario: 'sustained-bottleneck', seed: 7, startTime: T0 });
  const first = await startSim({ model });
  // Flink's default-like retries: the first retry after the kill meets a refused connection.
  const rec = steppedRecording({
    file: tmp.file('restart.backflow'),
    targets: [{ url: first.url, connection: { retries: 2 } }],
    models: [model],
  });
  for (let i = 0; i < 4; i++) await rec.step();
  // A reader following the live file (as the UI does) sees what was committed before the outage.
  const live = SessionReader.open(rec.file);
  const beforeOutage = snapshot(live);
  live.close();
  expect(beforeOutage.ticks).toHaveLength(4);

  await first.close();
  for (let i = 0; i < 3; i++) await rec.step();

  const again = await startSim({ model, port: first.port });
  open.push(again);
  for (let i = 0; i < 3; i++) await rec.step();
  const reader = rec.finish();

  const ticks = allTicks(reader);
  expect(ticks.map((t) => t.ts)).toEqual(Array.from({ length: 10 }, (_, i) => tsAt(i)));
  expect(ticks.map((t) => t.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'error', 'error', 'error', 'ok', 'ok', 'ok']);
  for (const t of ticks.slice(4, 7)) {
    expect(t.error).toContain(`cannot reach ${first.url}`);
    expect(t.error).toContain('ECONNREFUSED');
    expect(t.fresh).toBe(false);
  }
  // The outage is reported as a gap of failed polls, not silently interpolated over.
  const gaps = reader.info().gaps;
  expect(gaps).toEqual([expect.objectContaining({ reason: 'error', from: tsAt(4), to: tsAt(6) })]);

  // Frames from before the outage and after the restart are both there; none during it.
  const vertices = reader.vertices();
  expect(vertices.length).toBe(model.jobs[0]!.vertices.length);
  for (const v of vertices) {
    const frameTs = reader.vertexFrames(v.clusterId, v.jobId, v.vertexId, FOREVER).map((f) => f.ts);
    expect(frameTs.some((ts) => ts < tsAt(4))).toBe(true);
    expect(frameTs.some((ts) => ts > tsAt(6))).toBe(true);
    expect(frameTs.filter((ts) => ts >= tsAt(4) && ts <= tsAt(6))).toEqual([]);
  }
  // Nothing recorded before the outage changed or went missing.
  expect(snapshot(reader, tsAt(3))).toEqual(beforeOutage);
  reader.close();
});

function snapshot(r: SessionReader, to = FOREVER.to) {
  const range = { from: FOREVER.from, to };
  return {
    ticks: r.ticks(range),
    frames: r.vertices().map((v) =>
      r.vertexFrames(v.clusterId, v.jobId, v.vertexId, range).map((f) => ({
        ...f,
        subtasks: Object.fromEntries(Object.entries(f.subtasks).map(([k, a]) => [k, Array.from(a!)])),
      })),
    ),
    aggregates: r.vertexAggregates(range),
    // Checkpoints are upserted (an in-progress one completes later): compare which ones exist.
    checkpoints: r.checkpoints(range).map((c) => c.id),
  };
}

// The recorder against the simulated cluster over real HTTP, stepped without sleeping: the
// simulator's clock is manual and drives the recorder's clock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Recorder } from '../../../electron/recorder/recorder';
import { SessionReader, SessionWriter } from '../../../electron/session/index';
import { createSimulation } from '../../../electron/simulator/model/index';
import { startSimulatedCluster, type SimulatedCluster } from '../../../electron/simulator/index';
import type { SimulatedVersion } from '../../../electron/simulator/index';
import { epochMs } from '../../../shared/time';

const T0 = epochMs(Date.UTC(2026, 10, 26, 9, 0, 0));
let dir: string;
const clusters: SimulatedCluster[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'backflow-rec-'));
});
afterEach(async () => {
  await Promise.all(clusters.splice(0).map((c) => c.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function simulate(scenario: string, flinkVersion: SimulatedVersion): Promise<SimulatedCluster> {
  const model = createSimulation({ scenario, seed: 7, startTime: T0 });
  const c = await startSimulatedCluster({ scenario, flinkVersion, clock: 'manual', model });
  clusters.push(c);
  return c;
}

/** Records `ticks` polls 10 s apart (simulated time) and returns the reader. */
async function record(cluster: SimulatedCluster[], ticks: number, detail: 'all' | 'hot' | 'none' = 'hot') {
  const file = path.join(dir, 's.backflow');
  const writer = SessionWriter.create(file, { appVersion: 'test' });
  const clock = () => cluster[0]!.now();
  const recorder = new Recorder({
    writer,
    targets: cluster.map((c) => ({ connection: { url: c.url, retries: 0, timeoutMs: 2000 }, jobs: [] })),
    intervalMs: 10_000,
    detail,
    clock,
  });
  for (let i = 0; i < ticks; i++) {
    await recorder.pollOnce();
    for (const c of cluster) c.advance(10_000);
  }
  recorder.close();
  writer.close();
  return { reader: SessionReader.open(file), recorder };
}

describe('recorder', () => {
  it.each(['1.12', '1.14', '1.16', '1.18', '1.20', '2.1'] as SimulatedVersion[])(
    'records every vertex of a %s cluster',
    async (version) => {
      const c = await simulate('sustained-bottleneck', version);
      const { reader } = await record([c], 6);
      const [cluster] = reader.clusters();
      expect(cluster?.flinkVersion).toMatch(new RegExp(`^${version.replace('.', '\\.')}`));
      expect(cluster?.fetchIntervalMs).toBe(10_000);
      const ticks = reader.ticks({ from: epochMs(0), to: epochMs(T0 + 3_600_000) });
      expect(ticks).toHaveLength(6);
      expect(ticks.every((t) => t.status === 'ok')).toBe(true);
      const vertices = reader.vertices();
      expect(vertices.length).toBe(c.model.jobs[0]!.vertices.length);
      const frames = reader.stateAt(epochMs(T0 + 3_600_000));
      expect(frames.map((f) => f.vertexId).sort()).toEqual(vertices.map((v) => v.vertexId).sort());
      reader.close();
    },
  );

  it('marks polls the JobManager had not refreshed instead of storing them again', async () => {
    const c = await simulate('healthy', '1.20');
    const file = path.join(dir, 'r.backflow');
    const writer = SessionWriter.create(file, { appVersion: 'test' });
    const recorder = new Recorder({
      writer,
      targets: [{ connection: { url: c.url }, jobs: [] }],
      intervalMs: 5_000,
      detail: 'none',
      clock: () => c.now(),
    });
    const notices: string[] = [];
    for (let i = 0; i < 4; i++) {
      await recorder.pollOnce();
      c.advance(5_000);
    }
    recorder.close();
    writer.close();
    const reader = SessionReader.open(file);
    const ticks = reader.ticks({ from: epochMs(0), to: epochMs(T0 + 3_600_000) });
    expect(ticks.map((t) => t.fresh)).toEqual([true, false, true, false]);
    expect(notices).toEqual([]);
    reader.close();
  });

  it('run() ticks at the interval on the recorder clock until the end time', async () => {
    const c = await simulate('healthy', '1.20');
    const file = path.join(dir, 'run.backflow');
    const writer = SessionWriter.create(file, { appVersion: 'test' });
    const start = c.now();
    const recorder = new Recorder({
      writer,
      targets: [{ connection: { url: c.url }, jobs: [] }],
      intervalMs: 10_000,
      detail: 'none',
      clock: () => c.now(),
      // Sleeping moves simulated time, so a minute of recording takes no wall time.
      sleep: async (ms) => c.advance(ms),
    });
    const status = await recorder.run(epochMs(start + 60_000));
    writer.close();
    expect(status.ticks).toBe(7);
    const reader = SessionReader.open(file);
    const ticks = reader.ticks({ from: start, to: epochMs(start + 60_000) });
    expect(ticks.map((t) => t.ts - start)).toEqual([0, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000]);
    reader.close();
  });

  it('re-polls shortly after a repeated answer instead of losing the interval to aliasing', async () => {
    const c = await simulate('healthy', '1.20');
    let late = 0;
    const file = path.join(dir, 'alias.backflow');
    const writer = SessionWriter.create(file, { appVersion: 'test' });
    const start = c.now();
    const recorder = new Recorder({
      writer,
      targets: [{ connection: { url: c.url }, jobs: [] }],
      intervalMs: 10_000,
      detail: 'none',
      clock: () => c.now(),
      // Waits that end 200 ms late every other time: a poll right after a late one comes just
      // before the JobManager's next metric refresh is due, so a plain 10 s rhythm would get
      // every other answer twice.
      sleep: async (ms) => c.advance(ms + (late++ % 2 === 0 ? 200 : 0)),
    });
    await recorder.run(epochMs(start + 120_000));
    writer.close();
    const reader = SessionReader.open(file);
    const ticks = reader.ticks({ from: start, to: epochMs(start + 130_000) });
    const refreshes = new Set(ticks.filter((t) => t.fresh).map((t) => t.serverTs));
    // One new JobManager refresh per 10 s of the 2 minutes, not one per 20 s.
    expect(refreshes.size).toBeGreaterThanOrEqual(11);
    reader.close();
  });
});

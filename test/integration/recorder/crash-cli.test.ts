// `kill -9` of a real `backflow record` process in the middle of a recording: the session file
// opens cleanly afterwards, passes SQLite's integrity check, and every tick a reader saw committed
// before the kill is still there with its frames.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SessionReader } from '../../../electron/session/index';
import { startSimulatedCluster, type SimulatedCluster } from '../../../electron/simulator/index';
import { buildCli, startCli, type BuiltCli } from '../../fixtures/recorder/cli';
import { FOREVER, TempDir } from '../../fixtures/recorder/harness';

let cli: BuiltCli;
let tmp: TempDir;
let sim: SimulatedCluster;
beforeAll(async () => {
  [cli, sim] = await Promise.all([
    buildCli(),
    // Real time, metrics refreshed every second, so every 1 s poll stores new frames.
    startSimulatedCluster({ scenario: 'sustained-bottleneck', clock: 'realtime', speed: 1, fetchIntervalMs: 1000 }),
  ]);
  tmp = new TempDir();
});
afterAll(async () => {
  await sim.close();
  cli.remove();
  tmp.remove();
});

/** Ticks a separate reader sees in the live file (0 until the file and its first tick exist). */
function committedTicks(file: string): number {
  try {
    const r = SessionReader.open(file);
    try {
      return r.ticks(FOREVER).length;
    } finally {
      r.close();
    }
  } catch {
    return 0;
  }
}

it('leaves a clean, complete file when the recorder process is killed with SIGKILL', async () => {
  const file = path.join(tmp.path, 'killed.backflow');
  const run = startCli(cli, ['record', sim.url, '--out', file, '--interval', '1s', '--detail', 'all'], tmp.path);
  const { child, done } = run;
  let seen = 0;
  const deadline = Date.now() + 20_000;
  // Readers start once the CLI says it is recording: a reader that opens the file while
  // SessionWriter.create is still running refuses it and removes the -wal/-shm the writer has
  // just created (openChecked's sidecar cleanup), after which no reader ever sees a tick.
  while (!run.stderr().includes('recording 1 cluster(s) into') && Date.now() < deadline && child.exitCode === null) {
    await new Promise((r) => setTimeout(r, 50));
  }
  while (seen < 3 && Date.now() < deadline && child.exitCode === null) {
    await new Promise((r) => setTimeout(r, 150));
    seen = committedTicks(file);
  }
  expect(child.exitCode).toBeNull();
  expect(seen).toBeGreaterThanOrEqual(3);
  child.kill('SIGKILL');
  const result = await done;
  expect(result.signal).toBe('SIGKILL');

  const db = new Database(file, { readonly: true });
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  db.close();
  const reader = SessionReader.open(file);
  const ticks = reader.ticks(FOREVER);
  // At most the tick in flight is lost; everything seen committed is there.
  expect(ticks.length).toBeGreaterThanOrEqual(seen);
  expect(ticks.every((t) => t.status === 'ok')).toBe(true);
  const vertices = reader.vertices();
  expect(vertices.length).toBe(sim.model.jobs[0]!.vertices.length);
  const freshTicks = ticks.filter((t) => t.fresh).length;
  expect(freshTicks).toBeGreaterThanOrEqual(2);
  for (const v of vertices) {
    const frames = reader.vertexFrames(v.clusterId, v.jobId, v.vertexId, FOREVER);
    expect(frames).toHaveLength(freshTicks);
    // Detail 'all': every frame decodes with per-subtask counters for every subtask.
    for (const f of frames) expect(f.subtasks.numRecordsIn?.length).toBe(v.parallelism);
  }
  reader.close();
});

// A JobManager's metric fetch is asynchronous: the request that starts it is stamped with the new fetch
// time at once, the TaskManagers' values land a moment later. Polling at the fetch interval, the
// recorder's first request of each tick is that trigger; seen on real Flink 1.17 at 10 s, one tick read
// a vertex's summed counters from the old fetch and its per-subtask counters from the new one. The
// simulator plays the delay (fetchLatencyMs) on a real-time clock; every frame must then hold one fetch.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { settleMs } from '../../../electron/recorder/fetch-settle';
import { Recorder } from '../../../electron/recorder/recorder';
import { readAnalysisInput } from '../../../electron/session/analysis-input';
import { SessionReader, SessionWriter } from '../../../electron/session/index';
import { startSimulatedCluster, type SimulatedCluster } from '../../../electron/simulator/index';
import { TIME_COUNTERS } from '../../../shared/model';
import { epochMs } from '../../../shared/time';

let dir: string;
let cluster: SimulatedCluster | undefined;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'backflow-fetch-race-'));
});
afterEach(async () => {
  await cluster?.close();
  rmSync(dir, { recursive: true, force: true });
});

const INTERVAL_MS = 2_000;
// Lands within the simulator's 100 ms clock step plus this, inside the recorder's wait.
const LATENCY_MS = 40;

it('reads each tick from the fetch its time stamps, not half from the one before', async () => {
  expect(settleMs(INTERVAL_MS)).toBeGreaterThan(100 + LATENCY_MS);
  cluster = await startSimulatedCluster({
    scenario: 'sustained-bottleneck',
    flinkVersion: '1.18',
    clock: 'realtime',
    fetchIntervalMs: INTERVAL_MS,
    fetchLatencyMs: LATENCY_MS,
  });
  const file = path.join(dir, 'race.backflow');
  const writer = SessionWriter.create(file, { appVersion: 'test' });
  const recorder = new Recorder({
    writer,
    targets: [{ connection: { url: cluster.url }, jobs: [] }],
    intervalMs: INTERVAL_MS,
    detail: 'all',
  });
  await recorder.run(epochMs(Date.now() + 8 * INTERVAL_MS));
  recorder.close();
  writer.close();

  const reader = SessionReader.open(file);
  const input = readAnalysisInput(reader);
  reader.close();
  let compared = 0;
  const mixed: string[] = [];
  for (const f of input.frames) {
    for (const c of TIME_COUNTERS) {
      const total = f.totals?.[c];
      const each = f.subtasks[c];
      if (!total || !each || total.subtasks !== f.parallelism) continue;
      const sum = each.reduce((a, b) => a + b, 0);
      compared++;
      if (sum !== total.sum) mixed.push(`${f.vertexId} ${c} at ${f.ts}: summed ${total.sum}, subtasks ${sum}`);
    }
  }
  expect(compared, 'frames with both summed and per-subtask counters').toBeGreaterThan(20);
  expect(mixed).toEqual([]);
  // And no tick stamped with a new fetch holds the old fetch's values (time counters always move):
  // read as a repeat, such a tick measured an interval of nothing — a false "no backpressure".
  const stood: string[] = [];
  const last = new Map<string, number>();
  for (const f of input.frames.slice().sort((a, b) => a.ts - b.ts)) {
    const elapsed = TIME_COUNTERS.reduce((n, c) => n + (f.totals?.[c]?.sum ?? 0), 0);
    const before = last.get(f.vertexId);
    if (before !== undefined && elapsed <= before) stood.push(`${f.vertexId} at ${f.ts}`);
    last.set(f.vertexId, elapsed);
  }
  expect(last.size).toBeGreaterThan(2);
  expect(stood).toEqual([]);
}, 60_000);

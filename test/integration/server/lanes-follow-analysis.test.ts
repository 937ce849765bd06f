// The overview lanes show the analysis' levels once it has run: a 10 s burst measured by the
// differenced counters stays a 10 s burst, even where Flink's 60 s gauge smears it over a minute.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createService } from '../../../electron/service/service';
import { SessionReader, SessionWriter } from '../../../electron/session/index';
import { durationMs, epochMs } from '../../../shared/time';

const T0 = 1_800_000_000_000;
const STEP = 10_000;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'backflow-lanes-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function session(): string {
  const file = path.join(dir, 'burst.backflow');
  const w = SessionWriter.create(file, { appVersion: 'test' });
  const clusterId = w.addCluster({
    url: 'http://jm:8081',
    flinkVersion: '1.20.1',
    fetchIntervalMs: STEP,
    pollIntervalMs: STEP,
  });
  w.upsertJob({ clusterId, jobId: 'j', name: 'job' }, epochMs(T0));
  w.upsertVertices(epochMs(T0), [
    { clusterId, jobId: 'j', vertexId: 'v', name: 'Source', parallelism: 2, maxParallelism: null, topoIndex: 0 },
  ]);
  let bp = 0;
  for (let k = 0; k < 12; k++) {
    const ts = T0 + k * STEP;
    // Tick 5 covers a burst: 9 of its 10 s backpressured (exact, from the counter) ...
    bp += k === 5 ? 9_000 : 0;
    // ... which the 60 s gauge shows as ~150 ms/s (LOW) for the next six ticks.
    const gauge = k >= 5 && k <= 10 ? 150 : 0;
    w.writeTick({
      tick: {
        clusterId,
        ts: epochMs(ts),
        status: 'ok',
        latencyMs: durationMs(5),
        serverTs: epochMs(ts),
        fresh: true,
        requests: 3,
        error: null,
      },
      vertexFrames: [
        {
          clusterId,
          jobId: 'j',
          vertexId: 'v',
          ts: epochMs(ts),
          parallelism: 2,
          subtasks: {
            accumulateBackPressuredTimeMs: Float64Array.of(bp, bp),
            accumulateBusyTimeMs: Float64Array.of(k * STEP - bp, k * STEP - bp),
            accumulateIdleTimeMs: Float64Array.of(0, 0),
            backPressuredTimeMsPerSecond: Float64Array.of(gauge, gauge),
          },
          ...(k === 0 ? { taskManagers: ['tm-1', 'tm-1'] } : {}),
        },
      ],
    });
  }
  w.close();
  return file;
}

it('draws Flink’s gauge level until the analysis ran, then the analysis’ exact levels', async () => {
  const reader = SessionReader.open(session());
  const service = createService(reader);
  const window = { from: T0 + 5, to: T0 + 11 * STEP, buckets: 11 };
  const before = (await service.overview(window)).lanes[0]!.levels;
  // Gauge: LOW from the burst's tick through the following minute.
  expect(before.filter((l) => l === 1).length).toBeGreaterThanOrEqual(5);

  const analysis = await service.analysis({});
  expect(analysis.episodes.map((e) => [e.start - T0, e.end - T0, e.peak])).toEqual([[4 * STEP, 5 * STEP, 'HIGH']]);
  const after = (await service.overview(window)).lanes[0]!.levels;
  // Exact: HIGH where the burst was, OK before and after it.
  expect(after.filter((l) => l === 2).length).toBeGreaterThanOrEqual(1);
  expect(after.filter((l) => l === 1)).toEqual([]);
  expect(after.filter((l) => l !== null && l > 0).length).toBeLessThanOrEqual(2);
  service.close();
  reader.close();
});

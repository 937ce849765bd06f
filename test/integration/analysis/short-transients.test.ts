// Issue 10, seen on a cluster answering like Flink 1.18 with a 1 s metric fetch interval: a
// 4–5 s burst of backpressure on every subtask of two vertices, during one checkpoint's alignment,
// produced no episode with the default `--detail hot`, because from 1.17 the gauges and
// `/backpressure` average 60 s (≈ 40 ms/s for the burst) and "hot" was decided from them. The
// summed exact counters now reach the analysis for every vertex every tick.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Recorder } from '../../../electron/recorder/recorder';
import type { DetailLevel } from '../../../electron/recorder/job-poller';
import { readAnalysisInput } from '../../../electron/session/analysis-input';
import { SessionReader, SessionWriter } from '../../../electron/session/index';
import { startSimulatedCluster, type SimulatedVersion } from '../../../electron/simulator/index';
import { Simulation } from '../../../electron/simulator/model/simulation';
import { ordersCluster, ordersJob, WINDOW } from '../../../electron/simulator/scenarios/pipeline';
import { alignmentEpisodes } from '../../../electron/simulator/scenarios/transient';
import { TruthBuilder } from '../../../electron/simulator/scenarios/truth';
import { analyzeSession } from '../../../shared/analysis/index';
import { epochMs } from '../../../shared/time';

const T0 = epochMs(Date.UTC(2026, 11, 5, 9, 0, 0));
const STEP = 1_000;
const DURATION = 150_000;
const dir = mkdtempSync(path.join(tmpdir(), 'backflow-short-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Two checkpoints (at 60 s and 90 s) whose barriers wait 4 s at the window: two short bursts. */
function shortBursts(seed: number): Simulation {
  const job = ordersJob({
    alignments: [{ vertex: WINDOW, fromMs: 55_000, toMs: 95_000, minMs: 4_000, maxMs: 4_000 }],
    checkpointFailureRate: 0,
  });
  const spec = ordersCluster('short-bursts', job);
  const t = new TruthBuilder(spec, seed);
  alignmentEpisodes(t, DURATION);
  return new Simulation('short-bursts', seed, T0, spec, t.build('two 4 s alignments', DURATION));
}

async function record(version: SimulatedVersion, detail: DetailLevel) {
  const model = shortBursts(3);
  const cluster = await startSimulatedCluster({
    scenario: 'short-bursts',
    flinkVersion: version,
    clock: 'manual',
    model,
    fetchIntervalMs: STEP,
  });
  const file = path.join(dir, `${version}-${detail}.backflow`);
  const writer = SessionWriter.create(file, { appVersion: 'test' });
  const recorder = new Recorder({
    writer,
    targets: [{ connection: { url: cluster.url, retries: 0 }, jobs: [] }],
    intervalMs: STEP,
    detail,
    clock: () => cluster.now(),
  });
  const requests: number[] = [];
  try {
    for (let i = 0; i < DURATION / STEP; i++) {
      const before = cluster.requestCount();
      await recorder.pollOnce();
      requests.push(cluster.requestCount() - before);
      cluster.advance(STEP);
    }
  } finally {
    recorder.close();
    writer.close();
    await cluster.close();
  }
  const reader = SessionReader.open(file);
  const input = readAnalysisInput(reader);
  reader.close();
  return { doc: analyzeSession(input), truth: model.groundTruth, requests };
}

describe('short transients on 1.17+ at a 1 s fetch interval', () => {
  it.each([
    ['1.18', 'hot'],
    ['1.20', 'none'],
    ['2.1', 'hot'],
  ] as const)('Flink %s, --detail %s: every 4 s burst is an exact transient episode', async (version, detail) => {
    const { doc, truth } = await record(version, detail);
    expect(truth.episodes.length).toBe(4);
    for (const t of truth.episodes) {
      const a = T0 + t.startOffsetMs;
      const b = T0 + t.endOffsetMs;
      const found = doc.episodes.filter(
        (e) => e.vertexId === t.vertexId && e.start <= b + 2 * STEP && e.end >= a - 2 * STEP,
      );
      expect(found, `${t.vertexName} ${t.startOffsetMs / 1000}–${t.endOffsetMs / 1000} s`).toHaveLength(1);
      const e = found[0]!;
      expect(e.class).toBe('transient');
      // Exact, not smeared over the 60 s gauge window: within two samples of the designed span.
      expect(Math.abs(e.start - a)).toBeLessThanOrEqual(2 * STEP);
      expect(Math.abs(e.end - b)).toBeLessThanOrEqual(3 * STEP);
      expect(['accumulated', 'accumulated-sum']).toContain(e.ratioSource);
      expect(e.bottleneck?.vertexId).toBe(t.bottleneckVertexId);
    }
    expect(doc.episodes.filter((e) => e.class === 'sustained')).toEqual([]);
  });
});

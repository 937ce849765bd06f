// Stored frame samples (format 6): the analysis reads one row per frame instead of decoding every
// subtask, and must say exactly what it says from the decoded frames. Sessions recorded over real
// HTTP from the simulator (errors, stale fetches, restarts, summed counters and every ratio source
// across versions) are analysed both ways; the documents and every level series must be equal,
// and the analysis must have decoded only a part of the frames.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { Recorder } from '../../../electron/recorder/recorder';
import { readAnalysisInput } from '../../../electron/session/analysis-input';
import { SessionReader, SessionWriter } from '../../../electron/session/index';
import { startSimulatedCluster, type SimulatedVersion } from '../../../electron/simulator/index';
import { createSimulation } from '../../../electron/simulator/model/index';
import { analyzeSession, indexInput, vertexLevelSeries } from '../../../shared/analysis/index';
import type { AnalysisInput } from '../../../shared/analysis/input';
import { epochMs } from '../../../shared/time';
import { quirky } from './quirky';

const T0 = epochMs(Date.UTC(2026, 10, 26, 8, 0, 0));
const INTERVAL = 10_000;
const dir = mkdtempSync(path.join(tmpdir(), 'backflow-samples-'));
afterAll(() => (process.env.KEEP ? undefined : rmSync(dir, { recursive: true, force: true })));
if (process.env.KEEP) console.log('DIR', dir);

async function record(file: string, scenario: string, version: SimulatedVersion): Promise<void> {
  const model = createSimulation({ scenario, seed: 3, startTime: T0 });
  const cluster = await startSimulatedCluster({ scenario, flinkVersion: version, clock: 'manual', model });
  const writer = SessionWriter.create(file, { appVersion: 'test' });
  const recorder = new Recorder({
    writer,
    targets: [{ connection: { url: cluster.url, retries: 0 }, jobs: [] }],
    intervalMs: INTERVAL,
    detail: 'hot',
    clock: () => cluster.now(),
  });
  const ticks = Math.ceil((model.groundTruth.durationMs + 120_000) / INTERVAL);
  try {
    for (let i = 0; i < ticks; i++) {
      await recorder.pollOnce();
      cluster.advance(INTERVAL);
    }
  } finally {
    recorder.close();
    writer.close();
    await cluster.close();
  }
}

/** The same input with every frame decoded whole, as readAnalysisInput did before format 6. */
function decodedInput(reader: SessionReader, input: AnalysisInput): AnalysisInput {
  const whole = reader.timeRange()!;
  return {
    ...input,
    frames: input.vertices.flatMap((v) => reader.vertexFrames(v.clusterId, v.jobId, v.vertexId, whole)),
  };
}

function seriesOf(input: AnalysisInput): unknown[] {
  const ix = indexInput(input);
  return [...ix.frames.keys()].map((k) => {
    const { frames: _frames, ...rest } = vertexLevelSeries(ix, k);
    return rest;
  });
}

const samples = (file: string): number => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM frame_samples WHERE rules IS NOT NULL').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

/** Both ways: the same document and level series; the series from the samples without decoding. */
function expectSameAnalysis(file: string): void {
  const reader = SessionReader.open(file);
  try {
    const input = readAnalysisInput(reader);
    const sampled = input.frames.filter((f) => f.sample !== undefined).length;
    expect(sampled).toBe(samples(file));
    expect(sampled / input.frames.length).toBeGreaterThan(0.7);
    const decoded = decodedInput(reader, input);
    const doc = analyzeSession(input);
    expect(JSON.stringify(doc)).toBe(JSON.stringify(analyzeSession(decoded)));
    expect(doc.episodes.length).toBeGreaterThan(0);
    expect(seriesOf(input)).toEqual(seriesOf(decoded));
    // A fresh lazy input builds every series deciding only the frames whose sample does not fit.
    const fresh = reader.analysisFrames(reader.timeRange()!, input.vertices);
    seriesOf({ ...input, frames: fresh.frames });
    expect(fresh.runs.decodes).toBeLessThan(fresh.frames.length * 0.5);
    // With room for no decoded run beyond the one being read, runs are decoded again: same answer.
    const roomy = reader.analysisFrames(reader.timeRange()!, input.vertices);
    analyzeSession({ ...input, frames: roomy.frames });
    const tight = reader.analysisFrames(reader.timeRange()!, input.vertices, 1);
    expect(JSON.stringify(analyzeSession({ ...input, frames: tight.frames }))).toBe(JSON.stringify(doc));
    expect(tight.runs.decodes).toBeGreaterThanOrEqual(roomy.runs.decodes);
  } finally {
    reader.close();
  }
}

it('stored samples of a recording over HTTP (incident on Flink 1.12) give the same analysis as decoding', async () => {
  const file = path.join(dir, 'incident-1.12.backflow');
  await record(file, 'incident', '1.12');
  expectSameAnalysis(file);
}, 60_000);

describe.each(['incident', 'restart', 'data-skew', 'checkpoint-spikes'])('stored samples of %s', (scenario) => {
  it('give the same analysis document and level series as decoding every frame', () => {
    const file = path.join(dir, `${scenario}.backflow`);
    quirky(file, scenario);
    expectSameAnalysis(file);
  }, 60_000);
});

describe('a session without stored samples', () => {
  it('(format 5) analyses exactly like the same recording in format 6', () => {
    const old = path.join(dir, 'incident-format5.backflow');
    const cur = path.join(dir, 'incident-format6.backflow');
    quirky(old, 'incident', 5);
    quirky(cur, 'incident');
    const a = SessionReader.open(old);
    const b = SessionReader.open(cur);
    try {
      expect(a.header().formatVersion).toBe(5);
      const inputA = readAnalysisInput(a);
      expect(inputA.frames.every((f) => f.sample === undefined)).toBe(true);
      const expected = JSON.stringify(analyzeSession(readAnalysisInput(b)));
      expect(JSON.stringify(analyzeSession(inputA))).toBe(expected);
      // Its frames are decoded when read, within the bounded cache, not all held at once (a day
      // of a large job would be gigabytes): none owns its values, and a cache of one run agrees.
      const tight = a.analysisFrames(a.timeRange()!, inputA.vertices, 1);
      expect(tight.frames.every((f) => Object.getOwnPropertyDescriptor(f, 'subtasks') === undefined)).toBe(true);
      expect(JSON.stringify(analyzeSession({ ...inputA, frames: tight.frames }))).toBe(expected);
      expect(tight.runs.decodes).toBeGreaterThanOrEqual(tight.frames.length);
    } finally {
      a.close();
      b.close();
    }
  }, 60_000);

  it('frames handed out lazily still decode after the reader is closed', () => {
    const file = path.join(dir, 'restart-closed.backflow');
    quirky(file, 'restart');
    const reader = SessionReader.open(file);
    const input = readAnalysisInput(reader);
    const expected = JSON.stringify(analyzeSession(decodedInput(reader, input)));
    reader.close();
    expect(JSON.stringify(analyzeSession(input))).toBe(expected);
    reader.close();
  }, 60_000);
});

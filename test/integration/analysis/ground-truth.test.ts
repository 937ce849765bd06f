// The analysis scored against every scenario's ground truth, for every Flink version profile:
// simulate (manual clock) → record over real HTTP → read the session → analyse → compare.
// Prints a table: scenario × version → bottleneck named, classified right, false episodes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Recorder } from '../../../electron/recorder/recorder';
import { readAnalysisInput } from '../../../electron/session/analysis-input';
import { SessionReader, SessionWriter } from '../../../electron/session/index';
import { SIMULATED_VERSIONS, startSimulatedCluster, type SimulatedVersion } from '../../../electron/simulator/index';
import { createSimulation } from '../../../electron/simulator/model/index';
import { SCENARIO_NAMES } from '../../../electron/simulator/scenarios/index';
import { analyzeSession } from '../../../shared/analysis/index';
import { epochMs } from '../../../shared/time';
import { scoreAnalysis, type Observation, type Score } from './score';

/**
 * The window one metric fetch describes, per version (REFERENCE §5.3, §6, §9): before 1.13 the
 * recorder's only per-subtask backpressure signal is the instantaneous isBackPressured gauge;
 * 1.13–1.16 `/backpressure` reads 5 s time-accounting gauges; from 1.17 they average 60 s, wider
 * than the fetch interval, so every burst touches some fetch.
 */
function fetchWindowMs(version: string): number {
  const [major, minor] = version.split('.').map(Number) as [number, number];
  if (major === 1 && minor <= 12) return 0;
  if (major === 1 && minor <= 16) return 5_000;
  return 60_000;
}

const T0 = epochMs(Date.UTC(2026, 10, 26, 8, 0, 0));
const INTERVAL = 10_000;
const dir = mkdtempSync(path.join(tmpdir(), 'backflow-truth-'));
const table: string[] = [];

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  console.log(
    ['scenario × version        found  unobservable  bottleneck  classified  false(sustained)', ...table].join('\n'),
  );
});

async function scoreRun(scenario: string, version: SimulatedVersion): Promise<Score> {
  const model = createSimulation({ scenario, seed: 3, startTime: T0 });
  const cluster = await startSimulatedCluster({ scenario, flinkVersion: version, clock: 'manual', model });
  const file = path.join(dir, `${scenario}-${version}.backflow`);
  const writer = SessionWriter.create(file, { appVersion: 'test' });
  const recorder = new Recorder({
    writer,
    targets: [{ connection: { url: cluster.url, retries: 0 }, jobs: [] }],
    intervalMs: INTERVAL,
    detail: 'hot',
    clock: () => cluster.now(),
  });
  const truth = model.groundTruth;
  // Record the story plus two minutes of aftermath, so the last episode can end.
  const ticks = Math.ceil((truth.durationMs + 120_000) / INTERVAL);
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
  const reader = SessionReader.open(file);
  const input = readAnalysisInput(reader);
  reader.close();
  const doc = analyzeSession(input);
  // Fetch instants: the JobManager's end-timestamp when reported (1.13+), else the fresh poll.
  const observation: Observation = {
    fetchTimes: input.ticks.filter((t) => t.fresh).map((t) => t.serverTs ?? t.ts),
    windowMs: fetchWindowMs(version),
  };
  // 60 s gauges (1.17+) and 10 s sampling blur edges; counters (hot vertices) sharpen them.
  return scoreAnalysis(doc, truth, T0, 70_000, observation);
}

const SCORED = SCENARIO_NAMES.filter((s) => s !== 'large');

describe.each(SCORED)('analysis of %s', (scenario) => {
  it.each([...SIMULATED_VERSIONS])('on Flink %s matches the ground truth', async (version) => {
    const s = await scoreRun(scenario, version);
    table.push(
      `${`${scenario} ${version}`.padEnd(26)}${`${s.found}/${s.designed}`.padEnd(7)}${String(s.unobservable).padEnd(14)}${`${s.bottlenecks.named}/${s.bottlenecks.expected}`.padEnd(12)}${`${s.classifiedRight}/${s.found}`.padEnd(12)}${s.falseEpisodes}(${s.falseSustained})`,
    );
    expect(s.misses, `${scenario} on ${version}`).toEqual([]);
    expect(s.found + s.unobservable).toBe(s.designed);
    expect(s.bottlenecks.named).toBe(s.bottlenecks.expected);
    expect(s.classifiedRight).toBe(s.found);
    expect(s.falseSustained).toBe(0);
  });
});

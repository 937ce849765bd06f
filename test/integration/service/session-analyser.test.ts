// A live recording analysed again as it grows (SessionAnalyser: only what the file gained is read,
// closed windows' stats are carried over) must say exactly what a fresh analysis of the whole
// file says, at every point: three simulated clusters (an incident with its bottleneck, GC pauses,
// a rescale) recorded through the real recorder, compared every few ticks.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SessionAnalyser, analyzeSessionFile, laneBuffers } from '../../../electron/service/analysis-runner';
import { SessionReader } from '../../../electron/session/index';
import type { SimulatedCluster } from '../../../electron/simulator/server/cluster';
import { FOREVER, startSim, steppedRecording, TempDir, type SteppedRecording } from '../../fixtures/recorder/harness';

const SCENARIOS = ['incident', 'gc-pauses', 'rescale'];
const TICKS = 75;
const EVERY = 6;

let tmp: TempDir;
let sims: SimulatedCluster[] = [];
let rec: SteppedRecording;

beforeAll(async () => {
  tmp = new TempDir();
  sims = await Promise.all(SCENARIOS.map((scenario) => startSim({ scenario })));
  rec = steppedRecording({
    file: tmp.file('growing.backflow'),
    targets: sims.map((s) => ({ url: s.url })),
    models: sims.map((s) => s.model),
  });
});

afterAll(async () => {
  await Promise.all(sims.map((s) => s.close()));
  tmp?.remove();
});

it('equals a fresh analysis of the whole file after every few ticks, reading only what was added', async () => {
  await rec.step();
  const live = SessionReader.open(rec.file);
  const analyser = new SessionAnalyser(live);
  let compared = 0;
  let episodes = 0;
  let added = 0;
  let decodedBefore = 0;
  let extended = 0;
  try {
    for (let i = 1; i <= TICKS; i++) {
      await rec.step();
      if (i % EVERY !== 0 && i !== TICKS) continue;
      const grown = analyser.run(undefined);
      const { framesAdded, framesDecoded } = analyser.reuse();
      added += framesAdded;
      // What a run decodes is about what was added (an open episode's newest frames), not the
      // key-frame runs they belong to again (up to 31 frames more per vertex each time).
      expect(framesDecoded - decodedBefore).toBeLessThanOrEqual(framesAdded + 2 * live.vertices().length);
      decodedBefore = framesDecoded;
      if (compared > 0) extended += analyser.reuse().seriesExtended;
      const fresh = SessionReader.open(rec.file);
      try {
        const whole = analyzeSessionFile(fresh, undefined);
        const frames = fresh
          .vertices()
          .reduce((n, v) => n + fresh.vertexFrames(v.clusterId, v.jobId, v.vertexId, FOREVER).length, 0);
        // Each run added what was recorded since the one before, no frame twice.
        expect(added).toBe(frames);
        expect(grown.doc).toEqual(whole.doc);
        expect(grown.lanes).toEqual(whole.lanes);
        // The worker moves the lanes' columns to the main thread: every one has a buffer of its own.
        const moved = laneBuffers(grown);
        expect(new Set(moved).size).toBe(moved.length);
        expect(moved.length).toBe(grown.lanes.length * 11);
        // The analysis process shares its series' columns where they fit exactly: the same lanes.
        expect(new SessionAnalyser(fresh).run(undefined, true, true).lanes).toEqual(whole.lanes);
        // Another threshold from the same analyser agrees too.
        const other = analyser.run(30_000, false);
        expect(other.doc).toEqual(analyzeSessionFile(fresh, 30_000).doc);
        expect(other.lanes).toEqual([]);
      } finally {
        fresh.close();
      }
      compared++;
      episodes = grown.doc.episodes.length;
    }
  } finally {
    live.close();
    rec.finish().close();
  }
  expect(compared).toBe(Math.floor(TICKS / EVERY) + 1);
  // The comparison means something: the incident and the GC pauses were found on the way.
  expect(episodes).toBeGreaterThan(0);
  // Series were extended, not built again (all but a few, whose interval moved as they grew).
  expect(extended).toBeGreaterThan(0);
  // And the episodes' windows that had closed were not computed again.
  expect(analyser.reuse().statsReused).toBeGreaterThan(0);
}, 300_000);

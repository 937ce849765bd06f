// Answers built from lanes are memoised per analysis run: the run tag must change exactly when
// a new outcome arrives, and stay 0 before the first one.
import { describe, expect, it } from 'vitest';
import type { AnalysisOutcome, AnalysisRunner } from '../../../electron/service/analysis-runner';
import { SessionAnalysis } from '../../../electron/service/session-analysis';

function fakeRunner(): AnalysisRunner & { runs: number; lanesAsked: boolean[] } {
  const r = {
    runs: 0,
    lanesAsked: [] as boolean[],
    run: async (_sustainedAfterMs: number | undefined, lanes = true) => {
      r.runs++;
      r.lanesAsked.push(lanes);
      return {
        doc: { options: { sustainedAfterMs: 30_000 }, episodes: [], incidents: [], summary: { incidentMs: 0 } },
        lanes: [],
      } as unknown as AnalysisOutcome;
    },
    close: () => undefined,
  };
  return r;
}

describe('SessionAnalysis', () => {
  it('tags answers with the run they saw, and runs again only when the file grew and the last run is old', async () => {
    let clock = 0;
    const runner = fakeRunner();
    const a = new SessionAnalysis(runner, () => clock, 1000);
    expect(a.tag()).toBe(0);
    expect(a.lanes()).toBeNull();
    expect(await a.result(5, {})).toEqual({
      sustainedAfterMs: 30_000,
      episodes: [],
      incidents: [],
      backpressuredMs: 0,
    });
    expect(a.tag()).toBe(1);
    await a.result(5, {});
    expect([runner.runs, a.tag()]).toEqual([1, 1]);
    clock = 2000;
    await a.result(6, {});
    expect([runner.runs, a.tag()]).toEqual([2, 2]);
    expect(a.lanes()).toEqual(new Map());
  });

  it('asks for the lanes with the default threshold only (they are the same for every threshold)', async () => {
    const runner = fakeRunner();
    const a = new SessionAnalysis(runner, () => 0, 1000);
    await a.result(5, {});
    await a.result(5, { sustainedAfterMs: 120_000 });
    expect(runner.lanesAsked).toEqual([true, false]);
  });
});

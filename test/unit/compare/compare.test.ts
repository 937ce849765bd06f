// compareSessions on hand-built sessions: a bottleneck fixed in a redeployed job (new ids), a
// vertex added, a job on one side only, and the wording of what changed.
import { expect, it } from 'vitest';
import { analyzeSession } from '../../../shared/analysis/index';
import type { AnalysisDocument } from '../../../shared/analysis/index';
import {
  alignSessions,
  carryRange,
  CompareInputError,
  formatCompareText,
  type AlignMode,
} from '../../../shared/compare/index';
import { T0 } from '../analysis/fixtures';
import { compare, orders } from './fixtures';

it('reports the fixed bottleneck as resolved across a redeployment, in words', () => {
  const d = compare(orders('job-a', { src: 's1', win: 'w1' }, true), orders('job-b', { src: 's2', win: 'w2' }, false));
  expect(d).toMatchObject({ format: 'backflow-compare', version: 1 });
  expect(d.jobs).toHaveLength(1);
  const [src, win] = d.jobs[0]!.vertices;
  expect(win).toMatchObject({ matchedBy: 'name', verdict: 'resolved', a: { vertexId: 'w1', role: 'bottleneck' } });
  expect(win!.b).toMatchObject({ vertexId: 'w2', role: null });
  expect(win!.text).toBe('Window(…): no longer the bottleneck; busy 95 % → 40 %');
  expect(src!.verdict).toBe('better');
  expect(src!.measures.highShare).toMatchObject({ direction: 'down', better: true });
  expect(d.jobs[0]!.text[0]).toMatch(/^orders: backpressure \S+.* → no backpressure$/);
  expect(d.summary[0]).toBe(d.jobs[0]!.text[0]);
});

it('names the new bottleneck, lists an added vertex, and says unchanged when nothing moved', () => {
  const d = compare(
    orders('job-a', { src: 's1', win: 'w1' }, false),
    orders('job-b', { src: 's2', win: 'w2', sink: 'k2' }, true),
  );
  const win = d.jobs[0]!.vertices.find((v) => v.b.vertexId === 'w2')!;
  expect(win.text).toBe('Window(…): now busy 95 %, the new bottleneck');
  expect(d.jobs[0]!.unmatched.b).toEqual([
    expect.objectContaining({ vertexId: 'k2', text: 'new in B: Sink: Print (parallelism 1)' }),
  ]);
  const same = compare(
    orders('job-a', { src: 's1', win: 'w1' }, true),
    orders('job-b', { src: 's2', win: 'w2' }, true),
  );
  expect(same.jobs[0]!.vertices.map((v) => v.verdict)).toEqual(['unchanged', 'still-bottleneck']);
  expect(same.jobs[0]!.vertices[0]!.text).toBe('Source: Kafka: backpressure unchanged');
});

it('lists a job found on one side only, and refuses a job name found in neither', () => {
  const a = orders('job-a', { src: 's1', win: 'w1' }, true);
  const b = orders('job-b', { src: 's2', win: 'w2' }, false, 'payments');
  const d = compare(a, b);
  expect(d.jobs).toEqual([]);
  expect(d.unmatchedJobs.a.map((j) => j.name)).toEqual(['orders']);
  expect(d.unmatchedJobs.b.map((j) => j.name)).toEqual(['payments']);
  expect(formatCompareText(d)).toContain('No job runs in both sessions under the same name.');
  expect(() => compare(a, b, 'fraud')).toThrow(CompareInputError);
  expect(() => compare(a, b, 'fraud')).toThrow('no job named "fraud" in either session (jobs: "orders", "payments")');
  expect(compare(a, b, 'orders').unmatchedJobs.b).toEqual([]);
});

it('aligns by the worst incidents, or says why it fell back to the starts', () => {
  const a = analyzeSession(orders('job-a', { src: 's1', win: 'w1' }, true));
  const quiet = analyzeSession(orders('job-b', { src: 's2', win: 'w2' }, false));
  const later = analyzeSession({
    ...orders('job-b', { src: 's2', win: 'w2' }, true),
    frames: orders('job-b', { src: 's2', win: 'w2' }, true).frames.map((f) => ({
      ...f,
      ts: (f.ts + 60_000) as typeof f.ts,
    })),
  });
  const align = (mode: AlignMode, x: AnalysisDocument, y: AnalysisDocument) =>
    alignSessions(
      mode,
      { start: x.session.start, doc: x, jobIds: null },
      { start: y.session.start, doc: y, jobIds: null },
    );
  expect(align('episode', a, later)).toMatchObject({ offsetMs: -60_000, note: null });
  expect(align('episode', a, quiet)).toMatchObject({
    offsetMs: 0,
    note: 'B has no incident to align on: aligned by start',
  });
  expect(align('clock', a, later).offsetMs).toBe(0);
  expect(a.session.start).toBe(T0);
});

it('carries a range given for one session to the other through the alignment, clipped to it', () => {
  const bounds = { from: 1_000_000, to: 1_600_000 };
  // B started a minute after A: A's 10:01–10:03 is B's 10:00–10:02 on its own clock.
  expect(carryRange({ from: 1_060_000, to: 1_180_000 }, 60_000, 'b', bounds)).toEqual({
    from: 1_000_000,
    to: 1_120_000,
  });
  expect(carryRange({ from: 1_000_000, to: 1_120_000 }, 60_000, 'a', bounds)).toEqual({
    from: 1_060_000,
    to: 1_180_000,
  });
  expect(carryRange({ from: 2_000_000, to: 2_100_000 }, 0, 'b', bounds)).toBeNull();
});

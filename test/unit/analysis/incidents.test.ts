// Incidents on plain data: episodes that share a bottleneck and overlap are one incident, its time
// counted once; overlaps are named only when their cause explains part of it.
import { describe, expect, it } from 'vitest';
import type { EpisodeDoc, Hint } from '../../../shared/analysis/document';
import { incidentHeadline } from '../../../shared/analysis/explain';
import { groupIncidents, materialOverlaps, mergeHints, timeCountedOnce } from '../../../shared/analysis/incidents';

const S = 1_000;
const T = 1_800_000_000_000;

function hint(kind: Hint['kind'], explains: number, about = 'window', text = `${kind} about ${about}`): Hint {
  return { kind, text, evidence: { vertexId: about }, explains };
}

function episode(over: Partial<EpisodeDoc> & Pick<EpisodeDoc, 'vertexId' | 'start' | 'end' | 'rank'>): EpisodeDoc {
  const name =
    {
      source: 'Source: Kafka Orders -> Filter',
      enrich: 'KeyedProcess: Enrich',
      window: 'Window(Tumbling(60000), Trigger) -> Map',
      sink: 'Sink',
    }[over.vertexId] ?? over.vertexId;
  return {
    cluster: 'http://jm:8081',
    jobId: 'job',
    jobName: 'orders',
    vertexName: name,
    durationMs: over.end - over.start,
    peakLevel: 'HIGH',
    class: 'sustained',
    subtasks: { affected: 4, total: 4 },
    overlaps: [],
    bottleneck: {
      vertexId: 'window',
      vertexName: 'Window(Tumbling(60000), Trigger) -> Map',
      subtasks: [1],
      rule: 'busy',
      reason: 'busy',
      evidence: {},
    },
    hints: [],
    clusterId: 1,
    effectiveDurationMs: over.end - over.start,
    meanRatio: 0.9,
    dutyCycle: 1,
    scope: 'all',
    affectedSubtasks: [0, 1, 2, 3],
    ratioSource: 'accumulated',
    ratioSources: ['accumulated'],
    resolutionMs: 10_000,
    recurring: false,
    periodMs: null,
    recurringWith: null,
    checkpoints: [],
    gc: [],
    catchUp: false,
    parallelism: { min: 4, max: 4 },
    throughputRecordsPerSec: 1000,
    impact: ((over.end - over.start) / 1000) * 1000,
    impactBasis: 'records',
    ambiguity: null,
    ...over,
  };
}

const topo: Record<string, number> = { source: 0, enrich: 1, window: 2, sink: 3 };
const order = (_c: number, _j: string, v: string): number => topo[v] ?? 9;

describe('grouping episodes into incidents', () => {
  it('makes one incident of the vertices a bottleneck backpressured, listed sources first, time counted once', () => {
    const enrich = episode({ vertexId: 'enrich', start: T, end: T + 163 * S, rank: 1, hints: [hint('skew', 0.9)] });
    const source = episode({
      vertexId: 'source',
      start: T + 20 * S,
      end: T + 163 * S,
      rank: 2,
      hints: [hint('skew', 0.95)],
    });
    const [x, ...rest] = groupIncidents([enrich, source], { order });
    expect(rest).toEqual([]);
    expect(x!.vertices.map((v) => [v.vertexId, v.episode])).toEqual([
      ['source', 2],
      ['enrich', 1],
    ]);
    expect(x!.episodes).toEqual([1, 2]);
    expect([x!.start, x!.end, x!.durationMs]).toEqual([T, T + 163 * S, 163 * S]);
    expect(x!.bottleneck?.vertexId).toBe('window');
    // The same cause said once, by the episode it explains most of.
    expect(x!.hints).toHaveLength(1);
    expect(x!.hints[0]!.explains).toBe(0.95);
  });

  it('keeps episodes apart that overlap but blame different bottlenecks, or share one at different times', () => {
    const a = episode({ vertexId: 'source', start: T, end: T + 60 * S, rank: 1 });
    const b = episode({
      vertexId: 'enrich',
      start: T + 30 * S,
      end: T + 90 * S,
      rank: 2,
      bottleneck: { ...a.bottleneck!, vertexId: 'sink', vertexName: 'Sink' },
    });
    const c = episode({ vertexId: 'enrich', start: T + 200 * S, end: T + 260 * S, rank: 3 });
    const xs = groupIncidents([a, b, c], { order });
    expect(xs.map((x) => x.episodes).sort()).toEqual([[1], [2], [3]]);
    expect(new Set(xs.map((x) => x.bottleneck?.vertexId))).toEqual(new Set(['window', 'sink']));
  });

  it('joins a chain of overlaps, and episodes of other jobs never', () => {
    const a = episode({ vertexId: 'source', start: T, end: T + 40 * S, rank: 1 });
    const b = episode({ vertexId: 'enrich', start: T + 30 * S, end: T + 80 * S, rank: 2 });
    const c = episode({ vertexId: 'sink', start: T + 70 * S, end: T + 120 * S, rank: 3 });
    const other = episode({ vertexId: 'source', start: T, end: T + 40 * S, rank: 4, jobId: 'job-2' });
    const xs = groupIncidents([a, b, c, other], { order });
    expect(xs).toHaveLength(2);
    const chained = xs.find((x) => x.jobId === 'job')!;
    expect(chained.episodes).toEqual([1, 2, 3]);
    expect(chained.durationMs).toBe(120 * S);
  });

  it('groups episodes without a bottleneck by their shared ambiguity', () => {
    const ambiguity = { reason: 'no-busy-downstream' as const, text: 'not busy', vertices: ['window'] };
    const a = episode({
      vertexId: 'source',
      start: T,
      end: T + 76 * S,
      rank: 3,
      bottleneck: null,
      ambiguity,
      peakLevel: 'LOW',
    });
    const b = episode({ vertexId: 'enrich', start: T, end: T + 76 * S, rank: 4, bottleneck: null, ambiguity });
    const [x, ...rest] = groupIncidents([a, b], { order });
    expect(rest).toEqual([]);
    expect(x!.peakLevel).toBe('HIGH');
    expect(x!.ambiguity).toEqual(ambiguity);
  });

  it('ranks sustained incidents first, then by records delayed (the most affected vertex, not a sum)', () => {
    const small = episode({ vertexId: 'source', start: T, end: T + 70 * S, rank: 1, impact: 70_000 });
    const big1 = episode({
      vertexId: 'source',
      start: T + 200 * S,
      end: T + 270 * S,
      rank: 2,
      impact: 500_000,
      bottleneck: { ...small.bottleneck!, vertexId: 'sink' },
    });
    const big2 = episode({
      vertexId: 'enrich',
      start: T + 200 * S,
      end: T + 270 * S,
      rank: 3,
      impact: 400_000,
      bottleneck: { ...small.bottleneck!, vertexId: 'sink' },
    });
    const blip = episode({
      vertexId: 'enrich',
      start: T + 400 * S,
      end: T + 405 * S,
      rank: 4,
      class: 'transient',
      impact: 9e9,
    });
    const xs = groupIncidents([small, big1, big2, blip], { order });
    expect(xs.map((x) => [x.rank, x.episodes[0], x.class])).toEqual([
      [1, 2, 'sustained'],
      [2, 1, 'sustained'],
      [3, 4, 'transient'],
    ]);
    expect(xs[0]!.impact).toBe(500_000);
  });

  it("is looked at where all its vertices are backpressured: the lead's worst sample there", () => {
    const enrich = episode({ vertexId: 'enrich', start: T, end: T + 160 * S, rank: 1 });
    const source = episode({ vertexId: 'source', start: T + 20 * S, end: T + 160 * S, rank: 2 });
    const asked: Array<[string, number, number]> = [];
    // The lead's ratio peaks at its start (T + 10 s) and again at T + 90 s.
    const worstAt = (_c: number, _j: string, v: string, from: number, to: number) => {
      asked.push([v, from, to]);
      return from <= T + 10 * S ? T + 10 * S : T + 90 * S;
    };
    expect(groupIncidents([enrich, source], { order, worstAt })[0]!.focusAt).toBe(T + 90 * S);
    expect(asked).toEqual([['enrich', T + 20 * S + 1, T + 160 * S]]);
    // Without samples: the lead's middle.
    expect(groupIncidents([enrich])[0]!.focusAt).toBe(T + 80 * S);
  });

  it('is sustained when any of its episodes is', () => {
    const a = episode({ vertexId: 'source', start: T, end: T + 90 * S, rank: 1 });
    const b = episode({
      vertexId: 'enrich',
      start: T + 50 * S,
      end: T + 60 * S,
      rank: 2,
      class: 'transient',
      peakLevel: 'LOW',
    });
    expect(groupIncidents([a, b])[0]!.class).toBe('sustained');
  });
});

describe('what an incident says', () => {
  it('counts overlapping time once', () => {
    expect(
      timeCountedOnce([
        { start: 0, end: 100 },
        { start: 50, end: 150 },
        { start: 300, end: 310 },
      ]),
    ).toBe(160);
    expect(timeCountedOnce([])).toBe(0);
  });

  it('merges hints per cause and vertex, most explaining first', () => {
    const merged = mergeHints([
      [hint('skew', 0.5), hint('gc', 0.2, 'tm')],
      [hint('skew', 0.7), hint('buffer-fill', 0)],
    ]);
    expect(merged.map((h) => [h.kind, h.explains])).toEqual([
      ['skew', 0.7],
      ['gc', 0.2],
      ['buffer-fill', 0],
    ]);
  });

  it('names a checkpoint or GC overlap only when it explains part of the backpressure', () => {
    expect(materialOverlaps(['checkpoint', 'gc'], [])).toEqual([]);
    expect(materialOverlaps(['checkpoint', 'gc'], [hint('checkpoint-alignment', 0.05)])).toEqual([]);
    expect(materialOverlaps(['checkpoint', 'gc'], [hint('checkpoint-alignment', 0.4)])).toEqual(['checkpoint']);
    expect(materialOverlaps(['gc', 'restart'], [hint('gc', 0.3)])).toEqual(['gc', 'restart']);
    const x = groupIncidents([
      episode({ vertexId: 'source', start: T, end: T + 90 * S, rank: 1, overlaps: ['checkpoint'] }),
    ])[0]!;
    expect(x.overlaps).toEqual(['checkpoint']);
    expect(x.materialOverlaps).toEqual([]);
  });

  it('reads as one line, like an alert', () => {
    const enrich = episode({ vertexId: 'enrich', start: T, end: T + 163 * S, rank: 1, hints: [hint('skew', 0.9)] });
    const source = episode({ vertexId: 'source', start: T + 20 * S, end: T + 163 * S, rank: 2 });
    const x = groupIncidents([enrich, source], { order })[0]!;
    expect(incidentHeadline(x)).toBe(
      'Window(…) subtask 1: data skew, backpressure on Source: Kafka Orders and KeyedProcess: Enrich 08:00:00–08:02:43 (2m 43s, sustained)',
    );
    const unclear = {
      ...x,
      bottleneck: null,
      ambiguity: { reason: 'no-busy-downstream' as const, text: '', vertices: [] },
      hints: [],
    };
    expect(incidentHeadline(unclear)).toMatch(/^No single bottleneck: network or external stall, backpressure on/);
  });
});

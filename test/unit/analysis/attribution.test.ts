import { describe, expect, it } from 'vitest';
import { analyzeSession } from '../../../shared/analysis/analyze';
import type { AnalysisInput } from '../../../shared/analysis/input';
import type { CheckpointEvent, GcWindow, SubtaskMetric, VertexFrame } from '../../../shared/model';
import { epochMs } from '../../../shared/time';
import { chain, cluster, edge, frame, JOB, pattern, rows, session, STEP, T0, vertex } from './fixtures';

const episodeOf = (input: AnalysisInput, id = 'src') => analyzeSession(input).episodes.find((e) => e.vertexId === id)!;

describe('buffer rule when busy time is not reported (Flink ≤ 1.12)', () => {
  // Instantaneous gauges only: isBackPressured and the pool usages, per subtask, every 10 s.
  const legacy = (id: string, n: number, m: Partial<Record<SubtaskMetric, number[]>>): VertexFrame[] =>
    Array.from({ length: n }, (_, k) => frame(id, T0 + (k + 1) * STEP, m));
  const input = (mapIn: number[], mapOut: number[], version = '1.12.7'): AnalysisInput =>
    session({
      clusters: [cluster(version)],
      vertices: [vertex('src', 2, 0), vertex('map', 2, 1, 'Map'), vertex('sink', 2, 2)],
      edges: [edge('src', 'map'), edge('map', 'sink')],
      frames: [
        ...legacy('src', 6, { isBackPressured: [1, 1], outPoolUsage: [1, 1], inPoolUsage: [0, 0] }),
        ...legacy('map', 6, { isBackPressured: [0, 0], outPoolUsage: mapOut, inPoolUsage: mapIn }),
        ...legacy('sink', 6, { isBackPressured: [0, 0], outPoolUsage: [0, 0], inPoolUsage: [0.1, 0.1] }),
      ],
    });

  it('names the vertex whose input pool is full while its output pool is not, and says busy is missing', () => {
    const e = episodeOf(input([1, 0.2], [0.1, 0.1]));
    expect(e.bottleneck).toMatchObject({ vertexId: 'map', rule: 'input-buffers', subtasks: [0] });
    expect(e.bottleneck!.evidence).toMatchObject({ busyReported: false, inputFullSubtasks: [0], inPoolUsage: [1] });
    expect(e.bottleneck!.reason).toContain('busy time is not reported');
    expect(e.ambiguity).toBeNull();
  });

  it('stays ambiguous when the input pool is not full', () => {
    const e = episodeOf(input([0.4, 0.2], [0.1, 0.1]));
    expect(e.bottleneck).toBeNull();
    expect(e.ambiguity?.reason).toBe('missing-data');
  });

  it('stays ambiguous when the output pool is full too (the vertex forwards backpressure)', () => {
    const e = episodeOf(input([1, 1], [0.95, 0.95]));
    expect(e.bottleneck).toBeNull();
  });

  it('does not trust inPoolUsage up to Flink 1.8 (floating buffers only, often 100 %)', () => {
    const e = episodeOf(input([1, 1], [0.1, 0.1], '1.8.3'));
    expect(e.bottleneck).toBeNull();
  });
});

const checkpoint = (id: number, start: number, end: number, alignmentMs: number | null): CheckpointEvent => ({
  clusterId: 1,
  jobId: JOB,
  id,
  status: 'COMPLETED',
  isSavepoint: false,
  triggerTs: epochMs(start),
  endTs: epochMs(end),
  checkpointedSize: null,
  stateSize: null,
  alignmentMs,
  failureMessage: null,
});
const gcw = (tm: string, start: number, end: number, gcTimeMs: number): GcWindow => ({
  clusterId: 1,
  taskManagerId: tm,
  start: epochMs(start),
  end: epochMs(end),
  gcTimeMs,
  gcCount: 1,
  collector: null,
});

describe('stall at a vertex that is not busy', () => {
  // src is backpressured in intervals 2–3 (T0+2·STEP .. T0+4·STEP); agg after it is idle.
  const vertices = [vertex('src', 2, 0), vertex('agg', 2, 1, 'Agg')];
  const edges = [edge('src', 'agg')];
  const frames = (aggIn?: number[]) => [
    ...chain('src', { bp: pattern('..HH....', 2), busy: rows(8, [0.05, 0.05]), taskManagers: ['tm-1', 'tm-2'] }),
    ...chain('agg', {
      bp: rows(8, [0, 0]),
      busy: rows(8, [0.2, 0.2]),
      taskManagers: ['tm-1', 'tm-2'],
      extra: aggIn ? (_r, p) => ({ inPoolUsage: aggIn.slice(0, p), outPoolUsage: [0.1, 0.1] }) : undefined,
    }),
  ];
  const during = { start: T0 + 2 * STEP, end: T0 + 4 * STEP };

  it('without GC or checkpoint evidence it stays ambiguous', () => {
    const e = episodeOf(session({ vertices, edges, frames: frames() }));
    expect(e.bottleneck).toBeNull();
    expect(e.ambiguity?.reason).toBe('no-busy-downstream');
  });

  it('names the receiver with subtasks on a TaskManager that collected garbage during the episode', () => {
    const gcWindows = [gcw('tm-2', during.start, during.start + STEP, 6000)];
    const e = episodeOf(session({ vertices, edges, frames: frames(), gcWindows }));
    expect(e.bottleneck).toMatchObject({ vertexId: 'agg', rule: 'gc', subtasks: [1] });
    expect(e.bottleneck!.evidence).toMatchObject({ taskManagers: ['tm-2'], gcTimeMs: [6000] });
    expect(e.ambiguity).toBeNull();
    expect(e.hints.map((h) => h.kind)).toContain('gc');
  });

  it('ignores GC that is not significant, on another TaskManager, or outside the episode', () => {
    for (const w of [
      gcw('tm-2', during.start, during.start + STEP, 50),
      gcw('tm-9', during.start, during.start + STEP, 6000),
      gcw('tm-2', T0 + 6 * STEP, T0 + 7 * STEP, 6000),
    ]) {
      const e = episodeOf(session({ vertices, edges, frames: frames(), gcWindows: [w] }));
      expect(e.bottleneck).toBeNull();
    }
  });

  it('names the receiver as aligning barriers when a transient episode overlaps a long-aligning checkpoint', () => {
    const checkpoints = [checkpoint(3, during.start, during.start + 7000, 6500)];
    const e = episodeOf(session({ vertices, edges, frames: frames(), checkpoints }));
    expect(e.class).toBe('transient');
    expect(e.bottleneck).toMatchObject({ vertexId: 'agg', rule: 'checkpoint-alignment', subtasks: [0, 1] });
    expect(e.bottleneck!.evidence).toMatchObject({ checkpointIds: [3], alignmentMsMax: 6500 });
  });

  it('does not blame a checkpoint whose measured alignment was short, or one outside the episode', () => {
    for (const c of [
      checkpoint(3, during.start, during.start + 7000, 12),
      checkpoint(4, T0 + 6 * STEP, T0 + 7 * STEP, 6500),
    ]) {
      const e = episodeOf(session({ vertices, edges, frames: frames(), checkpoints: [c] }));
      expect(e.bottleneck).toBeNull();
    }
  });

  it('does not explain a sustained episode by a checkpoint inside it', () => {
    const long = [
      ...chain('src', { bp: pattern('H'.repeat(12), 2), busy: rows(12, [0.05, 0.05]) }),
      ...chain('agg', { bp: rows(12, [0, 0]), busy: rows(12, [0.2, 0.2]) }),
    ];
    const e = episodeOf(
      session({ vertices, edges, frames: long, checkpoints: [checkpoint(3, T0 + 3 * STEP, T0 + 4 * STEP, 6500)] }),
    );
    expect(e.class).toBe('sustained');
    expect(e.bottleneck).toBeNull();
  });

  it('with two idle receivers picks the one whose input pool is full (held inputs), else none', () => {
    const two = [vertex('src', 2, 0), vertex('agg', 2, 1, 'Agg'), vertex('log', 2, 1, 'Log')];
    const twoEdges = [edge('src', 'agg'), edge('src', 'log')];
    const log = chain('log', {
      bp: rows(8, [0, 0]),
      busy: rows(8, [0.1, 0.1]),
      extra: () => ({ inPoolUsage: [0.1, 0.1], outPoolUsage: [0, 0] }),
    });
    const checkpoints = [checkpoint(3, during.start, during.start + 7000, null)];
    const held = episodeOf(
      session({ vertices: two, edges: twoEdges, frames: [...frames([1, 1]), ...log], checkpoints }),
    );
    expect(held.bottleneck).toMatchObject({ vertexId: 'agg', rule: 'checkpoint-alignment' });
    const neither = episodeOf(
      session({ vertices: two, edges: twoEdges, frames: [...frames([0.2, 0.2]), ...log], checkpoints }),
    );
    expect(neither.bottleneck).toBeNull();
  });
});

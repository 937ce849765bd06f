import { describe, expect, it } from 'vitest';
import { analyzeSession } from '../../../shared/analysis/analyze';
import { gcWindowsFromFrames } from '../../../shared/analysis/gc';
import type { CheckpointEvent, GcWindow, TaskManagerFrame } from '../../../shared/model';
import { epochMs } from '../../../shared/time';
import { chain, edge, JOB, pattern, rows, session, STEP, T0, vertex } from './fixtures';

const tmFrame = (tm: string, ts: number, gcTimeMs: number, gcCount: number): TaskManagerFrame => ({
  clusterId: 1,
  taskManagerId: tm,
  ts: epochMs(ts),
  values: { gcTimeMs, gcCount },
});
const checkpoint = (id: number, start: number, end: number, alignmentMs: number | null = null): CheckpointEvent => ({
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
  gcCount: 3,
  collector: null,
});

describe('gcWindowsFromFrames', () => {
  it('makes a window where collector time grew, skipping restarts and missing values', () => {
    const frames = [
      tmFrame('tm-1', T0, 100, 1),
      tmFrame('tm-1', T0 + STEP, 100, 1),
      tmFrame('tm-1', T0 + 2 * STEP, 2600, 4),
      { clusterId: 1, taskManagerId: 'tm-1', ts: epochMs(T0 + 3 * STEP), values: {} },
      tmFrame('tm-1', T0 + 4 * STEP, 2900, 5),
      tmFrame('tm-1', T0 + 5 * STEP, 50, 1), // TaskManager restarted
      tmFrame('tm-1', T0 + 6 * STEP, 80, 2),
      tmFrame('tm-2', T0, 0, 0),
    ];
    const w = gcWindowsFromFrames(frames);
    expect(w.map((x) => [x.start - T0, x.end - T0, x.gcTimeMs, x.gcCount])).toEqual([
      [STEP, 2 * STEP, 2500, 3],
      [2 * STEP, 4 * STEP, 300, 1],
      [5 * STEP, 6 * STEP, 30, 1],
    ]);
  });
});

describe('context of an episode', () => {
  const vertices = [vertex('src', 2, 0), vertex('agg', 2, 1)];
  const edges = [edge('src', 'agg')];
  const frames = [
    ...chain('src', { bp: pattern('..HHHH..', 2), busy: rows(8, [0.05, 0.05]), taskManagers: ['tm-1', 'tm-1'] }),
    ...chain('agg', { bp: rows(8, [0, 0]), busy: rows(8, [0.95, 0.9]), taskManagers: ['tm-2', 'tm-3'] }),
  ];
  // The src episode runs from T0+2·STEP to T0+6·STEP.

  it('tags overlapping checkpoints with their ids and alignment', () => {
    const checkpoints = [
      checkpoint(7, T0 + 3 * STEP, T0 + 4 * STEP, 2500),
      checkpoint(8, T0 + 7 * STEP, T0 + 8 * STEP),
    ];
    const doc = analyzeSession(session({ vertices, edges, frames, checkpoints }));
    const e = doc.episodes.find((x) => x.vertexId === 'src')!;
    expect(e.overlaps).toContain('checkpoint');
    expect(e.checkpoints).toEqual([{ id: 7, alignmentMs: 2500 }]);
    expect(e.hints.find((h) => h.kind === 'checkpoint-alignment')?.evidence).toMatchObject({
      checkpointIds: [7],
      alignmentMsMax: 2500,
    });
    expect(doc.windows.checkpoints.map((c) => c.id)).toEqual([7, 8]);
  });

  it('tags GC on a TaskManager hosting the bottleneck, and ignores GC elsewhere', () => {
    const gcWindows = [
      gcw('tm-2', T0 + 3 * STEP, T0 + 4 * STEP, 3000),
      gcw('tm-9', T0 + 3 * STEP, T0 + 4 * STEP, 5000),
    ];
    const doc = analyzeSession(session({ vertices, edges, frames, gcWindows }));
    const e = doc.episodes.find((x) => x.vertexId === 'src')!;
    expect(e.bottleneck?.vertexId).toBe('agg');
    expect(e.overlaps).toContain('gc');
    expect(e.gc).toEqual([{ taskManager: 'tm-2', gcTimeMs: 3000 }]);
    expect(e.hints.find((h) => h.kind === 'gc')?.evidence).toMatchObject({ taskManagers: ['tm-2'], gcTimeMs: 3000 });
  });

  it('derives GC windows from TaskManager frames when none were recorded', () => {
    const taskManagerFrames = [tmFrame('tm-3', T0 + 3 * STEP, 0, 0), tmFrame('tm-3', T0 + 4 * STEP, 4000, 2)];
    const doc = analyzeSession(session({ vertices, edges, frames, taskManagerFrames }));
    expect(doc.windows.gc).toEqual([
      expect.objectContaining({ taskManager: 'tm-3', gcTimeMs: 4000, significant: true, start: T0 + 3 * STEP }),
    ]);
    expect(doc.episodes.find((x) => x.vertexId === 'src')!.overlaps).toContain('gc');
  });

  it('does not tag minor GC: background collections are no GC window', () => {
    const gcWindows = [gcw('tm-2', T0 + 3 * STEP, T0 + 4 * STEP, 40)];
    const doc = analyzeSession(session({ vertices, edges, frames, gcWindows }));
    const e = doc.episodes.find((x) => x.vertexId === 'src')!;
    expect(e.overlaps).not.toContain('gc');
    expect(e.hints.some((h) => h.kind === 'gc')).toBe(false);
    expect(doc.windows.gc).toEqual([]);
  });

  it('sees a pause sliced by the polls as one window, in windows.gc and in the GC rules', () => {
    // 1.2 s of old-generation GC in each of three polls on tm-2 (hosting agg subtask 0).
    const gcWindows = [3, 4, 5].map((k) => ({
      ...gcw('tm-2', T0 + k * STEP, T0 + (k + 1) * STEP, 1200),
      gcCount: k === 5 ? 1 : 0,
      collector: 'G1 Old Generation',
    }));
    const doc = analyzeSession(session({ vertices, edges, frames, gcWindows }));
    expect(doc.windows.gc).toEqual([
      expect.objectContaining({
        taskManager: 'tm-2',
        start: T0 + 3 * STEP,
        end: T0 + 6 * STEP,
        gcTimeMs: 3600,
        gcCount: 1,
        collector: 'G1 Old Generation',
        significant: true,
      }),
    ]);
    const e = doc.episodes.find((x) => x.vertexId === 'src')!;
    expect(e.gc).toEqual([{ taskManager: 'tm-2', gcTimeMs: 3600 }]);
    expect(e.hints.find((h) => h.kind === 'gc')?.evidence).toMatchObject({
      taskManagers: ['tm-2'],
      gcTimeMs: 3600,
      windows: 1,
    });
  });

  it('tags a restart shortly before as restart and catch-up', () => {
    const events = [{ kind: 'restart' as const, clusterId: 1, jobId: JOB, ts: epochMs(T0 + STEP), numRestarts: 1 }];
    const doc = analyzeSession(session({ vertices, edges, frames, events }));
    const e = doc.episodes.find((x) => x.vertexId === 'src')!;
    expect(e.overlaps).toContain('restart');
    expect(e.catchUp).toBe(true);
    expect(e.hints.find((h) => h.kind === 'catch-up')?.evidence).toMatchObject({ after: 'restart', msAfter: STEP });
  });

  it('has no context tags without overlapping windows or events', () => {
    const doc = analyzeSession(session({ vertices, edges, frames }));
    const e = doc.episodes.find((x) => x.vertexId === 'src')!;
    expect(e.overlaps).toEqual([]);
    expect(e.catchUp).toBe(false);
    expect(e.hints.map((h) => h.kind)).toEqual(['overloaded']);
  });
});

describe('placements given apart from frames', () => {
  it('uses the placement valid during the episode to find the TaskManagers', () => {
    const vertices = [vertex('src', 1, 0), vertex('agg', 1, 1)];
    const frames = [
      ...chain('src', { bp: pattern('..HHHH..', 1), busy: rows(8, [0.05]) }),
      ...chain('agg', { bp: rows(8, [0]), busy: rows(8, [0.95]) }),
    ];
    // agg's subtask 0 moved from tm-old to tm-new before the episode.
    const placements = [
      { clusterId: 1, jobId: JOB, vertexId: 'agg', ts: epochMs(T0), taskManagers: ['tm-old'] },
      { clusterId: 1, jobId: JOB, vertexId: 'agg', ts: epochMs(T0 + STEP), taskManagers: ['tm-new'] },
    ];
    const gcWindows = [
      gcw('tm-old', T0 + 3 * STEP, T0 + 4 * STEP, 3000),
      gcw('tm-new', T0 + 4 * STEP, T0 + 5 * STEP, 2000),
    ];
    const doc = analyzeSession(session({ vertices, edges: [edge('src', 'agg')], frames, placements, gcWindows }));
    expect(doc.episodes[0]!.gc).toEqual([{ taskManager: 'tm-new', gcTimeMs: 2000 }]);
  });
});

// What is under the pointer in a timeline row: one hit test per row kind, used alike by the
// hover tooltip and by Shift+click (pin the finding, select the note). Pure: tested alone.

import type { AnnotationSummary, EpisodeSummary } from '../../../../shared/api';
import type { CheckpointEvent, GcWindow, JobEvent } from '../../../../shared/model';
import { LEVELS } from '../../../../shared/analysis/levels';
import { gcWindowText } from '../../../../shared/analysis/gc';
import { formatBytes } from '../../../../shared/bytes';
import { formatDuration } from '../../../../shared/time';
import type { Names } from '../names';
import { checkpointPin, episodePin, eventPin, gcPin, type Pin } from '../pins';
import { inScope, type Row, type RowKind } from './rows';

/** What the rows show over the window on screen. */
export interface LaneData {
  from: number;
  to: number;
  checkpoints: readonly CheckpointEvent[];
  gcWindows: readonly GcWindow[];
  events: readonly JobEvent[];
  episodes: readonly EpisodeSummary[];
  annotations: readonly AnnotationSummary[];
  /** Stacking level of each annotation (by id). */
  annotationLevel: ReadonlyMap<number, number>;
}

export interface HitContext {
  names: Names;
  /** Time of day as the axis shows it (UTC or local). */
  clock: (ms: number) => string;
}

export interface Hit {
  /** Tooltip: a title line and detail lines. */
  lines: string[];
  /** What Shift+click pins as an annotation. */
  pin?: Pin;
  /** The note under the pointer (Shift+click selects it). */
  annotation?: AnnotationSummary;
  /** The episode under the pointer. */
  episode?: EpisodeSummary;
}

/** A whole lane label for one bucket's level code. */
export const levelName = (code: number | null | undefined): string =>
  code === null || code === undefined ? 'no data' : LEVELS[code]!;

/** The level code of a lane's bucket under x (of `width` px). */
export function levelAt(levels: readonly (number | null)[], x: number, width: number): number | null | undefined {
  return levels[Math.min(levels.length - 1, Math.max(0, Math.floor((x / width) * levels.length)))];
}

export function eventLabel(e: JobEvent): string {
  switch (e.kind) {
    case 'state':
      return `${e.from ?? '?'} → ${e.to}`;
    case 'restart':
      return `restart #${e.numRestarts}`;
    case 'rescale':
      return `rescale ${e.from} → ${e.to}`;
    case 'exception':
      return `${e.exceptionName}: ${e.message}`;
    case 'recorder-error':
      return `recorder error: ${e.message}`;
    case 'plan-change':
      return 'plan changed';
    case 'checkpoint-history-gap':
      return `${e.missedIds} checkpoints not seen`;
  }
}

/** A checkpoint as Flink's checkpoint history details it: timing, alignment, sizes, failure. */
export function checkpointLines(c: CheckpointEvent, ctx: HitContext): string[] {
  const what = c.isSavepoint ? 'Savepoint' : 'Checkpoint';
  const lines = [
    `${what} ${c.id} · ${c.status.replace('_', ' ').toLowerCase()}${ctx.names.multiJob ? ` · ${ctx.names.job(c.clusterId, c.jobId)}` : ''}`,
    `triggered ${ctx.clock(c.triggerTs)}, ${c.status === 'IN_PROGRESS' ? 'last acknowledged' : 'ended'} ${ctx.clock(c.endTs)}`,
    `end-to-end duration ${formatDuration(c.endTs - c.triggerTs)}`,
    c.alignmentMs === null
      ? 'alignment not recorded'
      : `alignment ${formatDuration(c.alignmentMs)} (longest of the vertices)`,
  ];
  const sizes = [
    c.checkpointedSize === null ? null : `checkpointed ${formatBytes(c.checkpointedSize)}`,
    c.stateSize === null ? null : `full state ${formatBytes(c.stateSize)}`,
  ].filter((s) => s !== null);
  if (sizes.length > 0) lines.push(sizes.join(', '));
  if (c.failureMessage) lines.push(`failure: ${c.failureMessage}`);
  return lines;
}

export function gcLines(g: GcWindow, ctx: HitContext): string[] {
  const share = g.gcTimeMs / Math.max(1, g.end - g.start);
  return [
    `GC pause on ${g.taskManagerId}`,
    gcWindowText(g),
    `${Math.round(Math.min(1, share) * 100)} % of the time in GC, ${ctx.clock(g.start)}–${ctx.clock(g.end)}`,
  ];
}

export function episodeLines(ep: EpisodeSummary, ctx: HitContext): string[] {
  const lines = [
    `${ep.sustained ? 'Sustained' : 'Transient'} ${ep.peak} episode on ${ctx.names.vertexPath(ep.clusterId, ep.jobId, ep.vertexId)}`,
    `${ctx.clock(ep.start)}–${ctx.clock(ep.end)} (${formatDuration(ep.end - ep.start)})`,
  ];
  if (ep.bottleneckVertexId)
    lines.push(
      `bottleneck ${ctx.names.vertex(ep.clusterId, ep.jobId, ep.bottleneckVertexId)}${ep.bottleneckBasis ? ` (${ep.bottleneckBasis})` : ''}`,
    );
  return lines;
}

type Finder = (row: Row, d: LaneData, t: number, tol: number, ctx: HitContext, x: number, width: number) => Hit | null;

const near = (t: number, tol: number, from: number, to: number): boolean => t >= from - tol && t <= to + tol;

/** The hit test of each row kind. */
export const HIT_TESTS: Record<RowKind, Finder> = {
  vertex(row, _d, t, _tol, ctx, x, width) {
    if (row.kind !== 'vertex') return null;
    return { lines: [`${row.title}: ${levelName(levelAt(row.lane.levels, x, width))} at ${ctx.clock(t)}`] };
  },
  group(row, _d, t, _tol, ctx, x, width) {
    if (row.kind !== 'group' || row.lanes.length === 0) return null;
    let worst: number | null = null;
    for (const l of row.lanes) {
      const c = levelAt(l.levels, x, width);
      if (c !== null && c !== undefined && (worst === null || c > worst)) worst = c;
    }
    return { lines: [`${row.label}: worst ${levelName(worst)} at ${ctx.clock(t)}`] };
  },
  episodes(row, d, t, tol, ctx) {
    if (row.kind !== 'episodes') return null;
    const ep = d.episodes.find((p) => inScope(row.scope, p) && near(t, tol, p.start, p.end));
    return ep ? { lines: episodeLines(ep, ctx), pin: episodePin(ep, ctx.names), episode: ep } : null;
  },
  checkpoints(row, d, t, tol, ctx) {
    if (row.kind !== 'checkpoints') return null;
    const c = d.checkpoints.find((p) => inScope(row.scope, p) && near(t, tol, p.triggerTs, p.endTs));
    return c ? { lines: checkpointLines(c, ctx), pin: checkpointPin(c) } : null;
  },
  gc(row, d, t, tol, ctx) {
    if (row.kind !== 'gc') return null;
    const g = d.gcWindows.find(
      (p) => p.clusterId === row.clusterId && p.taskManagerId === row.taskManagerId && near(t, tol, p.start, p.end),
    );
    return g ? { lines: gcLines(g, ctx), pin: gcPin(g) } : null;
  },
  events(row, d, t, tol, ctx) {
    if (row.kind !== 'events') return null;
    const ev = d.events.find((p) => inScope(row.scope, p) && Math.abs(p.ts - t) <= tol);
    if (!ev) return null;
    const label = eventLabel(ev);
    const pin = eventPin(ev, label);
    return { lines: [`${ctx.clock(ev.ts)} ${label}`], ...(pin ? { pin } : {}) };
  },
  annotations(row, d, t, tol, ctx) {
    if (row.kind !== 'annotations') return null;
    const a = d.annotations.find(
      (p) => (d.annotationLevel.get(p.id) ?? 0) === row.level && near(t, tol, p.start, p.end ?? p.start),
    );
    if (!a) return null;
    const when =
      a.end === null
        ? ctx.clock(a.start)
        : `${ctx.clock(a.start)}–${ctx.clock(a.end)} (${formatDuration(a.end - a.start)})`;
    return { lines: [`${a.tag ? `[${a.tag}] ` : ''}${a.preview}${a.previewCut ? '…' : ''}`, when], annotation: a };
  },
};

/** The hit in `row` at x (of `width` px over the window d.from..d.to); tolerance 4 px. */
export function hitTest(row: Row, d: LaneData, x: number, width: number, ctx: HitContext): Hit | null {
  const span = d.to - d.from;
  const t = d.from + (x / width) * span;
  const tol = (span / width) * 4;
  return HIT_TESTS[row.kind](row, d, t, tol, ctx, x, width);
}

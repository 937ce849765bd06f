// Why a vertex is named the bottleneck. The downstream walk names a busy vertex (or, without
// busy time, one whose input buffers are full). When the vertices after the backpressured ones
// are neither, the stall may still have a visible cause at one of them (the guide: "the operator
// after the last one that is experiencing backpressure" is where to look):
// - GC: the receiver's subtasks ran on a TaskManager whose collectors ran for a significant part
//   of the episode. A paused JVM freezes the task in whatever it was doing, so it does not show
//   as busy; its senders block on it.
// - Checkpoint alignment: a transient episode during a checkpoint that spent long aligning
//   barriers. The aligning task waits for barriers with its inputs held: it is idle, not busy.
// Each fires only on its evidence and says what it rests on; otherwise the walk stays ambiguous.

import type { CheckpointEvent, GcWindow } from '../model';
import type { BottleneckRule, EvidenceValue } from './document';
import { collectorsOf } from './gc';
import { busySubtasks } from './hints';
import { ALIGNMENT_MIN_MS, GC_MIN_MS, GC_SHARE, IN_POOL_HIGH, OUT_POOL_HIGH } from './thresholds';
import type { WindowStats } from './window-stats';

export interface Attribution {
  vertexId: string;
  rule: BottleneckRule;
  subtasks: number[];
  text: string;
  evidence: Record<string, EvidenceValue>;
}

const r3 = (x: number): number | null => (Number.isFinite(x) ? Math.round(x * 1000) / 1000 : null);

/**
 * The guide's buffer rule per subtask: inPoolUsage ~100 % while outPoolUsage is not high (a
 * sink has no output pool: missing counts as not high). Empty when inPoolUsage is not reported.
 */
export function inputFullSubtasks(st: WindowStats): number[] {
  const out: number[] = [];
  for (let i = 0; i < st.inPoolBySubtask.length; i++) {
    if (st.inPoolBySubtask[i]! >= IN_POOL_HIGH && !(st.outPoolBySubtask[i]! >= OUT_POOL_HIGH)) out.push(i);
  }
  return out;
}

/** The guide's rule: busy and not backpressured, right after the backpressured vertices. */
export function busyAttribution(b: { vertexId: string; name: string; stats: WindowStats }): Attribution {
  const subtasks = busySubtasks(b.stats);
  const busyMax = Math.round(b.stats.busyMax * 1000) / 1000;
  return {
    vertexId: b.vertexId,
    rule: 'busy',
    subtasks,
    text: `${b.name}: busy up to ${Math.round(busyMax * 100)}% and not backpressured, right after the backpressured vertices.`,
    evidence: { busyMax, busySubtasks: subtasks },
  };
}

/** Evidence for a vertex named by the buffer rule (busy time not reported). */
export function inputBuffersAttribution(vertexId: string, name: string, st: WindowStats): Attribution {
  const subtasks = inputFullSubtasks(st);
  const inPool = subtasks.map((i) => r3(st.inPoolBySubtask[i]!) ?? 0);
  const outPool = subtasks.map((i) => r3(st.outPoolBySubtask[i]!)).filter((x): x is number => x !== null);
  return {
    vertexId,
    rule: 'input-buffers',
    subtasks,
    text:
      `${name}: busy time is not reported by this Flink version; by the buffer rule, subtask` +
      `${subtasks.length === 1 ? '' : 's'} ${subtasks.join(', ')} ha${subtasks.length === 1 ? 's' : 've'} a full input pool ` +
      `(inPoolUsage ${Math.round(Math.min(...inPool) * 100)}%+) and ${outPool.length > 0 ? `an output pool at most ${Math.round(Math.max(...outPool) * 100)}%` : 'no output pool'} ` +
      `while not backpressured: the backpressure originates here.`,
    evidence: { busyReported: false, inputFullSubtasks: subtasks, inPoolUsage: inPool, outPoolUsage: outPool },
  };
}

export interface StallContext {
  /** Receivers right after the backpressured vertices that are neither backpressured nor busy. */
  idle: { vertexId: string; name: string; stats: WindowStats }[];
  start: number;
  end: number;
  transient: boolean;
  /** TaskManager of each subtask of a vertex during the window (index = subtask). */
  taskManagersOf(vertexId: string, subtask: number): string[];
  /** Significant GC windows of the cluster overlapping the episode. */
  gc: GcWindow[];
  /** Checkpoints overlapping the episode. */
  checkpoints: CheckpointEvent[];
}

function gcAttribution(ctx: StallContext): Attribution | null {
  const durationMs = Math.max(1, ctx.end - ctx.start);
  const gcMsByTm = new Map<string, number>();
  for (const w of ctx.gc) gcMsByTm.set(w.taskManagerId, (gcMsByTm.get(w.taskManagerId) ?? 0) + w.gcTimeMs);
  // A TaskManager that collected for a significant share of the episode can explain it.
  const frozen = new Set(
    [...gcMsByTm].filter(([, ms]) => ms >= GC_MIN_MS || ms >= GC_SHARE * durationMs).map(([tm]) => tm),
  );
  if (frozen.size === 0) return null;
  const hits: Attribution[] = [];
  for (const r of ctx.idle) {
    const subtasks: number[] = [];
    const tms = new Set<string>();
    for (let i = 0; i < r.stats.parallelism; i++) {
      const on = ctx.taskManagersOf(r.vertexId, i).filter((tm) => frozen.has(tm));
      if (on.length > 0) {
        subtasks.push(i);
        for (const tm of on) tms.add(tm);
      }
    }
    if (subtasks.length === 0) continue;
    const tmList = [...tms].sort();
    const gcMs = tmList.map((tm) => gcMsByTm.get(tm)!);
    const collectors = collectorsOf(ctx.gc.filter((w) => tms.has(w.taskManagerId)));
    hits.push({
      vertexId: r.vertexId,
      rule: 'gc',
      subtasks,
      text:
        `${r.name}: not busy, but subtask${subtasks.length === 1 ? '' : 's'} ${subtasks.join(', ')} ran on ` +
        `${tmList.join(', ')}, which spent ${Math.max(...gcMs)} ms in GC${collectors.length > 0 ? ` (${collectors.join(', ')})` : ''} during the episode: ` +
        `a paused JVM stalls its senders.`,
      evidence: {
        busyMax: r3(r.stats.busyMax),
        taskManagers: tmList,
        gcTimeMs: gcMs,
        collectors,
        episodeMs: ctx.end - ctx.start,
      },
    });
  }
  return hits.length === 1 ? hits[0]! : null;
}

function checkpointAttribution(ctx: StallContext): Attribution | null {
  if (!ctx.transient) return null;
  // Alignment unknown (not measured) still counts; a measured short one cannot hold inputs for long.
  const cps = ctx.checkpoints.filter((c) => c.alignmentMs === null || c.alignmentMs >= ALIGNMENT_MIN_MS);
  if (cps.length === 0) return null;
  let pick = ctx.idle;
  if (pick.length > 1) {
    // Held inputs fill the aligning task's input pool: prefer the receiver that shows it.
    pick = pick.filter((r) => inputFullSubtasks(r.stats).length > 0);
  }
  if (pick.length !== 1) return null;
  const r = pick[0]!;
  const subtasks = Array.from({ length: r.stats.parallelism }, (_, i) => i);
  const aligned = cps.filter((c) => c.alignmentMs !== null).map((c) => c.alignmentMs!);
  return {
    vertexId: r.vertexId,
    rule: 'checkpoint-alignment',
    subtasks,
    text:
      `${r.name}: not busy, during checkpoint${cps.length === 1 ? '' : 's'} ${cps.map((c) => c.id).join(', ')}` +
      (aligned.length > 0 ? ` (alignment up to ${Math.max(...aligned)} ms)` : '') +
      `: the first vertex after the backpressured ones holds its inputs while aligning barriers.`,
    evidence: {
      busyMax: r3(r.stats.busyMax),
      checkpointIds: cps.map((c) => c.id),
      alignmentMsMax: aligned.length > 0 ? Math.max(...aligned) : null,
      transient: true,
    },
  };
}

/** Cause at the frontier when no receiver is busy: GC first (TaskManager-specific), then alignment. */
export function attributeStall(ctx: StallContext): Attribution | null {
  if (ctx.idle.length === 0) return null;
  return gcAttribution(ctx) ?? checkpointAttribution(ctx);
}

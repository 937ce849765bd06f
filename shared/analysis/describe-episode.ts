// One episode → its document, as a pipeline of named steps over an EpisodeContext: timing and
// spread, the bottleneck walk, its attribution, the TaskManagers and GC involved, the job's
// events, overlaps, cause hints, impact.

import type { CheckpointEvent, GcWindow } from '../model';
import { hasInPoolCaveat } from '../flink-versions';
import {
  attributeStall,
  busyAttribution,
  inputBuffersAttribution,
  inputFullSubtasks,
  type Attribution,
} from './attribution';
import { findBottleneck, type BottleneckResult, type VertexState } from './bottleneck';
import type { Ambiguity, EpisodeClass, EpisodeDoc } from './document';
import type { EpisodeContext } from './episode-context';
import {
  affectedSpread,
  episodeTiming,
  impactOf,
  jobEventsAround,
  overlapsOf,
  ratioSourcesOf,
  summariseGc,
  type EpisodeTiming,
  type JobEventsAround,
} from './episode-steps';
import { isSignificantGc } from './gc';
import { stackHints } from './evidence-hints';
import { EVIDENCE_AFTER_END_MS } from './evidence';
import { causeHints, type VertexEvidence } from './hints';
import { backpressuredIntervals, busyIntervals, coveredShare, type Interval } from './intervals';
import { LEVELS } from './levels';
import { RATIO_SOURCES } from './ratios';
import { taskManagersOf } from './session-index';
import { BACKPRESSURED_SHARE } from './thresholds';
import type { WindowStats } from './window-stats';

const r4 = (x: number): number | null => (Number.isFinite(x) ? Math.round(x * 10_000) / 10_000 : null);

export function describeEpisode(ctx: EpisodeContext): EpisodeDoc {
  const timing = episodeTiming(ctx.raw, ctx.series.intervalMs, ctx.version, ctx.sustainedAfterMs);
  const own = ctx.statsFor(ctx.series, ctx.start, ctx.end);
  const spread = affectedSpread(own.affected, ctx.raw.maxTotal);
  const walk = walkBottleneck(ctx);
  const during = windowsDuring(ctx);
  const attribution = attribute(ctx, walk, timing.cls, during);
  const tms = taskManagersInvolved(ctx, spread.affectedSubtasks, attribution, during.gc);
  const events = jobEventsAround(ctx.ix.events.get(ctx.job) ?? [], ctx.start, ctx.end);
  const overlaps = overlapsOf({
    ...events,
    checkpoints: during.checkpoints,
    gc: tms.gcTagged,
    rescaled: ctx.raw.rescaled,
  });
  const hints = hintsFor(ctx, walk, attribution, tms, during.checkpoints, events.catchUp);
  return assemble(ctx, {
    timing,
    own,
    ...spread,
    walk,
    attribution,
    overlaps,
    hints,
    checkpoints: during.checkpoints,
    gcTagged: tms.gcTagged,
    catchUp: events.catchUp,
  });
}

/** Bottleneck walk over the job graph, with each vertex's state in the episode's window. */
function walkBottleneck(ctx: EpisodeContext): BottleneckResult {
  // Busy time is the first evidence; without it (≤ 1.12) the guide's buffer rule, except up to
  // 1.8 where inPoolUsage counts only floating buffers and is often 100 % anyway.
  const inPoolUsable = !hasInPoolCaveat(ctx.version);
  const stateOf = (id: string): VertexState | undefined => {
    const st = ctx.statsOf(id);
    if (!st) return undefined;
    return {
      backpressured: st.samples > 0 ? st.bpShare >= BACKPRESSURED_SHARE : null,
      busy: st.busyMax,
      inputFull: inPoolUsable && Number.isNaN(st.busyMax) ? inputFullSubtasks(st).length > 0 : null,
    };
  };
  return findBottleneck(ctx.ix.downstream.get(ctx.job) ?? new Map(), stateOf, ctx.vertexId);
}

interface WindowsDuring {
  /** Significant GC windows on the cluster overlapping the episode. */
  gc: GcWindow[];
  checkpoints: CheckpointEvent[];
}

function windowsDuring(ctx: EpisodeContext): WindowsDuring {
  const { start, end } = ctx;
  return {
    gc: (ctx.ix.gc.get(ctx.clusterId) ?? []).filter((w) => w.end > start && w.start < end && isSignificantGc(w)),
    checkpoints: (ctx.ix.checkpoints.get(ctx.job) ?? []).filter((c) => c.endTs >= start && c.triggerTs <= end),
  };
}

/** The walk's bottleneck explained by its evidence; a stall when nothing downstream was busy. */
function attribute(
  ctx: EpisodeContext,
  walk: BottleneckResult,
  cls: EpisodeClass,
  during: WindowsDuring,
): Attribution | null {
  if (walk.vertexId) {
    const ev = ctx.evidenceOf(walk.vertexId)!;
    return walk.basis[walk.vertexId] === 'input-buffers'
      ? inputBuffersAttribution(ev.vertexId, ev.name, ev.stats)
      : busyAttribution(ev);
  }
  if (walk.ambiguity !== 'no-busy-downstream') return null;
  return attributeStall({
    idle: walk.idle.map(ctx.evidenceOf).filter((x): x is VertexEvidence => x !== null),
    start: ctx.start,
    end: ctx.end,
    transient: cls === 'transient',
    taskManagersOf: (id, i) => taskManagersOf(ctx.ix, ctx.keyOf(id), [i], ctx.start, ctx.end),
    gc: during.gc,
    checkpoints: during.checkpoints,
  });
}

interface TaskManagersInvolved {
  /** TaskManagers of the bottleneck's subtasks. */
  bottleneck: string[];
  /** GC on the TaskManagers of the affected subtasks or the bottleneck's. */
  gcTagged: GcWindow[];
  gcBottleneck: GcWindow[];
}

function taskManagersInvolved(
  ctx: EpisodeContext,
  affectedSubtasks: number[],
  attribution: Attribution | null,
  gc: GcWindow[],
): TaskManagersInvolved {
  const affected = taskManagersOf(ctx.ix, ctx.series.key, affectedSubtasks, ctx.start, ctx.end);
  const bottleneck = attribution
    ? taskManagersOf(ctx.ix, ctx.keyOf(attribution.vertexId), attribution.subtasks, ctx.start, ctx.end)
    : [];
  const onTms = (tms: string[]): GcWindow[] => gc.filter((w) => tms.includes(w.taskManagerId));
  return { bottleneck, gcTagged: onTms([...new Set([...affected, ...bottleneck])]), gcBottleneck: onTms(bottleneck) };
}

function hintsFor(
  ctx: EpisodeContext,
  walk: BottleneckResult,
  attribution: Attribution | null,
  tms: TaskManagersInvolved,
  checkpoints: CheckpointEvent[],
  catchUp: JobEventsAround['catchUp'],
): EpisodeDoc['hints'] {
  const { start, end } = ctx;
  // A receiver explained by GC or alignment is not evidence of a network bottleneck.
  const networkEdges = networkEdgesOf(walk, ctx.evidenceOf)
    .map((e) => ({
      sender: e.sender,
      receivers: e.receivers.filter((r) => r.vertexId !== attribution?.vertexId),
    }))
    .filter((e) => e.receivers.length > 0);
  const bottleneckSeries = attribution ? ctx.seriesOf(ctx.keyOf(attribution.vertexId)) : null;
  const backpressured = backpressuredIntervals(ctx.series, start, end);
  const bottleneckBusy = bottleneckSeries ? busyIntervals(bottleneckSeries, start, end) : null;
  const hints = causeHints({
    bottleneck: attribution ? ctx.evidenceOf(attribution.vertexId) : null,
    networkEdges,
    gc: { taskManagers: tms.bottleneck, windows: tms.gcBottleneck },
    start,
    end,
    backpressured,
    bottleneckBusy,
    checkpoints,
    inPoolCaveat: hasInPoolCaveat(ctx.version),
    catchUp,
  });
  const stacks = stacksOf(ctx, attribution?.vertexId ?? ctx.vertexId);
  if (stacks.length === 0) return hints;
  // A stack's share of the bottleneck's samples covers that share of the time it was busy: of the
  // episode's backpressured time, its share times what the bottleneck's busy time covers.
  const window: Interval[] = backpressured.length > 0 ? backpressured : [[start, end]];
  const busyCovers = bottleneckBusy ? coveredShare(window, bottleneckBusy) : 1;
  const scaled = stacks.map((h) => ({ ...h, explains: Math.round(h.explains * busyCovers * 1000) / 1000 }));
  // Ranked with the others by what they explain; equal shares keep the metric hints first (a stable sort).
  return [...hints, ...scaled].sort((a, b) => b.explains - a.explains);
}

/** Hints from the stacks captured of `vertexId` while the episode lasted (and shortly after). */
function stacksOf(ctx: EpisodeContext, vertexId: string): EpisodeDoc['hints'] {
  const all = ctx.ix.evidence.get(ctx.job);
  if (!all) return [];
  const mine = all.filter(
    (e) => e.entry.vertexId === vertexId && e.entry.ts >= ctx.start && e.entry.ts <= ctx.end + EVIDENCE_AFTER_END_MS,
  );
  if (mine.length === 0) return [];
  const st = ctx.statsOf(vertexId);
  return stackHints({
    vertexId,
    vertexName: ctx.nameOf(vertexId),
    evidence: mine,
    metrics: { busyMax: st?.busyMax ?? Number.NaN, bpShare: st?.bpShare ?? Number.NaN },
    downstream: (ctx.ix.downstream.get(ctx.job)?.get(vertexId) ?? []).map((id) => ({
      vertexId: id,
      name: ctx.nameOf(id),
    })),
  });
}

/** Last backpressured vertex → its receivers that were neither busy nor backpressured. */
function networkEdgesOf(
  walk: BottleneckResult,
  evidenceOf: (id: string) => VertexEvidence | null,
): { sender: VertexEvidence; receivers: VertexEvidence[] }[] {
  const bySender = new Map<string, string[]>();
  for (const e of walk.frontier) {
    if (!walk.idle.includes(e.receiver)) continue;
    const l = bySender.get(e.sender);
    if (l) l.push(e.receiver);
    else bySender.set(e.sender, [e.receiver]);
  }
  const out: { sender: VertexEvidence; receivers: VertexEvidence[] }[] = [];
  for (const [sid, rids] of bySender) {
    const sender = evidenceOf(sid);
    const receivers = rids.map(evidenceOf).filter((x): x is VertexEvidence => x !== null);
    if (sender && receivers.length > 0) out.push({ sender, receivers });
  }
  return out;
}

/** The results of the steps, put together by `assemble`. */
interface EpisodeParts {
  timing: EpisodeTiming;
  own: WindowStats;
  affectedSubtasks: number[];
  scope: EpisodeDoc['scope'];
  walk: BottleneckResult;
  attribution: Attribution | null;
  checkpoints: CheckpointEvent[];
  gcTagged: GcWindow[];
  catchUp: JobEventsAround['catchUp'];
  overlaps: EpisodeDoc['overlaps'];
  hints: EpisodeDoc['hints'];
}

function assemble(ctx: EpisodeContext, p: EpisodeParts): EpisodeDoc {
  const { raw, ix, clusterId, jobId, vertexId } = ctx;
  const a = p.attribution;
  const total = raw.maxTotal;
  return {
    cluster: ix.clusters.get(clusterId)?.url ?? `cluster ${clusterId}`,
    jobId,
    jobName: ix.jobNames.get(ctx.job) ?? jobId,
    vertexId,
    vertexName: ix.vertices.get(ctx.series.key)?.name ?? vertexId,
    start: ctx.start,
    end: ctx.end,
    durationMs: raw.durationMs,
    peakLevel: LEVELS[raw.peak] as 'LOW' | 'HIGH',
    class: p.timing.cls,
    subtasks: { affected: p.affectedSubtasks.length, total },
    overlaps: p.overlaps,
    bottleneck: a
      ? {
          vertexId: a.vertexId,
          vertexName: ctx.nameOf(a.vertexId),
          subtasks: a.subtasks,
          rule: a.rule,
          reason: a.text,
          evidence: a.evidence,
        }
      : null,
    hints: p.hints,
    clusterId,
    rank: 0,
    effectiveDurationMs: p.timing.effectiveDurationMs,
    meanRatio: r4(raw.meanRatio),
    dutyCycle: r4(raw.dutyCycle),
    scope: p.scope,
    affectedSubtasks: p.affectedSubtasks,
    ratioSource: RATIO_SOURCES[raw.source]!,
    ratioSources: ratioSourcesOf(raw.sourceCounts),
    resolutionMs: Math.round(Math.max(ctx.series.intervalMs, p.timing.windowMs)),
    recurring: false,
    periodMs: null,
    recurringWith: null,
    checkpoints: p.checkpoints.map((c) => ({ id: c.id, alignmentMs: c.alignmentMs })),
    gc: summariseGc(p.gcTagged),
    catchUp: p.catchUp !== null,
    parallelism: { min: raw.minTotal, max: raw.maxTotal },
    ...impactOf(p.own, raw.durationMs, total > 0 ? p.affectedSubtasks.length / total : 0),
    ambiguity: a ? null : ambiguityOf(p.walk, ctx.nameOf),
  };
}

function ambiguityOf(walk: BottleneckResult, nameOf: (id: string) => string): Ambiguity | null {
  const names = (ids: string[]): string => ids.map(nameOf).join(', ');
  switch (walk.ambiguity) {
    case null:
      return null;
    case 'multiple-candidates':
      return {
        reason: walk.ambiguity,
        text: `several busy vertices right after the backpressured ones: ${names(walk.candidates)}`,
        vertices: walk.candidates,
      };
    case 'missing-data':
      return {
        reason: walk.ambiguity,
        text:
          `no data in this window for ${names(walk.missing)}` +
          (walk.candidates.length > 0 ? `; busy candidate: ${names(walk.candidates)}` : ''),
        vertices: [...walk.missing, ...walk.candidates],
      };
    case 'no-busy-downstream':
      return {
        reason: walk.ambiguity,
        text: `the vertices after the backpressured ones are not busy (${names(walk.idle)}): network or external stall`,
        vertices: walk.idle,
      };
    case 'no-downstream':
      return {
        reason: walk.ambiguity,
        text: 'no vertex downstream of the backpressured ones in the job graph',
        vertices: [],
      };
  }
}

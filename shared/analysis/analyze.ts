// analyzeSession: recorded samples → episodes with bottleneck, cause hints and context windows.

import type { CheckpointEvent, GcWindow, JobEvent } from '../model';
import { attributeStall, busyAttribution, inputBuffersAttribution, inputFullSubtasks, type Attribution } from './attribution';
import { findBottleneck, type BottleneckResult, type VertexState } from './bottleneck';
import type {
  Ambiguity, AnalysisDocument, AnalysisSummary, CheckpointWindowDoc, EpisodeDoc, GcWindowDoc, IncidentDoc, Overlap, RestartDoc,
} from './document';
import { groupIncidents, timeCountedOnce } from './incidents';
import { detectRecurrence, findEpisodes, type RawEpisode } from './episodes';
import { isSignificantGc } from './gc';
import { causeHints, type VertexEvidence } from './hints';
import { AnalysisInputError, jobKey, vertexKey, type AnalysisInput, type VertexKey } from './input';
import { LEVELS } from './levels';
import { RATIO_SOURCES, SRC_ENDPOINT, SRC_GAUGE } from './ratios';
import { backpressuredIntervals, busyIntervals } from './intervals';
import { buildSeries, worstSampleTs, type VertexSeries } from './series';
import { indexInput, taskManagersOf, type AnalysisIndex } from './session-index';
import { BACKPRESSURED_SHARE, CATCH_UP_MS } from './thresholds';
import { gaugeWindowMs, hasFeature, hasInPoolCaveat, type FlinkVersion } from '../flink-versions';
import { seriesContext } from './vertex-series';
import { windowStats, type WindowStats } from './window-stats';

export interface AnalyzeOptions {
  /** Episodes at least this long (after gauge smoothing) are sustained. Default 60 000. */
  sustainedAfterMs?: number;
  /** Bridge interruptions shorter than this. Default: two effective sample intervals per vertex. */
  mergeGapMs?: number;
  from?: number;
  to?: number;
}

export const DEFAULT_SUSTAINED_AFTER_MS = 60_000;

const r4 = (x: number): number | null => (Number.isFinite(x) ? Math.round(x * 10_000) / 10_000 : null);

function checkOption(name: string, v: number | undefined, min: number): void {
  if (v !== undefined && !(Number.isFinite(v) && v >= min)) {
    throw new AnalysisInputError(`option ${name} must be a finite number ≥ ${min}, got ${v}`);
  }
}

interface Pending {
  raw: RawEpisode;
  series: VertexSeries;
  doc: EpisodeDoc;
}

/** `index` is `indexInput(input)` when the caller built one already (it reuses it for other series). */
export function analyzeSession(input: AnalysisInput, options: AnalyzeOptions = {}, index?: AnalysisIndex): AnalysisDocument {
  checkOption('sustainedAfterMs', options.sustainedAfterMs, 0);
  checkOption('mergeGapMs', options.mergeGapMs, 0);
  if (options.from !== undefined && !Number.isFinite(options.from)) throw new AnalysisInputError(`option from is not a time: ${options.from}`);
  if (options.to !== undefined && !Number.isFinite(options.to)) throw new AnalysisInputError(`option to is not a time: ${options.to}`);
  if (options.from !== undefined && options.to !== undefined && options.to < options.from) {
    throw new AnalysisInputError(`option to (${options.to}) is before from (${options.from})`);
  }
  const sustainedAfterMs = options.sustainedAfterMs ?? DEFAULT_SUSTAINED_AFTER_MS;
  const from = options.from ?? -Infinity;
  const to = options.to ?? Infinity;
  const ix = index ?? indexInput(input);

  const seriesCache = new Map<VertexKey, VertexSeries>();
  const seriesOf = (key: VertexKey): VertexSeries | null => {
    let s = seriesCache.get(key);
    if (s) return s;
    const frames = ix.frames.get(key);
    if (!frames) return null;
    const f0 = frames[0]!;
    s = buildSeries(key, frames, seriesContext(ix, f0.clusterId, f0.jobId));
    seriesCache.set(key, s);
    return s;
  };

  // Backpressure spreads upstream, so episodes of several vertices share a window: the
  // downstream vertices' evidence is computed once per (vertex, window).
  const statsCache = new Map<string, WindowStats>();
  const statsFor = (vs: VertexSeries, start: number, end: number): WindowStats => {
    const k = `${vs.key}|${start}|${end}`;
    let st = statsCache.get(k);
    if (!st) statsCache.set(k, (st = windowStats(vs, start, end)));
    return st;
  };

  const pending: Pending[] = [];
  for (const key of ix.frames.keys()) {
    const s = seriesOf(key)!;
    const f0 = s.frames[0]!;
    const version = ix.versions.get(f0.clusterId) ?? null;
    const mergeGapMs = options.mergeGapMs ?? 2 * s.intervalMs;
    const raws = findEpisodes(s, { mergeGapMs, from, to });
    const docs: Pending[] = [];
    for (const raw of raws) {
      const doc = describeEpisode(ix, seriesOf, statsFor, s, raw, version, sustainedAfterMs);
      docs.push({ raw, series: s, doc });
    }
    // Transients recurring at a regular period (e.g. every checkpoint).
    const transients = docs.filter((d) => d.doc.class === 'transient');
    const rec = detectRecurrence(transients.map((d) => d.doc.start), s.intervalMs);
    if (rec) {
      const everyCheckpoint = transients.every((d) => d.doc.overlaps.includes('checkpoint'));
      for (const d of transients) {
        d.doc.recurring = true;
        d.doc.periodMs = rec.periodMs;
        d.doc.recurringWith = everyCheckpoint ? 'checkpoint' : null;
      }
    }
    pending.push(...docs);
  }

  const episodes = pending.map((p) => p.doc);
  episodes.sort(
    (a, b) =>
      (a.class === 'sustained' ? 0 : 1) - (b.class === 'sustained' ? 0 : 1) ||
      (a.impactBasis === 'records' ? 0 : 1) - (b.impactBasis === 'records' ? 0 : 1) ||
      b.impact - a.impact ||
      a.start - b.start ||
      a.vertexId.localeCompare(b.vertexId),
  );
  episodes.forEach((e, i) => (e.rank = i + 1));
  const incidents = groupIncidents(episodes, {
    order: (clusterId, jobId, vertexId) => ix.vertices.get(vertexKey(clusterId, jobId, vertexId))?.topoIndex ?? 0,
    worstAt: (clusterId, jobId, vertexId, a, b) => {
      const vs = seriesOf(vertexKey(clusterId, jobId, vertexId));
      return vs ? worstSampleTs(vs, a, b) : null;
    },
  });

  const urlOf = (id: number): string => ix.clusters.get(id)?.url ?? `cluster ${id}`;
  const checkpoints: CheckpointWindowDoc[] = input.checkpoints
    .filter((c) => c.endTs >= from && c.triggerTs <= to)
    .sort((a, b) => a.triggerTs - b.triggerTs || a.id - b.id)
    .map((c) => ({
      cluster: urlOf(c.clusterId), jobId: c.jobId, id: c.id, start: c.triggerTs, end: c.endTs, status: c.status,
      clusterId: c.clusterId, isSavepoint: c.isSavepoint, alignmentMs: c.alignmentMs,
    }));
  const gc: GcWindowDoc[] = [];
  for (const list of ix.gc.values()) {
    for (const w of list) {
      if (w.end < from || w.start > to) continue;
      gc.push({
        cluster: urlOf(w.clusterId), taskManager: w.taskManagerId, start: w.start, end: w.end, gcTimeMs: w.gcTimeMs,
        clusterId: w.clusterId, gcCount: w.gcCount, collector: w.collector, significant: isSignificantGc(w),
      });
    }
  }
  gc.sort((a, b) => a.start - b.start || a.taskManager.localeCompare(b.taskManager));
  const restarts = restartDocs(input, from, to, urlOf);

  return {
    session: sessionBounds(input, from, to),
    episodes,
    incidents,
    windows: { checkpoints, gc, restarts },
    options: {
      sustainedAfterMs,
      mergeGapMs: options.mergeGapMs ?? null,
      from: options.from ?? null,
      to: options.to ?? null,
    },
    summary: summarise(episodes, incidents),
  };
}

function sessionBounds(input: AnalysisInput, from: number, to: number): AnalysisDocument['session'] {
  let start = Infinity;
  let end = -Infinity;
  for (const t of input.ticks) {
    if (t.ts < start) start = t.ts;
    if (t.ts > end) end = t.ts;
  }
  for (const f of input.frames) {
    if (f.ts < start) start = f.ts;
    if (f.ts > end) end = f.ts;
  }
  if (!Number.isFinite(start)) start = end = Number.isFinite(from) ? from : 0;
  start = Math.max(start, from);
  end = Math.max(start, Math.min(end, to));
  return {
    start,
    end,
    clusters: input.clusters
      .slice()
      .sort((a, b) => a.id - b.id)
      .map((c) => ({ url: c.url, flinkVersion: c.flinkVersion, id: c.id })),
  };
}

function describeEpisode(
  ix: AnalysisIndex,
  seriesOf: (key: VertexKey) => VertexSeries | null,
  statsFor: (s: VertexSeries, start: number, end: number) => WindowStats,
  s: VertexSeries,
  raw: RawEpisode,
  version: FlinkVersion | null,
  sustainedAfterMs: number,
): EpisodeDoc {
  const f0 = s.frames[0]!;
  const { clusterId, jobId, vertexId } = f0;
  const jk = jobKey(clusterId, jobId);
  const info = ix.vertices.get(s.key);
  const nameOf = (id: string): string => ix.vertices.get(vertexKey(clusterId, jobId, id))?.name ?? id;
  const { start, end } = raw;

  // Gauges (and /backpressure on 1.13+, which reads them) are moving averages: a burst shows
  // for burst + window. Classification subtracts the part of the window beyond one sample.
  const src = raw.source;
  const smoothed =
    src === SRC_GAUGE || (src === SRC_ENDPOINT && hasFeature(version, 'metricBackpressure'));
  const windowMs = smoothed ? gaugeWindowMs(version) : 0;
  const effectiveDurationMs = Math.max(0, raw.durationMs - Math.max(0, windowMs - s.intervalMs));
  const cls = effectiveDurationMs >= sustainedAfterMs ? 'sustained' : 'transient';

  const own = statsFor(s, start, end);
  const affectedSubtasks: number[] = [];
  for (let i = 0; i < own.affected.length; i++) if (own.affected[i]) affectedSubtasks.push(i);
  const total = raw.maxTotal;
  const scope = affectedSubtasks.length >= total && total > 0 ? 'all' : affectedSubtasks.length <= 1 ? 'one' : 'some';

  // Bottleneck walk over the job graph, with each vertex's state in this window.
  const statsOf = (id: string): WindowStats | null => {
    const k = vertexKey(clusterId, jobId, id);
    const vs = seriesOf(k);
    return vs ? statsFor(vs, start, end) : null;
  };
  // Busy time is the first evidence; without it (≤ 1.12) the guide's buffer rule, except up to
  // 1.8 where inPoolUsage counts only floating buffers and is often 100 % anyway.
  const inPoolUsable = !hasInPoolCaveat(version);
  const stateOf = (id: string): VertexState | undefined => {
    const st = statsOf(id);
    if (!st) return undefined;
    return {
      backpressured: st.samples > 0 ? st.bpShare >= BACKPRESSURED_SHARE : null,
      busy: st.busyMax,
      inputFull: inPoolUsable && Number.isNaN(st.busyMax) ? inputFullSubtasks(st).length > 0 : null,
    };
  };
  const walk = findBottleneck(ix.downstream.get(jk) ?? new Map(), stateOf, vertexId);
  const evidenceOf = (id: string): VertexEvidence | null => {
    const st = statsOf(id);
    return st ? { vertexId: id, name: nameOf(id), stats: st } : null;
  };
  const gcAll = (ix.gc.get(clusterId) ?? []).filter((w) => w.end > start && w.start < end && isSignificantGc(w));
  const cps = (ix.checkpoints.get(jk) ?? []).filter((c) => c.endTs >= start && c.triggerTs <= end);
  let attribution: Attribution | null = null;
  if (walk.vertexId) {
    const ev = evidenceOf(walk.vertexId)!;
    attribution = walk.basis[walk.vertexId] === 'input-buffers'
      ? inputBuffersAttribution(ev.vertexId, ev.name, ev.stats)
      : busyAttribution(ev);
  } else if (walk.ambiguity === 'no-busy-downstream') {
    attribution = attributeStall({
      idle: walk.idle.map(evidenceOf).filter((x): x is VertexEvidence => x !== null),
      start,
      end,
      transient: cls === 'transient',
      taskManagersOf: (id, i) => taskManagersOf(ix, vertexKey(clusterId, jobId, id), [i], start, end),
      gc: gcAll,
      checkpoints: cps,
    });
  }
  const bottleneckEv = attribution ? evidenceOf(attribution.vertexId) : null;
  const bottleneckSubtasks = attribution ? attribution.subtasks : [];

  // TaskManagers: of the affected subtasks here, and of the bottleneck's subtasks.
  const tmAffected = taskManagersOf(ix, s.key, affectedSubtasks, start, end);
  const tmBottleneck = attribution
    ? taskManagersOf(ix, vertexKey(clusterId, jobId, attribution.vertexId), bottleneckSubtasks, start, end)
    : [];
  const onTms = (tms: string[]): GcWindow[] => gcAll.filter((w) => tms.includes(w.taskManagerId));
  const gcTagged = onTms([...new Set([...tmAffected, ...tmBottleneck])]);
  const gcBottleneck = onTms(tmBottleneck);

  const events = (ix.events.get(jk) ?? []).filter((e) => e.ts >= start - CATCH_UP_MS && e.ts <= end);
  const restarts = events.filter((e) => e.kind === 'restart');
  const rescales = events.filter((e) => e.kind === 'rescale');
  const before = events.filter((e) => (e.kind === 'restart' || e.kind === 'rescale') && e.ts <= start);
  const latest: JobEvent | undefined = before[before.length - 1];
  const catchUp = latest && (latest.kind === 'restart' || latest.kind === 'rescale')
    ? { kind: latest.kind, msBefore: start - latest.ts }
    : null;

  const overlaps: Overlap[] = [];
  if (cps.length > 0) overlaps.push('checkpoint');
  if (gcTagged.length > 0) overlaps.push('gc');
  if (restarts.length > 0) overlaps.push('restart');
  if (rescales.length > 0 || raw.rescaled) overlaps.push('rescale');

  // A receiver explained by GC or alignment is not evidence of a network bottleneck.
  const networkEdges = networkEdgesOf(walk, evidenceOf).map((e) => ({
    sender: e.sender,
    receivers: e.receivers.filter((r) => r.vertexId !== attribution?.vertexId),
  })).filter((e) => e.receivers.length > 0);
  const bottleneckSeries = attribution ? seriesOf(vertexKey(clusterId, jobId, attribution.vertexId)) : null;
  const hints = causeHints({
    bottleneck: bottleneckEv,
    networkEdges,
    gc: { taskManagers: tmBottleneck, windows: gcBottleneck },
    start,
    end,
    backpressured: backpressuredIntervals(s, start, end),
    bottleneckBusy: bottleneckSeries ? busyIntervals(bottleneckSeries, start, end) : null,
    checkpoints: cps,
    inPoolCaveat: hasInPoolCaveat(version),
    catchUp,
  });

  const throughput = Number.isFinite(own.recordsOutPerSec) ? own.recordsOutPerSec : own.recordsInPerSec;
  const hasThroughput = Number.isFinite(throughput);
  const share = total > 0 ? affectedSubtasks.length / total : 0;
  const secs = raw.durationMs / 1000;
  const sources: string[] = [];
  raw.sourceCounts.forEach((c, i) => {
    if (c > 0) sources.push(RATIO_SOURCES[i]!);
  });

  return {
    cluster: ix.clusters.get(clusterId)?.url ?? `cluster ${clusterId}`,
    jobId,
    jobName: ix.jobNames.get(jk) ?? jobId,
    vertexId,
    vertexName: info?.name ?? vertexId,
    start,
    end,
    durationMs: raw.durationMs,
    peakLevel: LEVELS[raw.peak] as 'LOW' | 'HIGH',
    class: cls,
    subtasks: { affected: affectedSubtasks.length, total },
    overlaps,
    bottleneck: attribution
      ? {
        vertexId: attribution.vertexId, vertexName: nameOf(attribution.vertexId), subtasks: bottleneckSubtasks,
        rule: attribution.rule, reason: attribution.text, evidence: attribution.evidence,
      }
      : null,
    hints,
    clusterId,
    rank: 0,
    effectiveDurationMs,
    meanRatio: r4(raw.meanRatio),
    dutyCycle: r4(raw.dutyCycle),
    scope,
    affectedSubtasks,
    ratioSource: RATIO_SOURCES[raw.source]!,
    ratioSources: sources,
    resolutionMs: Math.round(Math.max(s.intervalMs, windowMs)),
    recurring: false,
    periodMs: null,
    recurringWith: null,
    checkpoints: cps.map((c: CheckpointEvent) => ({ id: c.id, alignmentMs: c.alignmentMs })),
    gc: summariseGc(gcTagged),
    catchUp: catchUp !== null,
    parallelism: { min: raw.minTotal, max: raw.maxTotal },
    throughputRecordsPerSec: hasThroughput ? Math.round(throughput * 100) / 100 : null,
    impact: Math.round((hasThroughput ? secs * throughput : secs * share) * 100) / 100,
    impactBasis: hasThroughput ? 'records' : 'subtasks',
    ambiguity: attribution ? null : ambiguityOf(walk, nameOf),
  };
}

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
      return { reason: walk.ambiguity, text: 'no vertex downstream of the backpressured ones in the job graph', vertices: [] };
  }
}

function summariseGc(windows: GcWindow[]): { taskManager: string; gcTimeMs: number }[] {
  const by = new Map<string, number>();
  for (const w of windows) by.set(w.taskManagerId, (by.get(w.taskManagerId) ?? 0) + w.gcTimeMs);
  return [...by].sort((a, b) => a[0].localeCompare(b[0])).map(([taskManager, gcTimeMs]) => ({ taskManager, gcTimeMs }));
}

function summarise(episodes: EpisodeDoc[], incidents: IncidentDoc[]): AnalysisSummary {
  const by = new Map<string, { row: AnalysisSummary['bottlenecks'][number]; blamed: EpisodeDoc[] }>();
  for (const e of episodes) {
    if (!e.bottleneck) continue;
    const k = `${e.clusterId}/${e.jobId}/${e.bottleneck.vertexId}`;
    const cur = by.get(k) ?? {
      row: {
        cluster: e.cluster, jobId: e.jobId, vertexId: e.bottleneck.vertexId, vertexName: e.bottleneck.vertexName,
        episodes: 0, durationMs: 0, incidents: 0,
      },
      blamed: [],
    };
    cur.row.episodes++;
    cur.blamed.push(e);
    by.set(k, cur);
  }
  for (const x of incidents) {
    if (x.bottleneck) by.get(`${x.clusterId}/${x.jobId}/${x.bottleneck.vertexId}`)!.row.incidents++;
  }
  for (const { row, blamed } of by.values()) row.durationMs = timeCountedOnce(blamed);
  const perJob = new Map<string, EpisodeDoc[]>();
  for (const e of episodes) {
    const k = `${e.clusterId}/${e.jobId}`;
    perJob.set(k, [...(perJob.get(k) ?? []), e]);
  }
  return {
    episodes: episodes.length,
    sustained: episodes.filter((e) => e.class === 'sustained').length,
    transient: episodes.filter((e) => e.class === 'transient').length,
    recurring: episodes.filter((e) => e.recurring).length,
    backpressuredMs: episodes.reduce((a, e) => a + e.durationMs, 0),
    bottlenecks: [...by.values()].map((x) => x.row).sort((a, b) => b.durationMs - a.durationMs || b.episodes - a.episodes),
    incidents: incidents.length,
    sustainedIncidents: incidents.filter((x) => x.class === 'sustained').length,
    transientIncidents: incidents.filter((x) => x.class === 'transient').length,
    incidentMs: [...perJob.values()].reduce((a, list) => a + timeCountedOnce(list), 0),
  };
}

/**
 * An exception this close to a restart may explain it: the restart is stamped with the start of the poll
 * that saw it, so its failure can be a poll earlier or a moment after that start.
 */
const RESTART_CAUSE_WINDOW_MS = 60_000;

function restartDocs(input: AnalysisInput, from: number, to: number, urlOf: (id: number) => string): RestartDoc[] {
  const exceptions = input.events.filter((e): e is Extract<JobEvent, { kind: 'exception' }> => e.kind === 'exception');
  return input.events
    .filter((e): e is Extract<JobEvent, { kind: 'restart' }> => e.kind === 'restart' && e.ts >= from && e.ts <= to)
    .sort((a, b) => a.ts - b.ts)
    .map((r) => {
      const near = exceptions.filter((x) => x.clusterId === r.clusterId && x.jobId === r.jobId && Math.abs(x.ts - r.ts) <= RESTART_CAUSE_WINDOW_MS);
      const cause = near.reduce<(typeof near)[number] | undefined>((a, x) => (!a || Math.abs(x.ts - r.ts) < Math.abs(a.ts - r.ts) ? x : a), undefined);
      return {
        cluster: urlOf(r.clusterId), clusterId: r.clusterId, jobId: r.jobId, ts: r.ts, numRestarts: r.numRestarts,
        cause: cause ? { exceptionName: cause.exceptionName, message: cause.message, taskName: cause.taskName } : null,
      };
    });
}

// analyzeSession: recorded samples → episodes with bottleneck, cause hints and context windows.

import type { JobEvent } from '../model';
import type {
  AnalysisDocument,
  AnalysisSummary,
  CheckpointWindowDoc,
  EpisodeDoc,
  GcWindowDoc,
  IncidentDoc,
  RestartDoc,
} from './document';
import { describeEpisode } from './describe-episode';
import { episodeContext, sessionLookups, type SessionLookups } from './episode-context';
import { groupIncidents, timeCountedOnce } from './incidents';
import { detectRecurrence, findEpisodes, type RawEpisode } from './episodes';
import { isSignificantGc } from './gc';
import { AnalysisInputError, type AnalysisInput } from './input';
import { jobKey, vertexKey } from '../keys';
import { worstSampleTs, type VertexSeries } from './series';
import { indexInput, type AnalysisIndex } from './session-index';

export interface AnalyzeOptions {
  /** Episodes at least this long (after gauge smoothing) are sustained. Default 60 000. */
  sustainedAfterMs?: number;
  /** Bridge interruptions shorter than this. Default: two effective sample intervals per vertex. */
  mergeGapMs?: number;
  from?: number;
  to?: number;
}

export const DEFAULT_SUSTAINED_AFTER_MS = 60_000;

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

/**
 * `index` is `indexInput(input)` when the caller built one already, and `lookups` its
 * `sessionLookups(index)` (the caller then reads the series the analysis built from them).
 */
export function analyzeSession(
  input: AnalysisInput,
  options: AnalyzeOptions = {},
  index?: AnalysisIndex,
  lookups?: SessionLookups,
): AnalysisDocument {
  checkOption('sustainedAfterMs', options.sustainedAfterMs, 0);
  checkOption('mergeGapMs', options.mergeGapMs, 0);
  if (options.from !== undefined && !Number.isFinite(options.from))
    throw new AnalysisInputError(`option from is not a time: ${options.from}`);
  if (options.to !== undefined && !Number.isFinite(options.to))
    throw new AnalysisInputError(`option to is not a time: ${options.to}`);
  if (options.from !== undefined && options.to !== undefined && options.to < options.from) {
    throw new AnalysisInputError(`option to (${options.to}) is before from (${options.from})`);
  }
  const sustainedAfterMs = options.sustainedAfterMs ?? DEFAULT_SUSTAINED_AFTER_MS;
  const from = options.from ?? -Infinity;
  const to = options.to ?? Infinity;
  const ix = lookups?.ix ?? index ?? indexInput(input);
  const { seriesOf } = (lookups ??= sessionLookups(ix));

  const pending: Pending[] = [];
  for (const key of ix.frames.keys()) {
    const s = seriesOf(key)!;
    const f0 = s.frames[0]!;
    const version = ix.versions.get(f0.clusterId) ?? null;
    const mergeGapMs = options.mergeGapMs ?? 2 * s.intervalMs;
    const raws = findEpisodes(s, { mergeGapMs, from, to });
    const docs: Pending[] = raws.map((raw) => ({
      raw,
      series: s,
      doc: describeEpisode(episodeContext(lookups, s, raw, version, sustainedAfterMs)),
    }));
    // Transients recurring at a regular period (e.g. every checkpoint).
    const transients = docs.filter((d) => d.doc.class === 'transient');
    const rec = detectRecurrence(
      transients.map((d) => d.doc.start),
      s.intervalMs,
    );
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
      cluster: urlOf(c.clusterId),
      jobId: c.jobId,
      id: c.id,
      start: c.triggerTs,
      end: c.endTs,
      status: c.status,
      clusterId: c.clusterId,
      isSavepoint: c.isSavepoint,
      alignmentMs: c.alignmentMs,
    }));
  const gc: GcWindowDoc[] = [];
  for (const list of ix.gc.values()) {
    for (const w of list) {
      if (w.end < from || w.start > to) continue;
      gc.push({
        cluster: urlOf(w.clusterId),
        taskManager: w.taskManagerId,
        start: w.start,
        end: w.end,
        gcTimeMs: w.gcTimeMs,
        clusterId: w.clusterId,
        gcCount: w.gcCount,
        collector: w.collector,
        significant: isSignificantGc(w),
      });
    }
  }
  gc.sort((a, b) => a.start - b.start || a.taskManager.localeCompare(b.taskManager));
  const restarts = restartDocs(input, from, to, urlOf);

  return {
    session: sessionBounds(input, ix, from, to),
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

function sessionBounds(input: AnalysisInput, ix: AnalysisIndex, from: number, to: number): AnalysisDocument['session'] {
  let start = Infinity;
  let end = -Infinity;
  for (const t of input.ticks) {
    if (t.ts < start) start = t.ts;
    if (t.ts > end) end = t.ts;
  }
  // Each vertex's frames are sorted: its first and last say as much as all of them.
  for (const list of ix.frames.values()) {
    const a = list[0]!.ts;
    const b = list[list.length - 1]!.ts;
    if (a < start) start = a;
    if (b > end) end = b;
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

function summarise(episodes: EpisodeDoc[], incidents: IncidentDoc[]): AnalysisSummary {
  const by = new Map<string, { row: AnalysisSummary['bottlenecks'][number]; blamed: EpisodeDoc[] }>();
  for (const e of episodes) {
    if (!e.bottleneck) continue;
    const k = vertexKey(e.clusterId, e.jobId, e.bottleneck.vertexId);
    const cur = by.get(k) ?? {
      row: {
        cluster: e.cluster,
        jobId: e.jobId,
        vertexId: e.bottleneck.vertexId,
        vertexName: e.bottleneck.vertexName,
        episodes: 0,
        durationMs: 0,
        incidents: 0,
      },
      blamed: [],
    };
    cur.row.episodes++;
    cur.blamed.push(e);
    by.set(k, cur);
  }
  for (const x of incidents) {
    if (x.bottleneck) by.get(vertexKey(x.clusterId, x.jobId, x.bottleneck.vertexId))!.row.incidents++;
  }
  for (const { row, blamed } of by.values()) row.durationMs = timeCountedOnce(blamed);
  const perJob = new Map<string, EpisodeDoc[]>();
  for (const e of episodes) {
    const k = jobKey(e.clusterId, e.jobId);
    perJob.set(k, [...(perJob.get(k) ?? []), e]);
  }
  return {
    episodes: episodes.length,
    sustained: episodes.filter((e) => e.class === 'sustained').length,
    transient: episodes.filter((e) => e.class === 'transient').length,
    recurring: episodes.filter((e) => e.recurring).length,
    backpressuredMs: episodes.reduce((a, e) => a + e.durationMs, 0),
    bottlenecks: [...by.values()]
      .map((x) => x.row)
      .sort((a, b) => b.durationMs - a.durationMs || b.episodes - a.episodes),
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
      const near = exceptions.filter(
        (x) => x.clusterId === r.clusterId && x.jobId === r.jobId && Math.abs(x.ts - r.ts) <= RESTART_CAUSE_WINDOW_MS,
      );
      const cause = near.reduce<(typeof near)[number] | undefined>(
        (a, x) => (!a || Math.abs(x.ts - r.ts) < Math.abs(a.ts - r.ts) ? x : a),
        undefined,
      );
      return {
        cluster: urlOf(r.clusterId),
        clusterId: r.clusterId,
        jobId: r.jobId,
        ts: r.ts,
        numRestarts: r.numRestarts,
        cause: cause ? { exceptionName: cause.exceptionName, message: cause.message, taskName: cause.taskName } : null,
      };
    });
}

// Builds the report model from the analysis result, the input it was computed from, the
// session summary and the annotations. Pure: the caller reads the session file.

import type { AnalysisDocument, EpisodeDoc } from '../analysis/document';
import type { AnalysisInput } from '../analysis/input';
import { gcWindowText } from '../analysis/gc';
import { formatDuration } from '../time';
import { episodeChart } from './chart';
import { graphSnapshot, worstInstant } from './graph-snapshot';
import { levelLane } from './lanes';
import { seriesAccess } from './series-access';
import type {
  CheckpointRow,
  EpisodeSection,
  Finding,
  GcRow,
  Lane,
  ReportInclude,
  ReportAnnotation,
  ReportAnnotationInput,
  ReportModel,
  ReportSessionSummary,
} from './types';
import { FULL_REPORT } from './types';

export const REPORT_LIMITS = {
  /** Findings (and episode sections): every sustained episode up to this many… */
  findings: 10,
  /** …plus at most this many transients when room is left. */
  transientFindings: 5,
  checkpoints: 300,
  gaps: 100,
} as const;

export interface BuildReportInput {
  doc: AnalysisDocument;
  /** What `doc` was computed from (lanes and charts come from the same samples). */
  input: AnalysisInput;
  session: ReportSessionSummary;
  annotations: readonly ReportAnnotationInput[];
  /** When the report was made (epoch ms); passed in to keep the builder pure. */
  generatedAt: number;
  title?: string;
  /** Optional parts to show; everything when absent. */
  include?: ReportInclude;
}

const overlaps = (a: number, b: number, from: number, to: number): boolean => a <= to && b >= from;

function pickFindings(episodes: readonly EpisodeDoc[]): EpisodeDoc[] {
  const sustained = episodes.filter((e) => e.class === 'sustained').slice(0, REPORT_LIMITS.findings);
  const room = Math.min(REPORT_LIMITS.transientFindings, REPORT_LIMITS.findings - sustained.length);
  const transient = episodes.filter((e) => e.class === 'transient').slice(0, Math.max(0, room));
  return [...sustained, ...transient];
}

function finding(e: EpisodeDoc, sectionId: string | null): Finding {
  return {
    rank: e.rank,
    class: e.class,
    peakLevel: e.peakLevel,
    cluster: e.cluster,
    jobName: e.jobName,
    vertexName: e.vertexName,
    start: e.start,
    end: e.end,
    durationMs: e.durationMs,
    subtasks: e.subtasks,
    bottleneck: e.bottleneck
      ? { vertexName: e.bottleneck.vertexName, subtasks: e.bottleneck.subtasks, rule: e.bottleneck.rule, reason: e.bottleneck.reason, evidence: e.bottleneck.evidence }
      : null,
    ambiguity: e.ambiguity,
    hints: e.hints,
    overlaps: e.overlaps,
    recurring: e.recurring ? { periodMs: e.periodMs, with: e.recurringWith } : null,
    sectionId,
  };
}

export function buildReport(args: BuildReportInput): ReportModel {
  const { doc, input, session } = args;
  const include = args.include ?? FULL_REPORT;
  // Left-out transients vanish everywhere (findings, sections, timeline); the summary still counts them.
  const shownEpisodes = include.transientEpisodes ? doc.episodes : doc.episodes.filter((e) => e.class !== 'transient');
  const range = { from: doc.options.from ?? doc.session.start, to: doc.options.to ?? doc.session.end };
  const access = seriesAccess(input);
  const clusterUrl = new Map(session.clusters.map((c) => [c.clusterId, c.url]));
  const urlOf = (id: number): string => clusterUrl.get(id) ?? `cluster ${id}`;
  const jobName = new Map(input.jobs.map((j) => [`${j.clusterId}/${j.jobId}`, j.name]));
  const jobNameOf = (clusterId: number, jobId: string): string => jobName.get(`${clusterId}/${jobId}`) ?? jobId;
  const jobByUrl = new Map(input.jobs.map((j) => [`${urlOf(j.clusterId)}/${j.jobId}`, j.name]));
  const vertexName = new Map(input.vertices.map((v) => [`${v.clusterId}/${v.jobId}/${v.vertexId}`, v.name]));

  const picked = pickFindings(shownEpisodes);
  const episodes: EpisodeSection[] = picked.map((e) => {
    const sectionId = `episode-${e.rank}`;
    const s = access.of(e.clusterId, e.jobId, e.vertexId);
    const bs = e.bottleneck ? access.of(e.clusterId, e.jobId, e.bottleneck.vertexId) : null;
    const chart = episodeChart(e, s, e.bottleneck && bs ? { name: e.bottleneck.vertexName, series: bs } : null, range);
    const graph = s
      ? graphSnapshot({
          ts: worstInstant(s, e.start, e.end),
          jobName: e.jobName,
          vertices: input.vertices.filter((v) => v.clusterId === e.clusterId && v.jobId === e.jobId),
          edges: input.edges.filter((x) => x.clusterId === e.clusterId && x.jobId === e.jobId),
          seriesOf: (id) => access.of(e.clusterId, e.jobId, id),
          episodeVertexId: e.vertexId,
          bottleneckVertexId: e.bottleneck?.vertexId ?? null,
        })
      : null;
    return { ...finding(e, sectionId), sectionId, chart, graph };
  });

  const annotations: ReportAnnotation[] = args.annotations
    .filter((a) => include.annotations && (a.source === 'user' || a.pinned) && overlaps(a.start, a.end ?? a.start, range.from, range.to))
    .slice()
    .sort((a, b) => a.start - b.start || a.id - b.id)
    .map((a) => {
      const job = a.clusterId !== null && a.jobId !== null ? jobNameOf(a.clusterId, a.jobId) : null;
      const vertex = a.clusterId !== null && a.jobId !== null && a.vertexId !== null ? (vertexName.get(`${a.clusterId}/${a.jobId}/${a.vertexId}`) ?? a.vertexId) : null;
      return {
        id: a.id,
        source: a.source,
        start: a.start,
        end: a.end,
        text: a.text,
        tag: a.tag,
        subject: [job, vertex].filter((x) => x !== null).join(' / ') || null,
      };
    });

  const manyJobs = new Set(input.jobs.map((j) => `${j.clusterId}/${j.jobId}`)).size > 1;
  const allCheckpoints: CheckpointRow[] = doc.windows.checkpoints.map((c) => ({
    cluster: c.cluster,
    jobName: jobNameOf(c.clusterId, c.jobId),
    id: c.id,
    status: c.status,
    isSavepoint: c.isSavepoint,
    start: c.start,
    end: c.end,
    durationMs: c.end - c.start,
    alignmentMs: c.alignmentMs,
  }));
  // One row per GC window as the analysis merged it (a pause sliced by the polls is one row).
  const gc: GcRow[] = doc.windows.gc
    .filter((g) => g.significant)
    .map((g) => ({ cluster: g.cluster, taskManager: g.taskManager, start: g.start, end: g.end, gcTimeMs: g.gcTimeMs, gcCount: g.gcCount, collector: g.collector }));

  const lanes: Lane[] = [];
  const gaps = session.gaps
    .filter((g) => overlaps(g.from, g.to, range.from, range.to))
    .map((g) => ({ cluster: urlOf(g.clusterId), from: g.from, to: g.to, reason: g.reason }));
  if (gaps.length > 0) {
    lanes.push({
      kind: 'gaps',
      label: 'data gaps',
      group: null,
      items: gaps.map((g) => ({ from: g.from, to: g.to, tone: 'no-data', label: `${g.reason === 'error' ? 'failed polls' : 'no polls'} ${formatDuration(g.to - g.from)}` })),
    });
  }
  lanes.push({
    kind: 'episodes',
    label: 'episodes',
    group: null,
    items: shownEpisodes
      .slice()
      .sort((a, b) => a.start - b.start)
      .map((e) => ({ from: e.start, to: e.end, tone: e.class, label: `#${e.rank} ${e.class} ${e.peakLevel} on ${e.vertexName}, ${formatDuration(e.durationMs)}` })),
  });
  const vertices = input.vertices.slice().sort((a, b) => a.clusterId - b.clusterId || a.jobId.localeCompare(b.jobId) || a.topoIndex - b.topoIndex);
  for (const v of vertices) {
    const s = access.of(v.clusterId, v.jobId, v.vertexId);
    if (!s) continue;
    lanes.push({ kind: 'vertex', label: v.name, group: jobNameOf(v.clusterId, v.jobId), items: levelLane(s, range.from, range.to) });
  }
  lanes.push({
    kind: 'checkpoints',
    label: 'checkpoints',
    group: null,
    items: allCheckpoints.map((c) => ({
      from: c.start,
      to: c.end,
      tone: c.status === 'COMPLETED' ? 'completed' : c.status === 'FAILED' ? 'failed' : 'in-progress',
      label: `${manyJobs ? `${c.jobName}: ` : ''}${c.isSavepoint ? 'savepoint' : 'checkpoint'} ${c.id} ${c.status} ${formatDuration(c.durationMs)}${c.alignmentMs !== null ? `, alignment ${formatDuration(c.alignmentMs)}` : ''}`,
    })),
  });
  lanes.push({
    kind: 'gc',
    label: 'GC',
    group: null,
    items: gc.map((g) => ({ from: g.start, to: g.end, tone: 'gc-significant', label: `${g.taskManager}: ${gcWindowText(g)}` })),
  });
  if (include.annotations) {
    lanes.push({
      kind: 'annotations',
      label: 'annotations',
      group: null,
      items: annotations.map((a) => ({ from: a.start, to: a.end ?? a.start, tone: a.source === 'user' ? 'annotation' : 'auto-annotation', label: a.text })),
    });
  }

  const jobs = session.jobs.map((j) => ({ cluster: urlOf(j.clusterId), jobId: j.jobId, name: j.name, vertices: j.vertices }));
  const names = [...new Set(jobs.map((j) => j.name))];
  return {
    title: args.title ?? `Backpressure report: ${names.length === 1 ? names[0]! : names.length === 0 ? 'no jobs' : `${names.length} jobs`}`,
    generatedAt: args.generatedAt,
    include,
    range,
    clusters: session.clusters.map((c) => ({ id: c.clusterId, url: c.url, flinkVersion: c.flinkVersion, resolutionMs: c.resolutionMs, ticks: c.ticks, errors: c.errors })),
    jobs,
    resolutionMs: session.resolutionMs,
    gaps: gaps.slice(0, REPORT_LIMITS.gaps),
    sustainedAfterMs: doc.options.sustainedAfterMs,
    summary: {
      episodes: doc.summary.episodes,
      sustained: doc.summary.sustained,
      transient: doc.summary.transient,
      recurring: doc.summary.recurring,
      backpressuredMs: doc.summary.backpressuredMs,
      bottlenecks: doc.summary.bottlenecks.map((b) => ({ vertexName: b.vertexName, jobName: jobByUrl.get(`${b.cluster}/${b.jobId}`) ?? b.jobId, episodes: b.episodes, durationMs: b.durationMs })),
    },
    findings: episodes.map(({ chart: _chart, graph: _graph, ...f }) => f),
    otherEpisodes: shownEpisodes.length - episodes.length,
    timeline: { from: range.from, to: range.to, lanes },
    episodes,
    checkpoints: include.checkpointTable ? allCheckpoints.slice(0, REPORT_LIMITS.checkpoints) : [],
    checkpointsOmitted: include.checkpointTable ? Math.max(0, allCheckpoints.length - REPORT_LIMITS.checkpoints) : 0,
    gc: include.gcTable ? gc : [],
    annotations,
  };
}

// Builds the report model from the analysis result, the input it was computed from, the
// session summary and the annotations. Pure: the caller reads the session file.

import type { AnalysisDocument, IncidentDoc } from '../analysis/document';
import { causeWords, incidentHeadline } from '../analysis/explain';
import type { AnalysisInput } from '../analysis/input';
import { gcWindowText } from '../analysis/gc';
import { jobKey, vertexKey } from '../keys';
import { describeSource } from '../provenance';
import { formatDuration } from '../time';
import { incidentChart } from './chart';
import { markOutliers, summariseOrdinary } from './checkpoints';
import { evidenceRows } from './evidence';
import { graphSnapshot, worstInstant } from './graph-snapshot';
import { levelLane } from './lanes';
import { seriesAccess } from './series-access';
import { incidentStacks } from './stacks';
import type {
  CheckpointRow,
  GcRow,
  IncidentSection,
  Lane,
  ReportInclude,
  ReportAnnotation,
  ReportAnnotationInput,
  ReportModel,
  ReportSessionSummary,
} from './types';
import { FULL_REPORT } from './types';

export const REPORT_LIMITS = {
  /** Incident sections: every sustained incident up to this many… */
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

function pickIncidents(incidents: readonly IncidentDoc[]): IncidentDoc[] {
  const sustained = incidents.filter((x) => x.class === 'sustained').slice(0, REPORT_LIMITS.findings);
  const room = Math.min(REPORT_LIMITS.transientFindings, REPORT_LIMITS.findings - sustained.length);
  const transient = incidents.filter((x) => x.class === 'transient').slice(0, Math.max(0, room));
  return [...sustained, ...transient];
}

export function buildReport(args: BuildReportInput): ReportModel {
  const { doc, input, session } = args;
  const include = args.include ?? FULL_REPORT;
  // Left-out transients vanish everywhere (sections, timeline); the summary still counts them.
  const incidents = doc.incidents ?? [];
  const shownIncidents = include.transientEpisodes ? incidents : incidents.filter((x) => x.class !== 'transient');
  const range = { from: doc.options.from ?? doc.session.start, to: doc.options.to ?? doc.session.end };
  const access = seriesAccess(input);
  const clusterUrl = new Map(session.clusters.map((c) => [c.clusterId, c.url]));
  const urlOf = (id: number): string => clusterUrl.get(id) ?? `cluster ${id}`;
  const jobName = new Map(input.jobs.map((j) => [jobKey(j.clusterId, j.jobId), j.name]));
  const jobNameOf = (clusterId: number, jobId: string): string => jobName.get(jobKey(clusterId, jobId)) ?? jobId;
  const jobByUrl = new Map(input.jobs.map((j) => [`${urlOf(j.clusterId)}/${j.jobId}`, j.name]));
  const vertexName = new Map(input.vertices.map((v) => [vertexKey(v.clusterId, v.jobId, v.vertexId), v.name]));
  const episodeByRank = new Map(doc.episodes.map((e) => [e.rank, e]));

  const picked = pickIncidents(shownIncidents);
  const sections: IncidentSection[] = picked.map((x) => {
    const sectionId = `incident-${x.rank}`;
    const nameOf = (id: string): string => vertexName.get(vertexKey(x.clusterId, x.jobId, id)) ?? id;
    const lead = episodeByRank.get(x.episodes[0]!)!;
    const members = x.vertices.map((v) => ({ v, s: access.of(x.clusterId, x.jobId, v.vertexId) }));
    const bs = x.bottleneck ? access.of(x.clusterId, x.jobId, x.bottleneck.vertexId) : null;
    const chart = incidentChart(
      x,
      members.map(({ v, s }) => ({ name: v.vertexName, series: s })),
      x.bottleneck && bs ? { name: x.bottleneck.vertexName, series: bs } : null,
      range,
    );
    const leadSeries = access.of(x.clusterId, x.jobId, lead.vertexId);
    const graph = leadSeries
      ? graphSnapshot({
          ts: x.focusAt ?? worstInstant(leadSeries, lead.start, lead.end),
          jobName: x.jobName,
          vertices: input.vertices.filter((v) => v.clusterId === x.clusterId && v.jobId === x.jobId),
          edges: input.edges.filter((e) => e.clusterId === x.clusterId && e.jobId === x.jobId),
          seriesOf: (id) => access.of(x.clusterId, x.jobId, id),
          episodeVertexIds: x.vertices.map((v) => v.vertexId),
          bottleneckVertexId: x.bottleneck?.vertexId ?? null,
        })
      : null;
    return {
      rank: x.rank,
      sectionId,
      class: x.class,
      peakLevel: x.peakLevel,
      cluster: x.cluster,
      jobName: x.jobName,
      headline: incidentHeadline(x),
      cause: causeWords(x),
      start: x.start,
      end: x.end,
      durationMs: x.durationMs,
      vertices: x.vertices.map((v) => ({
        vertexName: v.vertexName,
        start: v.start,
        end: v.end,
        durationMs: v.durationMs,
        peakLevel: v.peakLevel,
        class: v.class,
        subtasks: episodeByRank.get(v.episode)?.subtasks ?? { affected: 0, total: 0 },
      })),
      bottleneck: x.bottleneck
        ? {
            vertexName: x.bottleneck.vertexName,
            subtasks: x.bottleneck.subtasks,
            rule: x.bottleneck.rule,
            reason: x.bottleneck.reason,
            evidence: x.bottleneck.evidence,
          }
        : null,
      ambiguity: x.ambiguity,
      hints: x.hints,
      evidence: evidenceRows(x.bottleneck, x.hints, nameOf),
      overlaps: x.materialOverlaps,
      recurring: x.recurring,
      impact:
        x.impactBasis === 'records'
          ? { records: Math.round(x.impact), recordsPerSec: x.throughputRecordsPerSec }
          : null,
      chart,
      graph,
      stacks: incidentStacks(input.evidence ?? [], {
        clusterId: x.clusterId,
        jobId: x.jobId,
        vertexId: x.bottleneck?.vertexId ?? lead.vertexId,
        vertexName: x.bottleneck?.vertexName ?? lead.vertexName,
        start: x.start,
        end: x.end,
      }),
    };
  });

  const toNote = (a: ReportAnnotationInput): ReportAnnotation => {
    const job = a.clusterId !== null && a.jobId !== null ? jobNameOf(a.clusterId, a.jobId) : null;
    const vertex =
      a.clusterId !== null && a.jobId !== null && a.vertexId !== null
        ? (vertexName.get(vertexKey(a.clusterId, a.jobId, a.vertexId)) ?? a.vertexId)
        : null;
    return {
      id: a.id,
      source: a.source,
      start: a.start,
      end: a.end,
      text: a.text,
      tag: a.tag,
      subject: [job, vertex].filter((x) => x !== null).join(' / ') || null,
    };
  };
  const annotations: ReportAnnotation[] = args.annotations
    .filter(
      (a) =>
        include.annotations &&
        (a.source === 'user' || a.pinned) &&
        overlaps(a.start, a.end ?? a.start, range.from, range.to),
    )
    .slice()
    .sort((a, b) => a.start - b.start || a.id - b.id)
    .map(toNote);

  const manyJobs = new Set(input.jobs.map((j) => jobKey(j.clusterId, j.jobId))).size > 1;
  const allCheckpoints: CheckpointRow[] = markOutliers(
    doc.windows.checkpoints.map((c) => ({
      cluster: c.cluster,
      jobName: jobNameOf(c.clusterId, c.jobId),
      id: c.id,
      status: c.status,
      isSavepoint: c.isSavepoint,
      start: c.start,
      end: c.end,
      durationMs: c.end - c.start,
      alignmentMs: c.alignmentMs,
    })),
  );
  // One row per GC window as the analysis merged it (a pause sliced by the polls is one row).
  const gc: GcRow[] = doc.windows.gc
    .filter((g) => g.significant)
    .map((g) => ({
      cluster: g.cluster,
      taskManager: g.taskManager,
      start: g.start,
      end: g.end,
      gcTimeMs: g.gcTimeMs,
      gcCount: g.gcCount,
      collector: g.collector,
    }));

  const lanes: Lane[] = [];
  const gaps = session.gaps
    .filter((g) => overlaps(g.from, g.to, range.from, range.to))
    .map((g) => ({ cluster: urlOf(g.clusterId), from: g.from, to: g.to, reason: g.reason }));
  if (gaps.length > 0) {
    lanes.push({
      kind: 'gaps',
      label: 'data gaps',
      group: null,
      items: gaps.map((g) => ({
        from: g.from,
        to: g.to,
        tone: 'no-data',
        label: `${g.reason === 'error' ? 'failed polls' : 'no polls'} ${formatDuration(g.to - g.from)}`,
      })),
    });
  }
  lanes.push({
    kind: 'episodes',
    label: 'incidents',
    group: null,
    items: shownIncidents
      .slice()
      .sort((a, b) => a.start - b.start)
      .map((x) => ({ from: x.start, to: x.end, tone: x.class, label: `#${x.rank} ${incidentHeadline(x)}` })),
  });
  const vertices = input.vertices
    .slice()
    .sort((a, b) => a.clusterId - b.clusterId || a.jobId.localeCompare(b.jobId) || a.topoIndex - b.topoIndex);
  for (const v of vertices) {
    const s = access.of(v.clusterId, v.jobId, v.vertexId);
    if (!s) continue;
    lanes.push({
      kind: 'vertex',
      label: v.name,
      group: jobNameOf(v.clusterId, v.jobId),
      items: levelLane(s, range.from, range.to),
    });
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
    items: gc.map((g) => ({
      from: g.start,
      to: g.end,
      tone: 'gc-significant',
      label: `${g.taskManager}: ${gcWindowText(g)}`,
    })),
  });
  if (include.annotations) {
    lanes.push({
      kind: 'annotations',
      label: 'annotations',
      group: null,
      items: annotations.map((a) => ({
        from: a.start,
        to: a.end ?? a.start,
        tone: a.source === 'user' ? 'annotation' : 'auto-annotation',
        label: a.text,
      })),
    });
  }

  const jobs = session.jobs.map((j) => ({
    cluster: urlOf(j.clusterId),
    jobId: j.jobId,
    name: j.name,
    vertices: j.vertices,
  }));
  const names = [...new Set(jobs.map((j) => j.name))];
  const delayed = sections.map((x) => x.impact?.records ?? null).filter((x): x is number => x !== null);
  const sm = doc.summary;
  return {
    title:
      args.title ??
      `Backpressure report: ${names.length === 1 ? names[0]! : names.length === 0 ? 'no jobs' : `${names.length} jobs`}`,
    generatedAt: args.generatedAt,
    source: session.source ? describeSource(session.source) : null,
    include,
    range,
    clusters: session.clusters.map((c) => ({
      id: c.clusterId,
      url: c.url,
      flinkVersion: c.flinkVersion,
      resolutionMs: c.resolutionMs,
      ticks: c.ticks,
      errors: c.errors,
    })),
    jobs,
    resolutionMs: session.resolutionMs,
    gaps: gaps.slice(0, REPORT_LIMITS.gaps),
    sustainedAfterMs: doc.options.sustainedAfterMs,
    summary: {
      incidents: sm.incidents ?? incidents.length,
      sustained: sm.sustainedIncidents ?? incidents.filter((x) => x.class === 'sustained').length,
      transient: sm.transientIncidents ?? incidents.filter((x) => x.class === 'transient').length,
      episodes: sm.episodes,
      backpressuredMs: sm.incidentMs ?? sm.backpressuredMs,
      recordsDelayed: delayed.length > 0 ? delayed.reduce((a, b) => a + b, 0) : null,
      bottlenecks: sm.bottlenecks.map((b) => ({
        vertexName: b.vertexName,
        jobName: jobByUrl.get(`${b.cluster}/${b.jobId}`) ?? b.jobId,
        incidents: b.incidents ?? b.episodes,
        durationMs: b.durationMs,
      })),
    },
    notes: annotations.filter((a) => a.source === 'user'),
    pinned: annotations.filter((a) => a.source !== 'user'),
    incidents: sections,
    otherIncidents: shownIncidents.length - sections.length,
    timeline: { from: range.from, to: range.to, lanes },
    checkpoints: include.checkpointTable ? allCheckpoints.slice(0, REPORT_LIMITS.checkpoints) : [],
    checkpointsOmitted: include.checkpointTable ? Math.max(0, allCheckpoints.length - REPORT_LIMITS.checkpoints) : 0,
    ordinaryCheckpoints: include.checkpointTable ? summariseOrdinary(allCheckpoints) : null,
    gc: include.gcTable ? gc : [],
  };
}

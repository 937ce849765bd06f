// One job in both sessions: its vertices matched and compared, its checkpoints, GC and restarts
// judged by the same noise rule, and the lines that say what changed.

import type { AnalysisDocument } from '../analysis/document';
import type { SeriesAccess } from '../report/series-access';
import type { EdgeInfo, JobInfo, VertexInfo } from '../model';
import { formatDuration } from '../time';
import { DURATION_RESOLUTION_MS, judge, judgeCounts, rateTolerance, type Change } from './change';
import { compareVertex, type VertexInSession } from './compare-vertex';
import type { JobComparison, JobSide, UnmatchedVertexDoc, VertexComparison } from './document';
import { jobMeasures, type JobMeasures } from './job-measures';
import { matchVertices, type UnmatchedVertex } from './match-vertices';
import { quantile, spread } from './stats';
import { vertexMeasures, type VertexMeasures } from './vertex-measures';
import { changedTexts } from './words';
import { shortVertexName } from '../analysis/explain';

/** One session as the comparison reads it: its analysis, the input it was built from, the window. */
export interface SessionView {
  doc: AnalysisDocument;
  vertices: readonly VertexInfo[];
  edges: readonly EdgeInfo[];
  series: SeriesAccess;
  from: number;
  to: number;
}

interface JobInSession {
  job: JobInfo;
  measures: JobMeasures;
  vertices: VertexInfo[];
  edges: EdgeInfo[];
  vertex: Map<string, VertexInSession>;
  /** The coarsest sample interval of its vertices: the resolution of its times. */
  resolutionMs: number;
}

function inSession(view: SessionView, job: JobInfo): JobInSession {
  const mine = <T extends { clusterId: number; jobId: string }>(x: T): boolean =>
    x.clusterId === job.clusterId && x.jobId === job.jobId;
  const measures = jobMeasures(view.doc, job);
  const vertices = view.vertices.filter(mine);
  const vertex = new Map<string, VertexInSession>();
  let resolutionMs = 0;
  for (const info of vertices) {
    const m: VertexMeasures = vertexMeasures(
      view.series.of(job.clusterId, job.jobId, info.vertexId),
      view.from,
      view.to,
    );
    resolutionMs = Math.max(resolutionMs, m.intervalMs);
    const bottleneckMs = measures.bottlenecks.get(info.vertexId) ?? 0;
    const role = measures.bottlenecks.has(info.vertexId)
      ? 'bottleneck'
      : measures.backpressured.has(info.vertexId)
        ? 'backpressured'
        : null;
    const bottleneckCause = measures.causes.get(info.vertexId) ?? null;
    vertex.set(info.vertexId, { info, measures: m, role, bottleneckMs, bottleneckCause });
  }
  return { job, measures, vertices, edges: view.edges.filter(mine), vertex, resolutionMs };
}

function jobSide(j: JobInSession): JobSide {
  const m = j.measures;
  return {
    cluster: m.cluster,
    jobId: j.job.jobId,
    incidents: m.incidents,
    sustainedIncidents: m.sustainedIncidents,
    backpressuredMs: m.backpressuredMs,
    checkpoints: m.checkpoints,
    gc: m.gc,
  };
}

function unmatchedDoc(u: UnmatchedVertex, where: 'A' | 'B'): UnmatchedVertexDoc {
  const v = u.vertex;
  const other = where === 'A' ? 'B' : 'A';
  const rel =
    u.related.length > 0
      ? `; its operators run in ${other}'s ${u.related.map((n) => shortVertexName(n)).join(', ')}`
      : '';
  return {
    vertexId: v.vertexId,
    vertexName: v.name,
    parallelism: v.parallelism,
    related: u.related,
    text: `${where === 'A' ? 'only in A' : 'new in B'}: ${shortVertexName(v.name)} (parallelism ${v.parallelism})${rel}`,
  };
}

function backpressureText(m: JobMeasures): string {
  if (m.incidents === 0) return 'no backpressure';
  return `backpressure ${formatDuration(m.backpressuredMs)} (${m.incidents} incident${m.incidents === 1 ? '' : 's'}, ${m.sustainedIncidents} sustained)`;
}

const ROLE_CHANGES = new Set(['resolved', 'new-bottleneck', 'still-bottleneck']);

export function compareJob(name: string, va: SessionView, ja: JobInfo, vb: SessionView, jb: JobInfo): JobComparison {
  const a = inSession(va, ja);
  const b = inSession(vb, jb);
  const ma = a.measures;
  const mb = b.measures;
  const match = matchVertices({ vertices: a.vertices, edges: a.edges }, { vertices: b.vertices, edges: b.edges });
  const vertices: VertexComparison[] = match.pairs.map((p) =>
    compareVertex(a.vertex.get(p.a.vertexId)!, b.vertex.get(p.b.vertexId)!, p.matchedBy),
  );
  const share = (ms: number, of: number): number | null => (of > 0 ? ms / of : null);
  const backpressuredShare = judge(
    share(ma.backpressuredMs, ma.durationMs),
    share(mb.backpressuredMs, mb.durationMs),
    // Each incident's start and end are known to within one sample interval.
    Math.max(
      share(2 * a.resolutionMs * Math.max(1, ma.incidents), ma.durationMs) ?? 0,
      share(2 * b.resolutionMs * Math.max(1, mb.incidents), mb.durationMs) ?? 0,
    ),
    'lower-better',
  );
  const cp = (q: number): Change =>
    judge(
      finite(quantile(ma.checkpointMs, q)),
      finite(quantile(mb.checkpointMs, q)),
      Math.max(DURATION_RESOLUTION_MS, spread(ma.checkpointMs), spread(mb.checkpointMs)),
      'lower-better',
    );
  const worstA = ma.gc[0]?.msPerMinute ?? (ma.durationMs > 0 ? 0 : null);
  const worstB = mb.gc[0]?.msPerMinute ?? (mb.durationMs > 0 ? 0 : null);
  const gcWorstMsPerMinute = judge(
    worstA,
    worstB,
    rateTolerance(worstA, worstB, spread(ma.gc.map((g) => g.msPerMinute)), spread(mb.gc.map((g) => g.msPerMinute))),
    'lower-better',
  );
  const result: Omit<JobComparison, 'text'> = {
    name,
    a: jobSide(a),
    b: jobSide(b),
    backpressuredShare,
    checkpointP50Ms: cp(0.5),
    checkpointP95Ms: cp(0.95),
    checkpointFailures: judgeCounts(
      ma.failedCheckpoints,
      ma.durationMs,
      mb.failedCheckpoints,
      mb.durationMs,
      'lower-better',
    ),
    restarts: judgeCounts(ma.restarts, ma.durationMs, mb.restarts, mb.durationMs, 'lower-better'),
    gcWorstMsPerMinute,
    vertices,
    unmatched: { a: match.onlyA.map((u) => unmatchedDoc(u, 'A')), b: match.onlyB.map((u) => unmatchedDoc(u, 'B')) },
  };
  return { ...result, text: jobText(result, ma, mb) };
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

function jobText(j: Omit<JobComparison, 'text'>, ma: JobMeasures, mb: JobMeasures): string[] {
  const head =
    ma.incidents === 0 && mb.incidents === 0
      ? `${j.name}: no backpressure in either session`
      : `${j.name}: ${backpressureText(ma)} → ${backpressureText(mb)}`;
  // A vertex is worth a line when its part changed or any of its measures did.
  const shown = (v: VertexComparison): boolean =>
    v.verdict !== 'unchanged' || Object.values(v.measures).some((c) => c.direction === 'up' || c.direction === 'down');
  const roles = j.vertices.filter((v) => ROLE_CHANGES.has(v.verdict));
  const others = j.vertices.filter((v) => shown(v) && !ROLE_CHANGES.has(v.verdict));
  const facts = changedTexts([
    ['checkpoint p50', j.checkpointP50Ms, 'duration'],
    ['checkpoint p95', j.checkpointP95Ms, 'duration'],
    ['failed checkpoints', j.checkpointFailures, 'count'],
    ['restarts', j.restarts, 'count'],
    ['GC on the busiest TaskManager', j.gcWorstMsPerMinute, 'per-minute'],
  ]);
  const unchanged = j.vertices.filter((v) => !shown(v)).length;
  return [
    head,
    ...roles.map((v) => v.text),
    ...others.map((v) => v.text),
    ...(unchanged > 0 ? [`${unchanged} other ${unchanged === 1 ? 'vertex' : 'vertices'} unchanged`] : []),
    ...(facts.length > 0 ? [facts.join('; ')] : []),
    ...j.unmatched.a.map((u) => u.text),
    ...j.unmatched.b.map((u) => u.text),
  ];
}

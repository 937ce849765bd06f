// compareSessions: two sessions' analysis inputs and documents in, the matched jobs and vertices
// with their changes out. Pure: the caller reads the files and runs the analysis (as `backflow
// analyze` does), so both sessions are read exactly the way a single one is.

import type { AnalysisDocument } from '../analysis/document';
import type { AnalysisInput } from '../analysis/input';
import type { JobInfo } from '../model';
import { seriesAccess } from '../report/series-access';
import { compareJob, type SessionView } from './compare-job';
import {
  COMPARE_FORMAT,
  COMPARE_VERSION,
  type Alignment,
  type CompareDocument,
  type CompareSessionDoc,
  type UnmatchedJobDoc,
} from './document';
import { matchJobs } from './match-jobs';

export interface CompareSide {
  /** The file as the user named it. */
  file: string;
  input: AnalysisInput;
  /** `analyzeSession(input, { from, to })`: its session bounds are the compared window. */
  doc: AnalysisDocument;
}

export interface CompareOptions {
  /** Compare only the job of this name. */
  jobName?: string | null;
  alignment: Alignment;
}

/** Input the comparison cannot honestly answer (a job named in neither session); the message says so. */
export class CompareInputError extends Error {
  override name = 'CompareInputError';
}

function sessionDoc(s: CompareSide): CompareSessionDoc {
  const { start, end, clusters } = s.doc.session;
  return {
    file: s.file,
    start,
    end,
    durationMs: end - start,
    clusters: clusters.map((c) => ({ url: c.url, flinkVersion: c.flinkVersion })),
  };
}

function view(s: CompareSide): SessionView {
  return {
    doc: s.doc,
    vertices: s.input.vertices,
    edges: s.input.edges,
    series: seriesAccess(s.input),
    from: s.doc.session.start,
    to: s.doc.session.end,
  };
}

/** The jobs of a side to compare: all, or those of the asked name. */
export function jobsNamed(input: AnalysisInput, name: string | null | undefined): JobInfo[] {
  return name ? input.jobs.filter((j) => j.name === name) : input.jobs;
}

export function compareSessions(a: CompareSide, b: CompareSide, options: CompareOptions): CompareDocument {
  const jobsA = jobsNamed(a.input, options.jobName);
  const jobsB = jobsNamed(b.input, options.jobName);
  if (options.jobName && jobsA.length === 0 && jobsB.length === 0) {
    const names = [...new Set([...a.input.jobs, ...b.input.jobs].map((j) => `"${j.name}"`))];
    throw new CompareInputError(
      `no job named "${options.jobName}" in either session (jobs: ${names.length > 0 ? names.join(', ') : 'none'})`,
    );
  }
  const va = view(a);
  const vb = view(b);
  const match = matchJobs(jobsA, jobsB);
  const jobs = match.pairs.map((p) => compareJob(p.name, va, p.a, vb, p.b));
  const urlOf = (s: CompareSide, j: JobInfo): string =>
    s.input.clusters.find((c) => c.id === j.clusterId)?.url ?? `cluster ${j.clusterId}`;
  const unmatched = (s: CompareSide, list: JobInfo[], where: 'A' | 'B'): UnmatchedJobDoc[] =>
    list.map((j) => ({
      cluster: urlOf(s, j),
      jobId: j.jobId,
      name: j.name,
      text: `job "${j.name}" (${j.jobId} on ${urlOf(s, j)}) only in ${where}: nothing of that name in ${where === 'A' ? 'B' : 'A'} to compare with`,
    }));
  const unmatchedJobs = { a: unmatched(a, match.onlyA, 'A'), b: unmatched(b, match.onlyB, 'B') };
  return {
    format: COMPARE_FORMAT,
    version: COMPARE_VERSION,
    a: sessionDoc(a),
    b: sessionDoc(b),
    alignment: options.alignment,
    jobs,
    unmatchedJobs,
    summary: [
      ...jobs.map((j) => j.text[0]!),
      ...(jobs.length === 0 ? ['No job runs in both sessions under the same name.'] : []),
      ...unmatchedJobs.a.map((j) => j.text),
      ...unmatchedJobs.b.map((j) => j.text),
    ],
  };
}

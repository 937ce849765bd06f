// `backflow info` numbers from a session's ticks: resolution = median tick interval; a gap is an
// interval longer than twice that, or a run of failed polls.

import type { ClusterInfo, TickStatus } from '../../shared/model';
import { epochMs } from '../../shared/time';
import type { SessionSource } from '../../shared/provenance';
import type { ClusterSummary, EndpointProblem, SessionHeader, SessionInfo, TickGap } from './types';

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export interface SummaryInput {
  header: SessionHeader;
  /** Where an imported session came from; null (or absent) for a REST recording. */
  source?: SessionSource | null;
  clusters: ClusterInfo[];
  jobs: SessionInfo['jobs'];
  /** Sorted by cluster, then time. */
  ticks: Array<{ clusterId: number; ts: number; status: TickStatus }>;
  /** Per cluster, most frequent first. */
  problems: Map<number, EndpointProblem[]>;
  fileBytes: number;
}

export function summarize(input: SummaryInput): SessionInfo {
  const allIntervals: number[] = [];
  const clusters: ClusterSummary[] = input.clusters.map((c) => {
    const ticks = input.ticks.filter((t) => t.clusterId === c.id);
    const intervals = ticks.slice(1).map((t, i) => t.ts - ticks[i]!.ts);
    allIntervals.push(...intervals);
    const resolutionMs = median(intervals);
    const gaps: TickGap[] = [];
    let errorRun: TickGap | null = null;
    ticks.forEach((t, i) => {
      if (resolutionMs !== null && i > 0 && intervals[i - 1]! > 2 * resolutionMs) {
        gaps.push({ clusterId: c.id, from: epochMs(ticks[i - 1]!.ts), to: epochMs(t.ts), reason: 'interval' });
      }
      if (t.status === 'error') {
        if (errorRun === null) {
          errorRun = { clusterId: c.id, from: epochMs(t.ts), to: epochMs(t.ts), reason: 'error' };
          gaps.push(errorRun);
        } else {
          errorRun.to = epochMs(t.ts);
        }
      } else {
        errorRun = null;
      }
    });
    gaps.sort((a, b) => a.from - b.from);
    return {
      clusterId: c.id,
      url: c.url,
      flinkVersion: c.flinkVersion,
      ticks: ticks.length,
      errors: ticks.filter((t) => t.status === 'error').length,
      partial: ticks.filter((t) => t.status === 'partial').length,
      problems: input.problems.get(c.id) ?? [],
      resolutionMs,
      gaps,
    };
  });
  let first = Infinity;
  let last = -Infinity;
  for (const t of input.ticks) {
    if (t.ts < first) first = t.ts;
    if (t.ts > last) last = t.ts;
  }
  return {
    header: input.header,
    source: input.source ?? null,
    clusters,
    jobs: input.jobs,
    timeRange: input.ticks.length === 0 ? null : { from: epochMs(first), to: epochMs(last) },
    ticks: input.ticks.length,
    errors: clusters.reduce((n, c) => n + c.errors, 0),
    partial: clusters.reduce((n, c) => n + c.partial, 0),
    resolutionMs: median(allIntervals),
    gaps: clusters.flatMap((c) => c.gaps).sort((a, b) => a.from - b.from),
    fileBytes: input.fileBytes,
  };
}

// Jobs in the order a user looks for the incident: most backpressure first (time with any of its
// vertices backpressured, counted once), then the worst level, then by name. With a fleet of a
// hundred jobs the one with the incident is at the top of the job picker.
import { timeCountedOnce } from '../../../shared/analysis/incidents';
import { LEVELS } from '../../../shared/analysis/levels';
import type { IncidentSummary } from '../../../shared/api';
import type { JobInfo, Level } from '../../../shared/model';
import { jobKey } from '../../../shared/keys';

export interface RankedJob {
  job: JobInfo;
  /** Time with backpressure on any of its vertices, each instant counted once. */
  backpressuredMs: number;
  peak: Level | null;
  sustained: boolean;
}

/** OK < LOW < HIGH; -1 for a job without backpressure. */
const rank = (l: Level | null): number => (l === null ? -1 : LEVELS.indexOf(l));

export function rankJobs(jobs: readonly JobInfo[], incidents: readonly IncidentSummary[]): RankedJob[] {
  const byJob = new Map<string, IncidentSummary[]>();
  for (const x of incidents) {
    const k = jobKey(x.clusterId, x.jobId);
    const list = byJob.get(k);
    if (list) list.push(x);
    else byJob.set(k, [x]);
  }
  return jobs
    .map((job): RankedJob => {
      const xs = byJob.get(jobKey(job.clusterId, job.jobId)) ?? [];
      const peak = xs.reduce<Level | null>((p, x) => (rank(x.peak) > rank(p) ? x.peak : p), null);
      return {
        job,
        backpressuredMs: timeCountedOnce(xs.flatMap((x) => x.vertices)),
        peak,
        sustained: xs.some((x) => x.sustained),
      };
    })
    .sort(
      (a, b) =>
        b.backpressuredMs - a.backpressuredMs || rank(b.peak) - rank(a.peak) || a.job.name.localeCompare(b.job.name),
    );
}

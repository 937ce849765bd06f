// Checkpoints from the store: Flink's JobManager job metrics (`flink_jobmanager_job_…`) hold only
// counters and the last completed checkpoint's figures, sampled at the scrape interval, so each
// checkpoint is rebuilt where a counter grew. A completed one ends at the instant
// numberOfCompletedCheckpoints grew (exactly at lastCheckpointCompletedTimestamp on 2.0+) and
// lasted lastCheckpointDuration (exact: the value Flink reports for it), so it was triggered that
// long before; its id is lastCompletedCheckpointId (1.17+), else the count of finished checkpoints
// (totalNumberOfCheckpoints − numberOfInProgressCheckpoints). A failed one is an instant at the
// sample where numberOfFailedCheckpoints grew, without trigger time or message. When several
// finished between two samples only the newest completed one's figures are known; the others are
// counted (failures) or left out (completed). Savepoints count as completed checkpoints in these
// metrics and cannot be told apart; in-progress ones are not imported.

import type { CheckpointEvent, ClusterId } from '../../../shared/model';
import { epochMs } from '../../../shared/time';
import { prometheusName, SCOPE } from '../../prometheus/flink-names';
import type { RangeSeries } from '../../prometheus/range';
import { promqlString } from './families';

const METRICS = [
  'numberOfCompletedCheckpoints',
  'numberOfFailedCheckpoints',
  'numberOfInProgressCheckpoints',
  'totalNumberOfCheckpoints',
  'lastCheckpointDuration',
  'lastCheckpointSize',
  'lastCheckpointFullSize',
  'lastCompletedCheckpointId',
  'lastCheckpointCompletedTimestamp',
] as const;
type Metric = (typeof METRICS)[number];

const BY_FAMILY = new Map<string, Metric>(METRICS.map((m) => [prometheusName(SCOPE.jobManagerJob, m), m]));

/** The selector of the jobs' checkpoint families (`jobIds`: a regular expression of their ids). */
export function checkpointSelector(jobIds: string): string {
  return `{__name__=~${promqlString([...BY_FAMILY.keys()].join('|'))},job_id=~${promqlString(jobIds)}}`;
}

/** Per job, the counters at the last instant read (carried from slice to slice). */
export type CheckpointCarry = Map<string, { completed: number; failed: number }>;

const known = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v) && v >= 0;

/** The checkpoints that finished inside the answers' instants, each at the instant it was seen. */
export function checkpointEvents(
  clusterId: ClusterId,
  series: readonly RangeSeries[],
  carry: CheckpointCarry,
): CheckpointEvent[] {
  const jobs = new Map<string, Map<Metric, Map<number, number>>>();
  for (const s of series) {
    const metric = BY_FAMILY.get(s.labels.__name__ ?? '');
    const jobId = s.labels.job_id;
    if (metric === undefined || jobId === undefined) continue;
    let job = jobs.get(jobId);
    if (!job) jobs.set(jobId, (job = new Map()));
    let values = job.get(metric);
    if (!values) job.set(metric, (values = new Map()));
    s.timestamps.forEach((t, i) => values.set(t, s.values[i]!));
  }
  const out: CheckpointEvent[] = [];
  for (const [jobId, job] of jobs) {
    const at = (m: Metric, t: number) => job.get(m)?.get(t);
    const instants = [...(job.get('numberOfCompletedCheckpoints')?.keys() ?? [])].sort((a, b) => a - b);
    for (const t of instants) {
      const completed = at('numberOfCompletedCheckpoints', t)!;
      const failed = at('numberOfFailedCheckpoints', t) ?? 0;
      const before = carry.get(jobId);
      carry.set(jobId, { completed, failed });
      // The first instant has nothing to compare with; a counter that fell is a new JobMaster.
      if (!before || completed < before.completed || failed < before.failed) continue;
      const total = at('totalNumberOfCheckpoints', t);
      const inProgress = at('numberOfInProgressCheckpoints', t) ?? 0;
      let nextId = known(total) ? total - inProgress : completed + failed;
      const idOf = () => nextId--;
      if (completed > before.completed) {
        const durationMs = at('lastCheckpointDuration', t);
        const lastId = at('lastCompletedCheckpointId', t);
        const completedTs = at('lastCheckpointCompletedTimestamp', t);
        const end = known(completedTs) && completedTs > 0 && completedTs <= t ? completedTs : t;
        const size = at('lastCheckpointSize', t);
        const fullSize = at('lastCheckpointFullSize', t);
        const id = known(lastId) ? lastId : idOf();
        if (known(lastId) && lastId === nextId) nextId--;
        out.push({
          clusterId,
          jobId,
          id,
          status: 'COMPLETED',
          isSavepoint: false,
          triggerTs: epochMs(known(durationMs) ? end - durationMs : end),
          endTs: epochMs(end),
          checkpointedSize: known(size) ? size : null,
          stateSize: known(fullSize) ? fullSize : null,
          alignmentMs: null,
          failureMessage: null,
        });
      }
      for (let k = 0; k < failed - before.failed; k++) {
        out.push({
          clusterId,
          jobId,
          id: idOf(),
          status: 'FAILED',
          isSavepoint: false,
          triggerTs: epochMs(t),
          endTs: epochMs(t),
          checkpointedSize: null,
          stateSize: null,
          alignmentMs: null,
          failureMessage: 'failed (numberOfFailedCheckpoints grew; no time or reason in the metrics store)',
        });
      }
    }
  }
  return out.sort((a, b) => a.endTs - b.endTs);
}

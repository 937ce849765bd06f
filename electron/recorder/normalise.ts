// Conversions from the Flink client's parsed responses into the domain model (shared/model.ts).
// Pure, so each mapping is tested with plain data.
import { oneLine, type CheckpointEntry, type ExceptionEntry, type VertexBackpressure } from '../flink/index';
import type { CheckpointEvent, ClusterId, JobEvent, SubtaskMetric } from '../../shared/model';
import { epochMs, type EpochMs } from '../../shared/time';
import { finiteOrNull } from '../../shared/finite';

export function checkpointEvent(
  clusterId: ClusterId,
  jobId: string,
  c: CheckpointEntry,
  alignmentMs: number | null,
  now: EpochMs,
): CheckpointEvent {
  // In progress: the window so far ends at the latest acknowledgement (or now, before any ack).
  const end =
    c.status === 'IN_PROGRESS'
      ? Math.max(c.triggerTimestamp, c.latestAckTimestamp ?? now)
      : c.status === 'FAILED' && c.failureTimestamp !== null
        ? c.failureTimestamp
        : c.triggerTimestamp + Math.max(0, c.endToEndMs);
  return {
    clusterId,
    jobId,
    id: c.id,
    status: c.status,
    isSavepoint: c.isSavepoint,
    // Flink sends integer ms; round anyway so a proxy's or simulator's fractions cannot break storage.
    triggerTs: epochMs(Math.round(c.triggerTimestamp)),
    endTs: epochMs(Math.round(end)),
    checkpointedSize: c.checkpointedSize,
    stateSize: c.stateSize,
    alignmentMs: alignmentMs === null ? null : finiteOrNull(alignmentMs),
    failureMessage: c.failureMessage,
  };
}

/** Per-subtask arrays from `/backpressure` (1.13+: ratios read from the metric store). */
export function backpressureArrays(
  bp: VertexBackpressure,
  parallelism: number,
): Partial<Record<SubtaskMetric, Float64Array>> {
  const ratio = new Float64Array(parallelism).fill(Number.NaN);
  const idle = new Float64Array(parallelism).fill(Number.NaN);
  const busy = new Float64Array(parallelism).fill(Number.NaN);
  if (bp.status !== 'ok') return {};
  for (const s of bp.subtasks) {
    if (s.subtask < 0 || s.subtask >= parallelism) continue;
    ratio[s.subtask] = s.ratio;
    idle[s.subtask] = s.idleRatio * 1000;
    busy[s.subtask] = s.busyRatio * 1000;
  }
  const out: Partial<Record<SubtaskMetric, Float64Array>> = { backPressureRatio: ratio };
  if (idle.some(Number.isFinite)) out.idleTimeMsPerSecond = idle;
  if (busy.some(Number.isFinite)) out.busyTimeMsPerSecond = busy;
  return out;
}

/** Exceptions newer than `since`, oldest first, as job events (text kept whole; renderers escape it). */
export function exceptionEvents(
  clusterId: ClusterId,
  jobId: string,
  entries: readonly ExceptionEntry[],
  since: number,
): Extract<JobEvent, { kind: 'exception' }>[] {
  return entries
    .filter((e) => e.timestamp > since)
    .sort((a, b) => a.timestamp - b.timestamp)
    .map((e) => ({
      kind: 'exception' as const,
      clusterId,
      jobId,
      ts: epochMs(Math.round(e.timestamp)),
      exceptionName: e.exceptionName,
      message: firstLine(e.stacktrace),
      taskName: e.taskName,
    }));
}

function firstLine(stacktrace: string): string {
  const line = stacktrace.split('\n', 1)[0] ?? '';
  return line.length > 2000 ? `${line.slice(0, 2000)}…` : line;
}

/**
 * A job or vertex name as the prefix of a one-line tick error: names are user code's strings and
 * may hold line breaks or control characters, which must not break status lines and logs.
 */
export function nameForMessage(name: string, max = 60): string {
  return oneLine(name, max);
}

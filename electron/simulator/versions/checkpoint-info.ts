// Checkpoint statistics: /jobs/:jid/checkpoints, /checkpoints/config, /checkpoints/details/:cid
// and .../subtasks/:vid. The history is capped at web.checkpoints.history; older ids are 404.

import type { SimCheckpoint, SimCheckpointVertexStats, SimJob } from '../types';
import type { WireContext } from './context';
import { findJob, findVertex } from './context';
import { notFound, RestError } from './errors';
import { checkpointPath } from './metric-store';
import { unitHash } from './order';
import type { VersionProfile } from './profile';

/** Java longs: the model may carry fractional milliseconds or bytes. */
const long = Math.round;

const CLASS_NAME = { COMPLETED: 'completed', FAILED: 'failed', IN_PROGRESS: 'in_progress' } as const;

/**
 * StatsSummaryDto (1.14+) or MinMaxAvgStatistics (before). `histogram`: the job-wide summary, whose
 * percentiles come from a histogram (NaN while nothing completed); `subtask`: the per-subtask
 * details, built without a histogram, so every percentile is "NaN" (real 1.15–2.3 alike);
 * `zero`: alignment_buffered, a constant StatsSummaryDto of 0 (percentiles 0, not NaN).
 */
function summary(p: VersionProfile, values: number[], kind: 'histogram' | 'subtask' | 'zero' = 'histogram') {
  if (kind === 'zero')
    return p.checkpointPercentiles
      ? { min: 0, max: 0, avg: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0 }
      : { min: 0, max: 0, avg: 0 };
  const n = values.length;
  const sorted = [...values].sort((a, b) => a - b);
  const base = {
    min: n ? long(sorted[0]!) : 0,
    max: n ? long(sorted[n - 1]!) : 0,
    avg: n ? Math.round(sorted.reduce((a, b) => a + b, 0) / n) : 0,
  };
  if (!p.checkpointPercentiles) return base;
  const q = (f: number) =>
    n && kind === 'histogram' ? long(sorted[Math.min(n - 1, Math.max(0, Math.ceil(f * n) - 1))]!) : 'NaN';
  return { ...base, p50: q(0.5), p90: q(0.9), p95: q(0.95), p99: q(0.99), p999: q(0.999) };
}

function sizes(p: VersionProfile, stateSize0: number, checkpointedSize0: number) {
  const stateSize = long(stateSize0);
  const checkpointedSize = long(checkpointedSize0);
  // Before 1.15 (FLINK-25557) there was only state_size, and it meant the persisted size.
  return p.checkpointedSize
    ? { checkpointed_size: checkpointedSize, state_size: stateSize }
    : { state_size: checkpointedSize };
}

function checkpointType(p: VersionProfile, job: SimJob, c: SimCheckpoint): string {
  if (c.isSavepoint) return 'SAVEPOINT';
  return job.checkpointConfig.unaligned && p.unalignedCheckpointType ? 'UNALIGNED_CHECKPOINT' : 'CHECKPOINT';
}

function taskStats(p: VersionProfile, c: SimCheckpoint, v: SimCheckpointVertexStats) {
  return {
    id: c.id,
    status: c.status,
    latest_ack_timestamp: v.numAcknowledged > 0 ? long(c.latestAckTs) : -1,
    ...sizes(p, v.stateSize, v.checkpointedSize),
    end_to_end_duration: v.numAcknowledged > 0 ? long(c.endToEndMs) : -1,
    alignment_buffered: 0,
    processed_data: Math.round(c.processedData / Math.max(1, c.perVertex.length)),
    persisted_data: Math.round(c.persistedData / Math.max(1, c.perVertex.length)),
    num_subtasks: v.numSubtasks,
    num_acknowledged_subtasks: v.numAcknowledged,
  };
}

function checkpointStats(p: VersionProfile, job: SimJob, c: SimCheckpoint, withTasks: boolean) {
  const out: Record<string, unknown> = {
    className: CLASS_NAME[c.status],
    id: c.id,
    status: c.status,
    is_savepoint: c.isSavepoint,
    trigger_timestamp: long(c.triggerTs),
    latest_ack_timestamp: long(c.latestAckTs),
    ...sizes(p, c.stateSize, c.checkpointedSize),
    end_to_end_duration: long(c.endToEndMs),
    alignment_buffered: 0,
    processed_data: long(c.processedData),
    persisted_data: long(c.persistedData),
    num_subtasks: c.numSubtasks,
    num_acknowledged_subtasks: c.numAcknowledged,
    checkpoint_type: checkpointType(p, job, c),
    // Savepoints carry their format from 1.17; checkpoints have it as null (real 1.17.2–2.3.0).
    ...(p.savepointFormat ? { savepointFormat: c.isSavepoint ? 'CANONICAL' : null } : {}),
    tasks: withTasks ? Object.fromEntries(c.perVertex.map((v) => [v.vertexId, taskStats(p, c, v)])) : {},
  };
  if (c.status === 'COMPLETED') {
    out.external_path = checkpointPath(job.jobId, c.id);
    out.discarded = false;
  }
  if (c.status === 'FAILED') {
    out.failure_timestamp = long(c.failureTs ?? c.latestAckTs);
    out.failure_message = c.failureMessage ?? 'Checkpoint failed.';
  }
  return out;
}

function history(ctx: WireContext, job: SimJob): SimCheckpoint[] {
  return job.checkpoints.slice(-ctx.config.checkpointHistory).reverse();
}

export function checkpoints(ctx: WireContext, jobId: string) {
  const p = ctx.profile;
  const job = findJob(ctx, jobId);
  const all = job.checkpoints;
  const done = all.filter((c) => c.status === 'COMPLETED');
  const lastOf = (pred: (c: SimCheckpoint) => boolean) => [...all].reverse().find(pred);
  const completed = lastOf((c) => c.status === 'COMPLETED' && !c.isSavepoint);
  const savepoint = lastOf((c) => c.status === 'COMPLETED' && c.isSavepoint);
  const failed = lastOf((c) => c.status === 'FAILED');
  const restoredCp = job.restoredCheckpointId !== null ? all.find((c) => c.id === job.restoredCheckpointId) : undefined;
  const restoreTs = job.stateTimestamps.RUNNING ?? job.startTime;
  const pick = (f: (c: SimCheckpoint) => number) => summary(p, done.map(f));
  return {
    counts: {
      restored: job.restoredCheckpointId !== null ? 1 : 0,
      total: all.length,
      in_progress: all.filter((c) => c.status === 'IN_PROGRESS').length,
      completed: done.length,
      failed: all.filter((c) => c.status === 'FAILED').length,
    },
    summary: {
      ...(p.checkpointedSize ? { checkpointed_size: pick((c) => c.checkpointedSize) } : {}),
      state_size: pick((c) => (p.checkpointedSize ? c.stateSize : c.checkpointedSize)),
      end_to_end_duration: pick((c) => c.endToEndMs),
      alignment_buffered: summary(p, [], 'zero'),
      processed_data: pick((c) => c.processedData),
      persisted_data: pick((c) => c.persistedData),
    },
    latest: {
      completed: completed ? checkpointStats(p, job, completed, false) : null,
      savepoint: savepoint ? checkpointStats(p, job, savepoint, false) : null,
      failed: failed ? checkpointStats(p, job, failed, false) : null,
      restored:
        job.restoredCheckpointId !== null
          ? {
              id: job.restoredCheckpointId,
              restore_timestamp: long(restoreTs),
              is_savepoint: restoredCp?.isSavepoint ?? false,
              external_path: checkpointPath(job.jobId, job.restoredCheckpointId),
            }
          : null,
    },
    history: history(ctx, job).map((c) => checkpointStats(p, job, c, false)),
  };
}

function findCheckpoint(ctx: WireContext, job: SimJob, raw: string): SimCheckpoint {
  if (!/^-?\d+$/.test(raw)) {
    throw new RestError(
      400,
      `Bad request, could not parse parameters: Cannot resolve path parameter (checkpointid) from value "${raw}".`,
    );
  }
  const c = history(ctx, job).find((x) => x.id === Number(raw));
  if (!c) throw notFound(`Could not find checkpointing statistics for checkpoint ${raw}.`);
  return c;
}

export function checkpointDetails(ctx: WireContext, jobId: string, checkpointId: string) {
  const job = findJob(ctx, jobId);
  return checkpointStats(ctx.profile, job, findCheckpoint(ctx, job, checkpointId), true);
}

export function checkpointSubtasks(ctx: WireContext, jobId: string, checkpointId: string, vertexId: string) {
  const p = ctx.profile;
  const { job, vertex } = findVertex(ctx, jobId, vertexId);
  const c = findCheckpoint(ctx, job, checkpointId);
  const v = c.perVertex.find((x) => x.vertexId === vertex.id);
  if (!v) throw notFound(`There is no checkpoint statistics for task ${vertex.id}.`);
  // The model gives the max over subtasks; spread the others below it, one subtask at the max.
  const factor = (i: number) => {
    const hs = vertex.subtasks.map((s) => unitHash(`${c.id}/${v.vertexId}/${s.index}`));
    const top = Math.max(...hs);
    const h = hs[i] ?? top;
    return h === top ? 1 : 0.5 + 0.5 * h;
  };
  interface Done {
    index: number;
    e2e: number;
    stateSize: number;
    checkpointedSize: number;
    sync: number;
    async: number;
    processed: number;
    persisted: number;
    alignment: number;
    startDelay: number;
  }
  const per = (x: number) => Math.round(x / Math.max(1, v.numSubtasks));
  const done: Done[] = [];
  const rows = vertex.subtasks.map((sub, i) => {
    if (i >= v.numAcknowledged) return { className: 'pending', index: sub.index, status: 'pending_or_failed' };
    const f = factor(i);
    const scale = (x: number) => Math.round(x * f);
    const d: Done = {
      index: sub.index,
      e2e: scale(c.endToEndMs),
      stateSize: per(v.stateSize),
      checkpointedSize: per(v.checkpointedSize),
      sync: scale(v.syncMs),
      async: scale(v.asyncMs),
      processed: per(c.processedData),
      persisted: per(c.persistedData),
      alignment: scale(v.alignmentMs),
      startDelay: scale(v.startDelayMs),
    };
    done.push(d);
    return {
      className: 'completed',
      index: d.index,
      status: 'completed',
      ack_timestamp: long(c.triggerTs + d.e2e),
      end_to_end_duration: d.e2e,
      ...sizes(p, d.stateSize, d.checkpointedSize),
      checkpoint: { sync: d.sync, async: d.async },
      alignment: { buffered: 0, processed: d.processed, persisted: d.persisted, duration: d.alignment },
      start_delay: d.startDelay,
      unaligned_checkpoint: job.checkpointConfig.unaligned,
      aborted: false,
    };
  });
  const s = (f: (d: Done) => number) => summary(p, done.map(f), 'subtask');
  return {
    ...taskStats(p, c, v),
    summary: {
      ...(p.checkpointedSize
        ? { checkpointed_size: s((d) => d.checkpointedSize), state_size: s((d) => d.stateSize) }
        : { state_size: s((d) => d.checkpointedSize) }),
      end_to_end_duration: s((d) => d.e2e),
      checkpoint_duration: { sync: s((d) => d.sync), async: s((d) => d.async) },
      alignment: {
        buffered: summary(p, [], 'zero'),
        processed: s((d) => d.processed),
        persisted: s((d) => d.persisted),
        duration: s((d) => d.alignment),
      },
      start_delay: s((d) => d.startDelay),
    },
    subtasks: rows,
  };
}

export function checkpointConfig(ctx: WireContext, jobId: string) {
  const p = ctx.profile;
  const cfg = findJob(ctx, jobId).checkpointConfig;
  return {
    mode: cfg.mode,
    interval: cfg.intervalMs,
    timeout: cfg.timeoutMs,
    min_pause: cfg.minPauseMs,
    max_concurrent: cfg.maxConcurrent,
    externalization: { enabled: true, delete_on_cancellation: false },
    state_backend: cfg.stateBackend,
    checkpoint_storage: cfg.checkpointStorage,
    unaligned_checkpoints: cfg.unaligned,
    tolerable_failed_checkpoints: cfg.tolerableFailures,
    ...(p.checkpointConfigV2
      ? {
          aligned_checkpoint_timeout: 0,
          checkpoints_after_tasks_finish: true,
          ...(p.checkpointedSize
            ? {
                state_changelog_enabled: false,
                changelog_storage: 'memory',
                changelog_periodic_materialization_interval: 600_000,
              }
            : {}),
        }
      : {}),
  };
}

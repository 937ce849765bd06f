// Checkpoint endpoints: statistics + history, config, per-checkpoint details and the per-vertex
// subtask details where alignment and start delay live. Sizes: `checkpointed_size` 1.15+.
// History entries are CheckpointStatistics subtypes (`className` completed / failed / in_progress):
// every base field is a Java primitive, so always present; the subtype fields `external_path`
// and `failure_message` are @Nullable and Jackson writes them as null; `savepointFormat` (1.17+)
// is null for checkpoints. An in-progress entry without acknowledgements has
// `latest_ack_timestamp` and `end_to_end_duration` -1.

import { z } from 'zod';
import { flinkNumber, optionalInstant } from './common';

const statusSchema = z
  .string()
  .transform((s) => s.toUpperCase())
  .pipe(z.enum(['IN_PROGRESS', 'COMPLETED', 'FAILED']));

const size = z.number().optional();

const checkpointEntrySchema = z.object({
  id: z.number(),
  status: statusSchema,
  is_savepoint: z.boolean(),
  trigger_timestamp: z.number(),
  latest_ack_timestamp: optionalInstant,
  end_to_end_duration: z.number(),
  state_size: size,
  checkpointed_size: size,
  processed_data: size,
  persisted_data: size,
  num_subtasks: z.number(),
  num_acknowledged_subtasks: z.number(),
  checkpoint_type: z.string().nullable().optional(),
  external_path: z.string().nullable().optional(),
  failure_timestamp: z.number().optional(),
  failure_message: z.string().nullable().optional(),
});

function toEntry(c: z.output<typeof checkpointEntrySchema>) {
  return {
    id: c.id,
    status: c.status,
    isSavepoint: c.is_savepoint,
    triggerTimestamp: c.trigger_timestamp,
    latestAckTimestamp: c.latest_ack_timestamp,
    endToEndMs: c.end_to_end_duration,
    stateSize: c.state_size ?? null,
    checkpointedSize: c.checkpointed_size ?? null,
    processedData: c.processed_data ?? null,
    persistedData: c.persisted_data ?? null,
    numSubtasks: c.num_subtasks,
    numAcknowledged: c.num_acknowledged_subtasks,
    checkpointType: c.checkpoint_type ?? null,
    externalPath: c.external_path ?? null,
    failureTimestamp: c.failure_timestamp !== undefined && c.failure_timestamp > 0 ? c.failure_timestamp : null,
    failureMessage: c.failure_message ?? null,
  };
}
export type CheckpointEntry = ReturnType<typeof toEntry>;

export const checkpointStatsSchema = z
  .object({
    counts: z.object({
      restored: z.number(),
      total: z.number(),
      in_progress: z.number(),
      completed: z.number(),
      failed: z.number(),
    }),
    latest: z
      .object({
        completed: checkpointEntrySchema.nullable().optional(),
        savepoint: checkpointEntrySchema.nullable().optional(),
        failed: checkpointEntrySchema.nullable().optional(),
        restored: z
          .object({
            id: z.number(),
            restore_timestamp: z.number(),
            is_savepoint: z.boolean(),
            external_path: z.string().nullable().optional(),
          })
          .nullable()
          .optional(),
      })
      .optional(),
    history: z.array(checkpointEntrySchema),
  })
  .transform((s) => ({
    /** False only for the stand-in client.getCheckpoints gives when Flink has no statistics (404). */
    enabled: true,
    counts: {
      restored: s.counts.restored,
      total: s.counts.total,
      inProgress: s.counts.in_progress,
      completed: s.counts.completed,
      failed: s.counts.failed,
    },
    latestCompletedId: s.latest?.completed?.id ?? null,
    latestFailedId: s.latest?.failed?.id ?? null,
    restored: s.latest?.restored
      ? {
          id: s.latest.restored.id,
          restoreTimestamp: s.latest.restored.restore_timestamp,
          isSavepoint: s.latest.restored.is_savepoint,
        }
      : null,
    /** Newest first, at most `web.checkpoints.history` entries. */
    history: s.history.map(toEntry),
  }));
export type CheckpointStats = z.output<typeof checkpointStatsSchema>;

/**
 * A checkpoint config `interval` → ms, or null when periodic checkpointing is off. Flink then sends
 * Java's Long.MAX_VALUE (9223372036854775807: any interval under 10 ms, including "not set", becomes
 * that in the job graph). JSON.parse reads it as the nearest double, 2^63, so every value beyond
 * 2^53 (285,000 years) means "off", as does a non-positive one. The one place that decides this.
 */
export function checkpointIntervalMs(interval: number): number | null {
  return Number.isSafeInteger(interval) && interval > 0 ? interval : null;
}

export const checkpointConfigSchema = z
  .object({
    mode: z.string(),
    interval: z.number(),
    timeout: z.number(),
    min_pause: z.number(),
    max_concurrent: z.number(),
    externalization: z.object({ enabled: z.boolean(), delete_on_cancellation: z.boolean() }).optional(),
    state_backend: z.string().nullable().optional(),
    checkpoint_storage: z.string().nullable().optional(),
    unaligned_checkpoints: z.boolean().optional(),
    tolerable_failed_checkpoints: z.number().optional(),
    aligned_checkpoint_timeout: z.number().optional(),
  })
  .transform((c) => {
    const intervalMs = checkpointIntervalMs(c.interval);
    return {
      mode: c.mode,
      /** False when the job takes no periodic checkpoints (savepoints only). */
      periodic: intervalMs !== null,
      /** Null when periodic checkpointing is off; never Flink's Long.MAX_VALUE sentinel. */
      intervalMs,
      timeoutMs: c.timeout,
      minPauseMs: c.min_pause,
      maxConcurrent: c.max_concurrent,
      unaligned: c.unaligned_checkpoints ?? null,
      tolerableFailures: c.tolerable_failed_checkpoints ?? null,
      stateBackend: c.state_backend ?? null,
      checkpointStorage: c.checkpoint_storage ?? null,
    };
  });
export type CheckpointConfig = z.output<typeof checkpointConfigSchema>;

export const checkpointDetailsSchema = checkpointEntrySchema
  .extend({
    tasks: z
      .record(
        z.string(),
        z.object({
          // The checkpoint id (TaskCheckpointStatistics#checkpointId), not the vertex id.
          id: z.number().optional(),
          status: statusSchema.optional(),
          latest_ack_timestamp: optionalInstant.optional(),
          end_to_end_duration: z.number().optional(),
          state_size: size,
          checkpointed_size: size,
          num_subtasks: z.number(),
          num_acknowledged_subtasks: z.number(),
        }),
      )
      .optional(),
  })
  .transform((c) => ({
    ...toEntry(c),
    vertices: Object.entries(c.tasks ?? {}).map(([vertexId, t]) => ({
      vertexId,
      latestAckTimestamp: t.latest_ack_timestamp ?? null,
      endToEndMs: t.end_to_end_duration ?? null,
      stateSize: t.state_size ?? null,
      checkpointedSize: t.checkpointed_size ?? null,
      numSubtasks: t.num_subtasks,
      numAcknowledged: t.num_acknowledged_subtasks,
    })),
  }));
export type CheckpointDetails = z.output<typeof checkpointDetailsSchema>;

const minMaxAvg = z.object({ min: flinkNumber, max: flinkNumber, avg: flinkNumber });

const alignmentSchema = z.object({
  buffered: z.number().optional(),
  processed: z.number().optional(),
  persisted: z.number().optional(),
  duration: z.number(),
});

export const checkpointSubtasksSchema = z
  .object({
    summary: z
      .object({
        alignment: z.object({ duration: minMaxAvg }).optional(),
        start_delay: minMaxAvg.optional(),
        checkpoint_duration: z.object({ sync: minMaxAvg, async: minMaxAvg }).optional(),
      })
      .optional(),
    subtasks: z.array(
      z.object({
        index: z.number(),
        status: z.string(),
        ack_timestamp: z.number().optional(),
        end_to_end_duration: z.number().optional(),
        state_size: size,
        checkpointed_size: size,
        checkpoint: z.object({ sync: z.number(), async: z.number() }).optional(),
        alignment: alignmentSchema.optional(),
        start_delay: z.number().optional(),
        unaligned_checkpoint: z.boolean().optional(),
        aborted: z.boolean().optional(),
      }),
    ),
  })
  .transform((d) => ({
    /** Max over subtasks (ms), NaN when the summary is absent. */
    maxAlignmentMs: d.summary?.alignment?.duration.max ?? Number.NaN,
    maxStartDelayMs: d.summary?.start_delay?.max ?? Number.NaN,
    subtasks: d.subtasks
      .map((s) => ({
        index: s.index,
        completed: s.status === 'completed',
        ackTimestamp: s.ack_timestamp ?? null,
        endToEndMs: s.end_to_end_duration ?? Number.NaN,
        alignmentMs: s.alignment?.duration ?? Number.NaN,
        startDelayMs: s.start_delay ?? Number.NaN,
        syncMs: s.checkpoint?.sync ?? Number.NaN,
        asyncMs: s.checkpoint?.async ?? Number.NaN,
        stateSize: s.state_size ?? null,
        checkpointedSize: s.checkpointed_size ?? null,
        unaligned: s.unaligned_checkpoint ?? null,
      }))
      .sort((a, b) => a.index - b.index),
  }));
export type CheckpointSubtaskDetails = z.output<typeof checkpointSubtasksSchema>;

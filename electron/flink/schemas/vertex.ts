// `/jobs/:jid/vertices/:vid`: the subtask list, which maps subtask index → TaskManager.
// `host` is deprecated (gone in 2.0), `endpoint` is 1.19+. A subtask not (yet) placed on a
// TaskManager (CREATED/SCHEDULED, or during a restart) has `taskmanager-id`, `host` and `endpoint`
// "(unassigned)" (SubtaskExecutionAttemptDetailsInfo): that is "unknown", never a TaskManager id.

import { z } from 'zod';
import { optionalInstant } from './common';

/** Flink's placeholder for a subtask without a TaskManager. */
const UNASSIGNED = '(unassigned)';
const placed = (s: string | undefined): string | null => (s === undefined || s === UNASSIGNED ? null : s);

export const vertexDetailsSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    parallelism: z.number(),
    maxParallelism: z.number().optional(),
    now: z.number().optional(),
    subtasks: z.array(
      z.object({
        subtask: z.number(),
        status: z.string(),
        attempt: z.number(),
        host: z.string().optional(),
        endpoint: z.string().optional(),
        'taskmanager-id': z.string().optional(),
        'start-time': optionalInstant.optional(),
        'end-time': optionalInstant.optional(),
        duration: z.number().optional(),
      }),
    ),
  })
  .transform((v) => {
    const subtasks = v.subtasks
      .map((s) => ({
        subtask: s.subtask,
        status: s.status,
        attempt: s.attempt,
        taskManagerId: placed(s['taskmanager-id']) ?? '',
        endpoint: placed(s.endpoint) ?? placed(s.host),
        startTime: s['start-time'] ?? null,
        endTime: s['end-time'] ?? null,
      }))
      .sort((a, b) => a.subtask - b.subtask);
    // '' for a subtask index the answer did not list (or listed without a TaskManager, or unassigned).
    const taskManagerIds = Array.from({ length: v.parallelism }, () => '');
    for (const s of subtasks)
      if (s.subtask >= 0 && s.subtask < v.parallelism) taskManagerIds[s.subtask] = s.taskManagerId;
    return {
      id: v.id,
      name: v.name,
      parallelism: v.parallelism,
      maxParallelism: v.maxParallelism ?? null,
      now: v.now ?? null,
      subtasks,
      taskManagerIds,
    };
  });
export type VertexDetails = z.output<typeof vertexDetailsSchema>;

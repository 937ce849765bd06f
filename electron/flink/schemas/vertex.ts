// `/jobs/:jid/vertices/:vid`: the subtask list, which maps subtask index → TaskManager.
// `host` is deprecated (gone in 2.0), `endpoint` is 1.19+.

import { z } from 'zod';
import { optionalInstant } from './common';

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
        taskManagerId: s['taskmanager-id'] ?? '',
        endpoint: s.endpoint ?? s.host ?? null,
        startTime: s['start-time'] ?? null,
        endTime: s['end-time'] ?? null,
      }))
      .sort((a, b) => a.subtask - b.subtask);
    // '' for a subtask index the answer did not list (or listed without a TaskManager id).
    const taskManagerIds = Array.from({ length: v.parallelism }, () => '');
    for (const s of subtasks) if (s.subtask >= 0 && s.subtask < v.parallelism) taskManagerIds[s.subtask] = s.taskManagerId;
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

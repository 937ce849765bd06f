// `/jobs/:jid/vertices/:vid/backpressure`: `backpressureLevel` (1.16+) ?? `backpressure-level`;
// idle/busy ratios 1.13+; everything but `status` is absent on a "deprecated" answer.

import { z } from 'zod';
import type { Level } from '../../../shared/model';
import { flinkNumber, level } from './common';

const subtaskSchema = z.object({
  subtask: z.number(),
  backpressureLevel: level.optional(),
  'backpressure-level': level.optional(),
  ratio: flinkNumber.optional(),
  idleRatio: flinkNumber.optional(),
  busyRatio: flinkNumber.optional(),
  'attempt-number': z.number().optional(),
});

export interface SubtaskBackpressure {
  subtask: number;
  level: Level | null;
  /** Fractions 0..1; NaN when the version does not report them. */
  ratio: number;
  idleRatio: number;
  busyRatio: number;
  attemptNumber: number | null;
}

export interface VertexBackpressure {
  /** 'ok' when metrics exist; 'deprecated' when none yet (≤1.12: sampling just started). */
  status: 'ok' | 'deprecated';
  level: Level | null;
  /** 1.13+: when the JobManager last pulled metrics; the sample time to dedupe on. */
  endTimestamp: number | null;
  /** Sorted by subtask index. */
  subtasks: SubtaskBackpressure[];
}

export const backpressureSchema = z
  .object({
    status: z
      .string()
      .transform((s) => s.toLowerCase())
      .pipe(z.enum(['ok', 'deprecated'])),
    backpressureLevel: level.optional(),
    'backpressure-level': level.optional(),
    'end-timestamp': z.number().optional(),
    subtasks: z.array(subtaskSchema).optional(),
  })
  .transform((b): VertexBackpressure => ({
    status: b.status,
    level: b.backpressureLevel ?? b['backpressure-level'] ?? null,
    endTimestamp: b['end-timestamp'] !== undefined && b['end-timestamp'] > 0 ? b['end-timestamp'] : null,
    subtasks: (b.subtasks ?? [])
      .map((s) => ({
        subtask: s.subtask,
        level: s.backpressureLevel ?? s['backpressure-level'] ?? null,
        ratio: s.ratio ?? Number.NaN,
        idleRatio: s.idleRatio ?? Number.NaN,
        busyRatio: s.busyRatio ?? Number.NaN,
        attemptNumber: s['attempt-number'] ?? null,
      }))
      .sort((x, y) => x.subtask - y.subtask),
  }));

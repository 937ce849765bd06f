// Metric endpoints (all MetricStore-backed): id lists, id/value lists, aggregated values,
// watermarks. Values stay strings here; metric-value.ts turns them into numbers.

import { z } from 'zod';
import { flinkNumber } from './common';

/** Without `get`: `[{id}]`. */
export const metricListSchema = z.array(z.object({ id: z.string() })).transform((l) => l.map((m) => m.id));

/** With `get`: `[{id, value}]`; Flink sends strings, a number is accepted as is. */
export const metricValuesSchema = z.array(z.object({ id: z.string(), value: z.union([z.string(), z.number()]) }));

/** `/subtasks/metrics` and other aggregating endpoints: `[{id, min, max, avg, sum, skew}]`. */
export const aggregatedMetricsSchema = z.array(
  z.object({
    id: z.string(),
    min: flinkNumber.optional(),
    max: flinkNumber.optional(),
    avg: flinkNumber.optional(),
    sum: flinkNumber.optional(),
    // 1.20+
    skew: flinkNumber.optional(),
  }),
);

export const AGG_MODES = ['min', 'max', 'avg', 'sum', 'skew'] as const;
export type AggMode = (typeof AGG_MODES)[number];
/** NaN for a mode that was not requested or not reported. */
export type AggregatedValue = Record<AggMode, number>;

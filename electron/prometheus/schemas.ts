// The Prometheus HTTP API's answers (/api/v1/query_range, /series, /labels, /label/:name/values):
// an envelope `{status, data | errorType+error, warnings?}` around each endpoint's data.

import { z } from 'zod';

/** A sample value is a string: a Go float, with `+Inf`, `-Inf` and `NaN` spelt as Go spells them. */
export const sampleValue = z.string().transform((s, ctx) => {
  if (s === '+Inf' || s === 'Inf') return Infinity;
  if (s === '-Inf') return -Infinity;
  if (s === 'NaN') return NaN;
  const n = Number(s);
  if (s.trim() === '' || Number.isNaN(n)) {
    ctx.addIssue({ code: 'custom', message: `not a sample value: "${s.slice(0, 40)}"` });
    return z.NEVER;
  }
  return n;
});

/** `[<unix seconds, float>, "<value>"]` → epoch ms and number. */
const samplePair = z.tuple([z.number(), sampleValue]).transform(([t, v]) => ({ t: Math.round(t * 1000), v }));

const labelSet = z.record(z.string(), z.string());

export const matrixSchema = z.object({
  resultType: z.literal('matrix'),
  result: z.array(z.object({ metric: labelSet, values: z.array(samplePair).default([]) })),
});

export const seriesSchema = z.array(labelSet);
export const namesSchema = z.array(z.string());

/** Just enough to tell a Prometheus-compatible answer from anything else. */
export const envelopeSchema = z.object({
  status: z.enum(['success', 'error']),
  data: z.unknown().optional(),
  errorType: z.string().optional(),
  error: z.string().optional(),
  warnings: z.array(z.string()).optional(),
});

export type LabelSet = Record<string, string>;

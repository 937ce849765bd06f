// Building blocks shared by the per-endpoint schemas, and the formatter that turns a zod failure
// into the field path named in a 'schema' FlinkApiError.

import { z } from 'zod';

/**
 * A JSON double as Jackson writes it: a number, or "NaN"/"Infinity"/"-Infinity" as a string → NaN.
 * `null` → NaN too: a REST mapper that writes non-finite doubles as JSON null (a serializer some
 * Flink builds register) means the same "no value", and must not fail the whole answer.
 */
export const flinkNumber = z
  .union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity']), z.null()])
  .transform((v) => (typeof v === 'number' ? v : Number.NaN));

/** Epoch ms where `-1` (or any negative) means "not ended / unknown" → null. */
export const optionalInstant = z.number().transform((v) => (v < 0 ? null : v));

/** Flink's backpressure level, any case → OK/LOW/HIGH. */
export const level = z
  .string()
  .transform((s) => s.toUpperCase())
  .pipe(z.enum(['OK', 'LOW', 'HIGH']));

/** Formats a zod issue path like `jobs[0].start-time`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out === '' ? '(root)' : out;
}

/** The first issue of a failed parse as `{field, message}`. */
export function describeZodError(error: z.ZodError): { field: string; message: string } {
  const issue = error.issues[0];
  if (!issue) return { field: '(root)', message: 'invalid response' };
  const message = issue.message.replace(/^Invalid input: /, '');
  return { field: formatIssuePath(issue.path), message };
}

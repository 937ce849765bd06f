// Range-query answers read without an object per sample: a large import's answers hold hundreds
// of thousands of `[t, "v"]` pairs each, so they go from the parsed JSON straight to the caller's
// sink, checked as they are read (zod per pair cost more than the import's own work).

import { PrometheusApiError } from './errors';

/** Where one series' samples go (epoch ms, value); null skips the series. */
export type SeriesSink = (labels: Record<string, string>) => ((t: number, v: number) => void) | null;

/** A Go float as the API spells it, NaN-free check done by the caller; undefined when it is none. */
function sampleValue(s: unknown): number | undefined {
  if (typeof s !== 'string') return undefined;
  const n = Number(s);
  if (!Number.isNaN(n) && s.trim() !== '') return n;
  if (s === 'NaN') return NaN;
  if (s === '+Inf' || s === 'Inf') return Infinity;
  if (s === '-Inf') return -Infinity;
  return undefined;
}

const bad = (path: string, what: string) =>
  new PrometheusApiError('schema', `GET ${path}: unexpected answer at data.${what}`);

const isLabelSet = (m: unknown): m is Record<string, string> =>
  typeof m === 'object' && m !== null && !Array.isArray(m) && Object.values(m).every((v) => typeof v === 'string');

/** Feeds every sample of a `matrix` answer's `data` to `sink`; throws on anything else. */
export function visitMatrix(path: string, data: unknown, sink: SeriesSink): void {
  const d = data as { resultType?: unknown; result?: unknown } | null;
  if (typeof d !== 'object' || d === null || d.resultType !== 'matrix') throw bad(path, 'resultType: not a matrix');
  if (!Array.isArray(d.result)) throw bad(path, 'result: not an array');
  d.result.forEach((s: { metric?: unknown; values?: unknown }, k) => {
    if (!isLabelSet(s?.metric)) throw bad(path, `result.${k}.metric: not a label set`);
    const values = s.values ?? [];
    if (!Array.isArray(values)) throw bad(path, `result.${k}.values: not an array`);
    const put = sink(s.metric);
    if (put === null) return;
    for (let i = 0; i < values.length; i++) {
      const pair = values[i] as unknown[];
      const v = Array.isArray(pair) && typeof pair[0] === 'number' ? sampleValue(pair[1]) : undefined;
      if (v === undefined) throw bad(path, `result.${k}.values.${i}: not a [time, "value"] pair`);
      put(Math.round((pair[0] as number) * 1000), v);
    }
  });
}

// Metric endpoints: list without `get`, values with `get`, aggregation over subtasks, and
// watermarks. Unknown entities and unknown names give `[]` / are dropped, as in Flink.

import type { WireContext } from './context';
import { findVertex } from './context';
import { RestError } from './errors';
import type { Metrics } from './metric-store';
import { hashOrder } from './order';

function badParam(name: string, value: string): RestError {
  return new RestError(
    400,
    `Bad request, could not parse parameters: Cannot resolve query parameter (${name}) from value "${value}".`,
  );
}

/** `get=a,b&get=c` → [a, b, c] without duplicates; null when absent. */
function requested(query: URLSearchParams): string[] | null {
  const all = query.getAll('get');
  if (all.length === 0) return null;
  return [
    ...new Set(
      all
        .flatMap((g) => g.split(','))
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

export function metricCollection(m: Metrics | undefined, query: URLSearchParams, salt: string) {
  if (!m) return [];
  const names = requested(query);
  if (names === null) return hashOrder([...m.keys()], (k) => k, salt).map((id) => ({ id }));
  const found = names.filter((n) => m.has(n));
  return hashOrder(found, (k) => k, salt).map((id) => ({ id, value: m.get(id)! }));
}

export function jobManagerMetrics(ctx: WireContext, query: URLSearchParams) {
  return metricCollection(ctx.metrics.update().jobManager, query, 'jm');
}

export function taskManagerMetrics(ctx: WireContext, tmId: string, query: URLSearchParams) {
  return metricCollection(ctx.metrics.update().taskManagers.get(tmId), query, `tm/${tmId}`);
}

export function jobMetrics(ctx: WireContext, jobId: string, query: URLSearchParams) {
  return metricCollection(ctx.metrics.update().jobs.get(jobId)?.job, query, `job/${jobId}`);
}

function vertexStore(ctx: WireContext, jobId: string, vertexId: string) {
  return ctx.metrics.update().jobs.get(jobId)?.vertices.get(vertexId);
}

/** All subtasks in one store; ids carry the `<index>.` prefix. */
export function vertexMetrics(ctx: WireContext, jobId: string, vertexId: string, query: URLSearchParams) {
  const subs = vertexStore(ctx, jobId, vertexId);
  if (!subs) return [];
  const flat: Metrics = new Map();
  for (const [i, m] of subs) for (const [k, v] of m) flat.set(`${i}.${k}`, v);
  return metricCollection(flat, query, `v/${vertexId}`);
}

export function subtaskMetrics(
  ctx: WireContext,
  jobId: string,
  vertexId: string,
  index: string,
  query: URLSearchParams,
) {
  if (!/^\d+$/.test(index))
    throw new RestError(
      400,
      `Bad request, could not parse parameters: Cannot resolve path parameter (subtaskindex) from value "${index}".`,
    );
  return metricCollection(vertexStore(ctx, jobId, vertexId)?.get(Number(index)), query, `s/${vertexId}/${index}`);
}

/** `0,2,5-9` → {0,2,5,6,7,8,9}. */
export function parseRanges(text: string): Set<number> {
  const out = new Set<number>();
  for (const part of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw badParam('subtasks', text);
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (hi < lo) throw badParam('subtasks', text);
    for (let i = lo; i <= hi; i++) out.add(i);
  }
  return out;
}

type Agg = 'min' | 'max' | 'avg' | 'sum' | 'skew';

function parseAggs(ctx: WireContext, query: URLSearchParams): Agg[] {
  const allowed: Agg[] = ['min', 'max', 'avg', 'sum', ...(ctx.profile.skew ? (['skew'] as const) : [])];
  const raw = query.getAll('agg');
  if (raw.length === 0) return allowed;
  const out = new Set<Agg>();
  for (const a of raw
    .flatMap((x) => x.split(','))
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)) {
    if (!(allowed as string[]).includes(a)) throw badParam('agg', raw.join(','));
    out.add(a as Agg);
  }
  return allowed.filter((a) => out.has(a));
}

/** Mean absolute deviation over the mean, ×100, capped at 100; 0 when the mean is 0 (FLINK-34025). */
function skew(values: number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  if (mean === 0) return 0;
  const mad = values.reduce((a, b) => a + Math.abs(b - mean), 0) / values.length;
  return Math.min(100, (mad / Math.abs(mean)) * 100);
}

/** Java's Double.valueOf accepts "NaN" but not "false": such a metric is dropped from the answer. */
function parseJavaDouble(s: string): number | null {
  if (s === 'NaN') return NaN;
  if (s === 'Infinity' || s === '-Infinity') return Number(s);
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s.trim()) ? Number(s) : null;
}

const jsonDouble = (n: number): number | string => (Number.isNaN(n) ? 'NaN' : n);

/** AggregatingMetricsHandler: one row per requested metric over the selected components. */
function aggregate(ctx: WireContext, stores: Metrics[], query: URLSearchParams, salt: string) {
  const aggs = parseAggs(ctx, query);
  const names = requested(query);
  if (names === null) {
    const ids = new Set(stores.flatMap((m) => [...m.keys()]));
    return hashOrder([...ids], (k) => k, salt).map((id) => ({ id }));
  }
  const out: Record<string, number | string>[] = [];
  for (const name of names) {
    const raw = stores.map((m) => m.get(name)).filter((v): v is string => v !== undefined);
    if (raw.length === 0) continue;
    const values = raw.map(parseJavaDouble);
    if (values.some((v) => v === null)) continue;
    const xs = values as number[];
    const sum = xs.reduce((a, b) => a + b, 0);
    const row: Record<string, number | string> = { id: name };
    const hasNaN = xs.some((x) => Number.isNaN(x));
    for (const a of aggs) {
      if (a === 'min') row.min = jsonDouble(hasNaN ? NaN : Math.min(...xs));
      if (a === 'max') row.max = jsonDouble(hasNaN ? NaN : Math.max(...xs));
      if (a === 'avg') row.avg = jsonDouble(sum / xs.length);
      if (a === 'sum') row.sum = jsonDouble(sum);
      if (a === 'skew') row.skew = jsonDouble(hasNaN ? NaN : skew(xs));
    }
    out.push(row);
  }
  return hashOrder(out, (r) => String(r.id), salt);
}

export function aggregatedSubtaskMetrics(ctx: WireContext, jobId: string, vertexId: string, query: URLSearchParams) {
  parseAggs(ctx, query);
  const rawSubtasks = query.get('subtasks');
  const selection = rawSubtasks === null ? null : parseRanges(rawSubtasks);
  const subs = vertexStore(ctx, jobId, vertexId);
  if (!subs) return [];
  const stores = [...subs].filter(([i]) => selection === null || selection.has(i)).map(([, m]) => m);
  return aggregate(ctx, stores, query, `agg/${vertexId}`);
}

/** `/taskmanagers/metrics` and `/jobs/metrics`: aggregated over all (or the listed) components. */
export function aggregatedComponentMetrics(ctx: WireContext, kind: 'taskmanagers' | 'jobs', query: URLSearchParams) {
  parseAggs(ctx, query);
  const store = ctx.metrics.update();
  const all: [string, Metrics][] =
    kind === 'taskmanagers' ? [...store.taskManagers] : [...store.jobs].map(([id, e]) => [id, e.job]);
  const raw = query.get(kind);
  const wanted =
    raw === null
      ? null
      : new Set(
          raw
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        );
  const stores = all.filter(([id]) => wanted === null || wanted.has(id)).map(([, m]) => m);
  return aggregate(ctx, stores, query, `agg/${kind}`);
}

export function watermarks(ctx: WireContext, jobId: string, vertexId: string) {
  const { vertex } = findVertex(ctx, jobId, vertexId);
  const subs = vertexStore(ctx, jobId, vertex.id);
  const out: { id: string; value: string }[] = [];
  for (const s of vertex.subtasks) {
    const v = subs?.get(s.index)?.get('currentInputWatermark');
    if (v !== undefined) out.push({ id: `${s.index}.currentInputWatermark`, value: v });
  }
  return out;
}

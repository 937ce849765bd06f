// Maps the canonical metric keys of shared/model.ts to the ids a given cluster actually exposes,
// resolved from the metric lists it returns (the rename of 2.0 and the legacy groups of 1.9–1.20
// make assuming names wrong on some version). Missing ids are reported, never guessed. Which
// legacy and aggregate ids a release registers is the release table's (shared/flink-versions.ts).

import { FLINK_FEATURES } from '../../shared/flink-versions';
import { SUBTASK_METRICS, TASKMANAGER_METRICS, type SubtaskMetric, type TaskManagerMetric } from '../../shared/model';

const LEGACY = FLINK_FEATURES.legacyNetworkMetrics.metrics;
/** The id of a network metric, then its legacy id where releases before 2.0 also register one. */
function withLegacy(id: string, legacyIds: readonly string[]): string[] {
  const name = id.slice(id.lastIndexOf('.') + 1);
  return [id, ...legacyIds.filter((l) => l.slice(l.lastIndexOf('.') + 1) === name)];
}
const buffers = (side: 'Input' | 'Output', name: string): string[] =>
  withLegacy(`Shuffle.Netty.${side}.Buffers.${name}`, LEGACY.task);

/** Candidate ids per canonical subtask metric, best first (task scope, no index prefix). */
export const SUBTASK_METRIC_CANDIDATES: Readonly<Record<SubtaskMetric, readonly string[]>> = {
  backPressuredTimeMsPerSecond: ['backPressuredTimeMsPerSecond'],
  idleTimeMsPerSecond: ['idleTimeMsPerSecond'],
  busyTimeMsPerSecond: ['busyTimeMsPerSecond'],
  softBackPressuredTimeMsPerSecond: ['softBackPressuredTimeMsPerSecond'],
  hardBackPressuredTimeMsPerSecond: ['hardBackPressuredTimeMsPerSecond'],
  accumulateBackPressuredTimeMs: ['accumulateBackPressuredTimeMs'],
  accumulateIdleTimeMs: ['accumulateIdleTimeMs'],
  accumulateBusyTimeMs: ['accumulateBusyTimeMs'],
  // Comes from `/backpressure`, not from a metric id.
  backPressureRatio: [],
  isBackPressured: ['isBackPressured'],
  inPoolUsage: buffers('Input', 'inPoolUsage'),
  outPoolUsage: buffers('Output', 'outPoolUsage'),
  inputFloatingBuffersUsage: buffers('Input', 'inputFloatingBuffersUsage'),
  inputExclusiveBuffersUsage: buffers('Input', 'inputExclusiveBuffersUsage'),
  inputQueueLength: buffers('Input', 'inputQueueLength'),
  outputQueueLength: buffers('Output', 'outputQueueLength'),
  numRecordsIn: ['numRecordsIn'],
  numRecordsOut: ['numRecordsOut'],
  numBytesOut: ['numBytesOut'],
  numBuffersOut: ['numBuffersOut'],
  numBytesInLocal: ['Shuffle.Netty.Input.numBytesInLocal', 'numBytesInLocal'],
  numBytesInRemote: ['Shuffle.Netty.Input.numBytesInRemote', 'numBytesInRemote'],
  numBuffersInLocal: ['Shuffle.Netty.Input.numBuffersInLocal', 'numBuffersInLocal'],
  numBuffersInRemote: ['Shuffle.Netty.Input.numBuffersInRemote', 'numBuffersInRemote'],
  numRecordsInPerSecond: ['numRecordsInPerSecond'],
  numRecordsOutPerSecond: ['numRecordsOutPerSecond'],
};

/** Canonical keys that no metric list can provide (they come from other endpoints). */
export const NON_METRIC_SUBTASK_KEYS: readonly SubtaskMetric[] = ['backPressureRatio'];

export interface SubtaskMetricResolution {
  /** Canonical key → id on this cluster (no subtask index prefix). */
  ids: Partial<Record<SubtaskMetric, string>>;
  /** Keys the list did not contain (excluding NON_METRIC_SUBTASK_KEYS). */
  missing: SubtaskMetric[];
}

/** Strips the `<i>.` subtask prefix of vertex `/metrics` ids; leaves unprefixed ids alone. */
export function stripSubtaskIndex(id: string): string {
  return id.replace(/^\d+\./, '');
}

/**
 * Resolves canonical subtask metrics from a metric list: either `/subtasks/metrics` ids (no
 * prefix) or vertex `/metrics` ids (`<i>.` prefix; any subtask's id counts).
 */
export function resolveSubtaskMetrics(list: Iterable<string>): SubtaskMetricResolution {
  const available = new Set<string>();
  for (const id of list) available.add(stripSubtaskIndex(id));
  const ids: Partial<Record<SubtaskMetric, string>> = {};
  const missing: SubtaskMetric[] = [];
  for (const key of SUBTASK_METRICS) {
    if (NON_METRIC_SUBTASK_KEYS.includes(key)) continue;
    const found = SUBTASK_METRIC_CANDIDATES[key].find((c) => available.has(c));
    if (found) ids[key] = found;
    else missing.push(key);
  }
  return { ids, missing };
}

/** Canonical TaskManager metrics: each value is the SUM of its ids (GC over all collectors). */
export interface TaskManagerMetricResolution {
  ids: Partial<Record<TaskManagerMetric, readonly string[]>>;
  /** Sanitised collector names found in the list, e.g. `G1_Young_Generation`. */
  gcCollectors: string[];
  missing: TaskManagerMetric[];
}

const GC_RE = /^Status\.JVM\.GarbageCollector\.(.+)\.(Count|Time)$/;
/** The collector name of the sum over all collectors (1.19+, gcRates in the release table). */
const GC_ALL = 'All';
const gcMetricId = (collector: string, what: 'Count' | 'Time'): string =>
  `Status.JVM.GarbageCollector.${collector}.${what}`;

/** Candidate ids per canonical TaskManager metric other than GC, best first. */
export const TASKMANAGER_METRIC_CANDIDATES: Readonly<
  Record<Exclude<TaskManagerMetric, 'gcCount' | 'gcTimeMs'>, readonly string[]>
> = {
  heapUsed: ['Status.JVM.Memory.Heap.Used'],
  heapMax: ['Status.JVM.Memory.Heap.Max'],
  nettyAvailableSegments: withLegacy('Status.Shuffle.Netty.AvailableMemorySegments', LEGACY.taskManager),
  nettyTotalSegments: withLegacy('Status.Shuffle.Netty.TotalMemorySegments', LEGACY.taskManager),
  cpuLoad: ['Status.JVM.CPU.Load'],
};

/** Resolves canonical TaskManager metrics from a `/taskmanagers/:tmid/metrics` list. */
export function resolveTaskManagerMetrics(list: Iterable<string>): TaskManagerMetricResolution {
  const available = new Set(list);
  const counts = new Set<string>();
  const times = new Set<string>();
  for (const id of available) {
    const m = GC_RE.exec(id);
    // `All` (1.19+) is the sum of the others; counting it too would double the totals.
    if (!m || m[1] === GC_ALL) continue;
    (m[2] === 'Count' ? counts : times).add(m[1]!);
  }
  // Only collectors with both ids, so count and time cover the same collectors.
  const gcCollectors = [...counts].filter((c) => times.has(c)).sort();
  const ids: Partial<Record<TaskManagerMetric, readonly string[]>> = {};
  if (gcCollectors.length > 0) {
    ids.gcCount = gcCollectors.map((c) => gcMetricId(c, 'Count'));
    ids.gcTimeMs = gcCollectors.map((c) => gcMetricId(c, 'Time'));
  } else if (available.has(gcMetricId(GC_ALL, 'Count')) && available.has(gcMetricId(GC_ALL, 'Time'))) {
    ids.gcCount = [gcMetricId(GC_ALL, 'Count')];
    ids.gcTimeMs = [gcMetricId(GC_ALL, 'Time')];
  }
  for (const [key, candidates] of Object.entries(TASKMANAGER_METRIC_CANDIDATES) as Array<
    [TaskManagerMetric, readonly string[]]
  >) {
    const found = candidates.find((c) => available.has(c));
    if (found) ids[key] = [found];
  }
  const missing = TASKMANAGER_METRICS.filter((k) => ids[k] === undefined);
  return { ids, gcCollectors, missing };
}

/**
 * The JVM's name of a collector from its metric id part: Flink writes the MXBean name with
 * spaces as `_` ("G1 Old Generation" → `G1_Old_Generation`), and collector names have no other
 * character Flink replaces.
 */
export function gcCollectorName(sanitized: string): string {
  return sanitized.replace(/_/g, ' ');
}

/** One collector's cumulative values as fetched; NaN where the store did not answer. */
export interface GcCollectorValues {
  /** JVM name, e.g. "G1 Old Generation". */
  collector: string;
  timeMs: number;
  count: number;
}

/**
 * Per collector, its cumulative time and count from fetched values, so an old-generation pause
 * can be told from young-generation background. Empty when the cluster reports only the `All`
 * aggregate (then only the sums in gcTimeMs/gcCount are known).
 */
export function gcCollectorValues(
  res: TaskManagerMetricResolution,
  values: ReadonlyMap<string, number>,
): GcCollectorValues[] {
  return res.gcCollectors.map((c) => ({
    collector: gcCollectorName(c),
    timeMs: values.get(gcMetricId(c, 'Time')) ?? Number.NaN,
    count: values.get(gcMetricId(c, 'Count')) ?? Number.NaN,
  }));
}

/** Every id a resolution needs, for one `get=` request. */
export function taskManagerRequestIds(res: TaskManagerMetricResolution): string[] {
  return [...new Set(Object.values(res.ids).flat())];
}

/**
 * Combines fetched values into canonical TaskManager values. A sum with any missing or NaN part
 * is NaN (a partial GC total would look like a real, smaller number).
 */
export function combineTaskManagerValues(
  res: TaskManagerMetricResolution,
  values: ReadonlyMap<string, number>,
): Partial<Record<TaskManagerMetric, number>> {
  const out: Partial<Record<TaskManagerMetric, number>> = {};
  for (const [key, ids] of Object.entries(res.ids) as Array<[TaskManagerMetric, readonly string[]]>) {
    let sum = 0;
    for (const id of ids) sum += values.get(id) ?? Number.NaN;
    out[key] = sum;
  }
  return out;
}

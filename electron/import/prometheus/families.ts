// Which PrometheusReporter families hold what the REST recorder reads. The REST metric ids the
// Flink client resolves (metric-names.ts, with every version's renames and legacy groups) are
// turned into family names once, so the same resolution picks the same metric from either source.

import { SUBTASK_METRIC_CANDIDATES, TASKMANAGER_METRIC_CANDIDATES } from '../../flink/metric-names';
import { prometheusName, SCOPE } from '../../prometheus/flink-names';

function familiesOf(
  scope: string,
  candidates: Readonly<Record<string, readonly string[]>>,
): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const ids of Object.values(candidates)) for (const id of ids) out.set(prometheusName(scope, id), id);
  return out;
}

/** Task-scope family name → the REST id it reports (`…_Shuffle_Netty_Input_Buffers_inPoolUsage` → `Shuffle.Netty.Input.Buffers.inPoolUsage`). */
export const TASK_FAMILIES = familiesOf(SCOPE.task, SUBTASK_METRIC_CANDIDATES);

const TASKMANAGER_FAMILIES = familiesOf(SCOPE.taskManager, TASKMANAGER_METRIC_CANDIDATES);
const GC_FAMILY = new RegExp(`^flink_${SCOPE.taskManager}_Status_JVM_GarbageCollector_(.+)_(Count|Time)$`);

/** The REST id a TaskManager-scope family reports, or null when the recorder does not read it. */
export function taskManagerRestId(family: string): string | null {
  const gc = GC_FAMILY.exec(family);
  if (gc) return `Status.JVM.GarbageCollector.${gc[1]}.${gc[2]}`;
  return TASKMANAGER_FAMILIES.get(family) ?? null;
}

/** Every TaskManager-scope family the recorder reads, as a regular expression on `__name__`. */
export const TASKMANAGER_FAMILY_PATTERN = `flink_${SCOPE.taskManager}_Status_JVM_GarbageCollector_.+_(Count|Time)|${[...TASKMANAGER_FAMILIES.keys()].join('|')}`;

/** Every task-scope family the recorder reads, as a regular expression on `__name__`. */
export const TASK_FAMILY_PATTERN = [...TASK_FAMILIES.keys()].join('|');

/** A PromQL string literal: backslash and double quote escaped. */
export function promqlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** The selector of one vertex's task-scope series (of `families` when given): `{__name__=~"…", job_id="…", task_id="…"}`. */
export function vertexSelector(jobId: string, vertexId: string, families?: readonly string[]): string {
  const names = families ? families.join('|') : TASK_FAMILY_PATTERN;
  return `{__name__=~${promqlString(names)},job_id=${promqlString(jobId)},task_id=${promqlString(vertexId)}}`;
}

/** The selector of every TaskManager's process series the recorder reads. */
export function taskManagerSelector(): string {
  return `{__name__=~${promqlString(TASKMANAGER_FAMILY_PATTERN)}}`;
}

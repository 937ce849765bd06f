// What one simulated process's PrometheusReporter serves: the JobManager its process metrics and
// the job-scope ones (checkpoints, restarts); a TaskManager its process metrics (JVM, GC, network
// pool) and the task and operator metrics of the subtasks deployed on it. Values are read from a
// MetricStore snapshot, so they are the ones the REST API answers for the same instant.

import { createHash } from 'node:crypto';
import type { SimClusterView, SimJob, SimSubtask, SimTaskManager, SimVertex } from '../types';
import type { Metrics, MetricStore } from '../versions/metric-store';
import { operatorMetricName, truncateOperatorName } from '../versions/names';
import type { MetricFamily } from './exposition';
import type { Labels } from './families';
import { FamilyCollector } from './families';

/** `jobmanager.rpc.address` of the simulated cluster, the `<host>` variable of JobManager scopes. */
export const JOB_MANAGER_HOST = 'localhost';

export interface ReporterOptions {
  /** PrometheusReporter's filterLabelValueCharacters (default true, as in Flink). */
  filterLabelValueCharacters?: boolean;
}

const hex32 = (seed: string): string => createHash('md5').update(seed).digest('hex');

function addAll(c: FamilyCollector, scope: readonly string[], metrics: Metrics | undefined, labels: Labels): void {
  for (const [id, value] of metrics ?? []) c.add(scope, id, labels, value);
}

export function jobManagerFamilies(
  view: SimClusterView,
  store: MetricStore,
  opts: ReporterOptions = {},
): MetricFamily[] {
  const c = new FamilyCollector(opts.filterLabelValueCharacters ?? true);
  const host: Labels = [['host', JOB_MANAGER_HOST]];
  addAll(c, ['jobmanager'], store.jobManager, host);
  for (const job of view.jobs) {
    const entry = store.jobs.get(job.jobId);
    if (entry) addAll(c, ['jobmanager', 'job'], entry.job, [...host, ['job_id', job.jobId], ['job_name', job.name]]);
  }
  return c.all();
}

export function taskManagerFamilies(
  view: SimClusterView,
  tm: SimTaskManager,
  store: MetricStore,
  opts: ReporterOptions = {},
): MetricFamily[] {
  const c = new FamilyCollector(opts.filterLabelValueCharacters ?? true);
  const process: Labels = [
    ['host', tm.host],
    ['tm_id', tm.id],
  ];
  addAll(c, ['taskmanager'], store.taskManagers.get(tm.id), process);
  for (const job of view.jobs) {
    const vertices = store.jobs.get(job.jobId)?.vertices;
    if (!vertices) continue;
    for (const v of job.vertices) {
      for (const s of v.subtasks) {
        const metrics = s.taskManagerId === tm.id ? vertices.get(v.id)?.get(s.index) : undefined;
        if (metrics) addSubtask(c, [...process, ...taskLabels(job, v, s)], v, metrics);
      }
    }
  }
  return c.all();
}

function taskLabels(job: SimJob, v: SimVertex, s: SimSubtask): Labels {
  return [
    ['job_id', job.jobId],
    ['job_name', job.name],
    ['task_id', v.id],
    // A new attempt is a new series, as after a real restart.
    ['task_attempt_id', hex32(`${job.jobId}/${v.id}/${s.index}/${s.attempt}`)],
    ['task_name', v.name],
    ['subtask_index', String(s.index)],
    ['task_attempt_num', String(s.attempt)],
  ];
}

/** The head operator's OperatorID is the JobVertexID; the chained ones get stable ids of their own. */
function operatorId(v: SimVertex, position: number): string {
  return position === 0 ? v.id : hex32(`${v.id}/operator/${position}`);
}

/** Splits the store's `<operator>.<metric>` ids off by the vertex's known operator names, longest first. */
function addSubtask(c: FamilyCollector, labels: Labels, v: SimVertex, metrics: Metrics): void {
  const operators = v.operators
    .map((name, position) => ({
      prefix: `${operatorMetricName(name)}.`,
      labels: [
        ...labels,
        ['operator_id', operatorId(v, position)],
        ['operator_name', truncateOperatorName(name)],
      ] as Labels,
    }))
    .sort((a, b) => b.prefix.length - a.prefix.length);
  for (const [id, value] of metrics) {
    const op = operators.find((o) => id.startsWith(o.prefix));
    if (!op) {
      c.add(['taskmanager', 'job', 'task'], id, labels, value);
      continue;
    }
    c.add(['taskmanager', 'job', 'task', 'operator'], id.slice(op.prefix.length), op.labels, value);
  }
}

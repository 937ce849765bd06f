// How Flink's PrometheusReporter names a metric (AbstractPrometheusReporter): `flink_`, the metric
// group's logical scope, `_`, the metric name; every character outside [a-zA-Z0-9:_] becomes `_`.
// The simulator writes names with it and the importer reads them with it.

const UNALLOWED = /[^a-zA-Z0-9:_]/g;

/** AbstractPrometheusReporter.replaceInvalidChars (also applied to label values by default). */
export function replaceInvalidChars(input: string): string {
  return input.replace(UNALLOWED, '_');
}

/** Logical scopes of the metric groups the recorder reads. */
export const SCOPE = {
  jobManager: 'jobmanager',
  jobManagerJob: 'jobmanager_job',
  taskManager: 'taskmanager',
  task: 'taskmanager_job_task',
  operator: 'taskmanager_job_task_operator',
} as const;

/** The family name of a metric the REST API spells `id` (`Shuffle.Netty.Input.Buffers.inPoolUsage`) in `scope`. */
export function prometheusName(scope: string, id: string): string {
  return `flink_${scope}_${replaceInvalidChars(id.replace(/\./g, '_'))}`;
}

// Flink's PrometheusReporter for the simulated cluster: text exposition per simulated process.
export { startPrometheusEndpoints } from './endpoints';
export type { PrometheusEndpoint, PrometheusEndpoints, PrometheusEndpointsOptions } from './endpoints';
export { escapeLabelValue, formatExposition, replaceInvalidChars, EXPOSITION_CONTENT_TYPE } from './exposition';
export type { MetricFamily, ExpositionSample } from './exposition';
export { jobManagerFamilies, taskManagerFamilies, JOB_MANAGER_HOST } from './reporter';

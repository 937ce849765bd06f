// Public surface of the Flink REST client.

export { FlinkClient, formatSubtaskRanges, type AggregationOptions, type WatermarkValue } from './client';
export { type FlinkConnectionOptions, DEFAULTS as CONNECTION_DEFAULTS } from './connection';
export { FlinkApiError, isFlinkApiError, flinkErrorSummary, oneLine, type FlinkErrorKind } from './errors';
export type { TransportStats } from './transport';
export { chunkMetricIds, metricQuery, requestLineLength } from './chunk';
export { parseMetricValue, parseWatermark, LONG_MIN_VALUE } from './metric-value';
export { capabilitiesOf, type FlinkCapabilities } from './version';
export { parseFlinkVersion, type FlinkVersion } from '../../shared/flink-versions';
export {
  resolveSubtaskMetrics,
  resolveTaskManagerMetrics,
  taskManagerRequestIds,
  combineTaskManagerValues,
  gcCollectorName,
  gcCollectorValues,
  stripSubtaskIndex,
  type GcCollectorValues,
  type SubtaskMetricResolution,
  type TaskManagerMetricResolution,
} from './metric-names';
export { readJobManagerSettings, parseFlinkDuration, type JobManagerSettings } from './jm-config';
export type { VertexBackpressure, SubtaskBackpressure } from './schemas/backpressure';
export type { JobExceptions, ExceptionEntry } from './schemas/exceptions';
export type { JobDetails, JobOverview, JobPlan, PlanEdge } from './schemas/jobs';
export type { VertexDetails } from './schemas/vertex';
export type {
  CheckpointStats,
  CheckpointEntry,
  CheckpointConfig,
  CheckpointDetails,
  CheckpointSubtaskDetails,
} from './schemas/checkpoints';
export type { DashboardConfig, ClusterOverview, JobManagerConfigEntry, TaskManagerSummary } from './schemas/cluster';
export type { AggMode, AggregatedValue } from './schemas/metrics';
export type { FlameGraphAnswer } from './schemas/evidence';

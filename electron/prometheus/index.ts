// Public surface of the Prometheus HTTP API client.
export { PrometheusClient, type PrometheusConnectionOptions, type RangeQueryOptions, type TimeWindow } from './client';
export { PrometheusApiError, MAX_POINTS_PER_SERIES, type PrometheusErrorKind } from './errors';
export { splitRange, pointsIn, mergeChunks, seriesKey, type QueryRange, type RangeSeries } from './range';
export type { LabelSet } from './schemas';

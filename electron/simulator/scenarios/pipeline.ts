// The "Orders Enrichment" job most scenarios run: Kafka source → keyed enrichment → event-time
// window → Elasticsearch sink, parallelism 4 on 4 TaskManagers × 2 slots. Capacities are chosen
// so that the healthy job runs at ~50 % source utilisation and every vertex downstream of the
// sources can absorb the sources' full read rate (so catching up on a backlog alone never
// backpressures anything unless a scenario says so).

import type { ClusterSpec, JobSpec, VertexSpec } from '../model/spec';

export const ORDERS_JOB = 'orders';
export const SOURCE = 'source';
export const ENRICH = 'enrich';
export const WINDOW = 'window';
export const SINK = 'sink';

export const ORDERS_PARALLELISM = 4;
/** Records/s arriving in Kafka per source subtask. */
export const SOURCE_RATE = 5000;

export function ordersVertices(): VertexSpec[] {
  return [
    {
      key: SOURCE,
      operators: ['Source: Kafka Orders', 'Filter', 'Map'],
      parallelism: ORDERS_PARALLELISM,
      maxParallelism: 128,
      capacity: 10_000,
      selectivity: 1,
      recordBytes: 200,
      sourceRate: SOURCE_RATE,
      stateBytes: 4096,
    },
    {
      key: ENRICH,
      operators: ['KeyedProcess: Enrich with customer.profile', 'Timestamps/Watermarks'],
      parallelism: ORDERS_PARALLELISM,
      maxParallelism: 128,
      capacity: 15_000,
      selectivity: 1,
      recordBytes: 220,
      stateBytes: 64 * 1024 * 1024,
    },
    {
      key: WINDOW,
      operators: [
        'Window(TumblingEventTimeWindows(60000), EventTimeTrigger, OrderAggregateFunction, PassThroughWindowFunction)',
        'Map',
      ],
      parallelism: ORDERS_PARALLELISM,
      maxParallelism: 128,
      capacity: 12_000,
      selectivity: 0.5,
      recordBytes: 300,
      stateBytes: 128 * 1024 * 1024,
    },
    {
      key: SINK,
      operators: ['Sink: Elasticsearch7 orders.enriched.v2'],
      parallelism: ORDERS_PARALLELISM,
      maxParallelism: 128,
      capacity: 12_000,
      selectivity: 0,
      recordBytes: 300,
    },
  ];
}

export function ordersJob(overrides: Partial<JobSpec> = {}): JobSpec {
  return {
    key: ORDERS_JOB,
    name: 'Orders Enrichment',
    vertices: ordersVertices(),
    edges: [
      { from: SOURCE, to: ENRICH, ship: 'HASH' },
      { from: ENRICH, to: WINDOW, ship: 'HASH' },
      { from: WINDOW, to: SINK, ship: 'REBALANCE' },
    ],
    checkpointIntervalMs: 30_000,
    checkpointFailureRate: 0.04,
    ...overrides,
  };
}

export function ordersCluster(scenario: string, job: JobSpec, extra: Partial<ClusterSpec> = {}): ClusterSpec {
  return { scenario, taskManagers: 4, slotsPerTaskManager: 2, stepMs: 100, jobs: [job], ...extra };
}

// A benchmark-sized cluster: 20 vertices × parallelism 256 on 32 TaskManagers × 8 slots,
// advanced in 1 s steps to stay cheap. Healthy apart from one long old-generation GC pause
// that backpressures the senders into the frozen TaskManager's subtasks.

import type { EdgeSpec, ModelShipStrategy, VertexSpec } from '../model/spec';
import { TruthBuilder } from './truth';
import type { ScenarioDefinition } from './types';

const P = 256;
const DURATION = 3_600_000;
const RATE = 1_000;
const SOURCE_CAPACITY = 2_000;
const RECORD_BYTES = 8_192;
const GC = { taskManager: 5, atMs: 1_200_000, durationMs: 15_000 };

/** [operators, ship strategy of the edge into it, capacity]. */
const CHAIN: [string[], ModelShipStrategy, number][] = [
  [['Filter: drop bots', 'Map: normalize'], 'FORWARD', 5_000],
  [['KeyedProcess: Sessionize'], 'HASH', 4_000],
  [['Map: enrich geo.ip'], 'FORWARD', 5_000],
  [['Async: lookup user.profile'], 'REBALANCE', 4_000],
  [['Filter: consented'], 'FORWARD', 6_000],
  [['KeyedProcess: Dedupe'], 'HASH', 4_000],
  [['Map: to features'], 'FORWARD', 6_000],
  [
    ['Window(SlidingEventTimeWindows(300000, 60000), EventTimeTrigger, FeatureAggregate, PassThroughWindowFunction)'],
    'HASH',
    3_500,
  ],
  [['Map: score'], 'FORWARD', 5_000],
  [['KeyedProcess: Anomaly detector'], 'HASH', 4_000],
  [['Map: annotate'], 'FORWARD', 6_000],
  [['Filter: alerts only'], 'REBALANCE', 6_000],
  [['Map: format alert'], 'FORWARD', 6_000],
  [['KeyedProcess: Throttle per tenant'], 'HASH', 4_000],
  [['Map: to json'], 'FORWARD', 6_000],
  [['Process: route'], 'REBALANCE', 5_000],
  [['Map: audit.tag'], 'FORWARD', 6_000],
  [['Process: batch'], 'REBALANCE', 5_000],
  [['Sink: Kafka alerts.v1'], 'FORWARD', 5_000],
];

export const large: ScenarioDefinition = {
  name: 'large',
  description:
    'Benchmark scale: 20 vertices × parallelism 256 (5120 subtasks) on 32 TaskManagers. Healthy for an hour except a 15 s old-generation GC pause on TaskManager 5 at 20 min: once their output pools are full, the senders into its frozen sessionizer subtasks are backpressured; everything downstream starves.',
  build(seed) {
    const vertices: VertexSpec[] = [
      {
        key: 'v00',
        operators: ['Source: Kafka clickstream.events', 'Deserialize'],
        parallelism: P,
        maxParallelism: 1024,
        capacity: SOURCE_CAPACITY,
        selectivity: 1,
        recordBytes: RECORD_BYTES,
        sourceRate: RATE,
        stateBytes: 2048,
      },
    ];
    const edges: EdgeSpec[] = [];
    CHAIN.forEach(([operators, ship, capacity], k) => {
      const key = `v${String(k + 1).padStart(2, '0')}`;
      const last = k === CHAIN.length - 1;
      vertices.push({
        key,
        operators,
        parallelism: P,
        maxParallelism: 1024,
        capacity,
        selectivity: last ? 0 : 1,
        recordBytes: RECORD_BYTES,
        stateBytes: ship === 'HASH' ? 8 * 1024 * 1024 : 0,
      });
      edges.push({ from: vertices[k]!.key, to: key, ship });
    });
    const spec = {
      scenario: 'large',
      taskManagers: 32,
      slotsPerTaskManager: 8,
      stepMs: 1_000,
      jobs: [
        {
          key: 'clickstream',
          name: 'Clickstream Alerts',
          vertices,
          edges,
          checkpointIntervalMs: 60_000,
          checkpointFailureRate: 0.02,
        },
      ],
      gcPauses: [GC],
    };
    const t = new TruthBuilder(spec, seed);
    t.gcWindows();
    // The frozen subtasks stop granting credit. Only the senders into the first all-to-all
    // edge block on them (their FORWARD upstream sits on the same TaskManager and is frozen
    // too); everything further downstream starves behind that edge and idles. Blocking starts
    // once a sender's output pool is full: 10000 records at 1000 records/s minus the ~2 s of
    // data already queued, so about 8 s into the pause.
    const first = CHAIN.findIndex(([, ship]) => ship !== 'FORWARD');
    t.episode({
      vertex: vertices[first]!.key,
      startMs: GC.atMs + 8_000,
      endMs: GC.atMs + GC.durationMs,
      bottleneck: vertices[first + 1]!.key,
      subtasks: Array.from({ length: P / 32 }, (_, i) => GC.taskManager + 32 * i),
      cause: 'gc',
    });
    t.checkpointWindows(DURATION, []);
    return { spec, truth: t.build(this.description, DURATION) };
  },
};

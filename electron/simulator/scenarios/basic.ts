// Scenarios with one steady cause: nothing, a slow operator, a hot key, a slow sink, a slow
// network link. The story runs for `durationMs`; the model keeps running steadily afterwards.

import { ENRICH, SINK, SOURCE, WINDOW, ordersCluster, ordersJob } from './pipeline';
import { TruthBuilder } from './truth';
import type { ScenarioDefinition } from './types';

const DURATION = 360_000;
const FROM = 60_000;
const TO = 300_000;

export const healthy: ScenarioDefinition = {
  name: 'healthy',
  description: 'Orders Enrichment runs at about half its capacity: no backpressure anywhere, checkpoints every 30 s.',
  build(seed) {
    const spec = ordersCluster('healthy', ordersJob());
    const t = new TruthBuilder(spec, seed);
    t.checkpointWindows(DURATION, []);
    return { spec, truth: t.build(this.description, DURATION) };
  },
};

export const sustainedBottleneck: ScenarioDefinition = {
  name: 'sustained-bottleneck',
  description:
    'From 60 s to 300 s the keyed enrichment (mid-pipeline) slows to 30 % of its speed: the source is backpressured HIGH, window and sink idle.',
  build(seed) {
    const job = ordersJob({ slowdowns: [{ vertex: ENRICH, fromMs: FROM, toMs: TO, factor: 0.24 }] });
    const spec = ordersCluster('sustained-bottleneck', job);
    const t = new TruthBuilder(spec, seed);
    // The source's output pool and enrichment's input gate take ~3 s to fill at the excess rate.
    t.episode({
      vertex: SOURCE,
      startMs: FROM + 3_000,
      endMs: TO + 1_000,
      bottleneck: ENRICH,
      cause: 'overloaded-operator',
    });
    t.checkpointWindows(DURATION, []);
    return { spec, truth: t.build(this.description, DURATION) };
  },
};

export const dataSkew: ScenarioDefinition = {
  name: 'data-skew',
  description:
    'From 60 s to 300 s one key dominates: 90 % of records hash to window subtask 2, which saturates while its peers idle; enrichment and source are backpressured.',
  build(seed) {
    const job = ordersJob({ skews: [{ vertex: WINDOW, hotSubtask: 2, share: 0.9, fromMs: FROM, toMs: TO }] });
    const spec = ordersCluster('data-skew', job);
    const t = new TruthBuilder(spec, seed);
    t.episode({
      vertex: ENRICH,
      startMs: FROM + 1_000,
      endMs: TO + 1_000,
      bottleneck: WINDOW,
      subtasks: [2],
      cause: 'data-skew',
    });
    t.episode({
      vertex: SOURCE,
      startMs: FROM + 4_000,
      endMs: TO + 1_000,
      bottleneck: WINDOW,
      subtasks: [2],
      cause: 'data-skew',
    });
    t.checkpointWindows(DURATION, []);
    return { spec, truth: t.build(this.description, DURATION) };
  },
};

export const slowSink: ScenarioDefinition = {
  name: 'slow-sink',
  description:
    'From 60 s to 300 s Elasticsearch answers slowly: the sink runs at 15 % of its speed and backpressures window, enrichment and source.',
  build(seed) {
    const job = ordersJob({ slowdowns: [{ vertex: SINK, fromMs: FROM, toMs: TO, factor: 0.15 }] });
    const spec = ordersCluster('slow-sink', job);
    const t = new TruthBuilder(spec, seed);
    t.episode({ vertex: WINDOW, startMs: FROM + 5_000, endMs: TO + 1_000, bottleneck: SINK, cause: 'slow-sink' });
    t.episode({ vertex: ENRICH, startMs: FROM + 8_000, endMs: TO + 1_000, bottleneck: SINK, cause: 'slow-sink' });
    t.episode({ vertex: SOURCE, startMs: FROM + 11_000, endMs: TO + 1_000, bottleneck: SINK, cause: 'slow-sink' });
    t.checkpointWindows(DURATION, []);
    return { spec, truth: t.build(this.description, DURATION) };
  },
};

export const networkBottleneck: ScenarioDefinition = {
  name: 'network-bottleneck',
  description:
    'From 60 s to 300 s the credit round trip on remote channels into the window vertex rises to 500 ms: enrichment subtasks fill their output pools (outPoolUsage ~1) while every window subtask has low inPoolUsage and idles. The source is backpressured behind enrichment.',
  build(seed) {
    const job = ordersJob({ network: [{ vertex: WINDOW, fromMs: FROM, toMs: TO, rttMs: 500 }] });
    const spec = ordersCluster('network-bottleneck', job);
    const t = new TruthBuilder(spec, seed);
    t.episode({ vertex: ENRICH, startMs: FROM + 1_000, endMs: TO + 1_000, bottleneck: null, cause: 'network' });
    t.episode({ vertex: SOURCE, startMs: FROM + 2_000, endMs: TO + 1_000, bottleneck: null, cause: 'network' });
    t.checkpointWindows(DURATION, []);
    return { spec, truth: t.build(this.description, DURATION) };
  },
};

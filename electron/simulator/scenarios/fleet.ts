// A fleet: 20 clusters × 5 jobs × 8 vertices on mixed Flink versions, all healthy but one job on
// one cluster, where a keyed or windowed operator slows down for five minutes (a sustained
// bottleneck). Which cluster, job and vertex is drawn from the seed and named in the ground truth.

import type { EdgeSpec, JobSpec, ModelShipStrategy, VertexSpec } from '../model/spec';
import { Prng } from '../model/prng';
import { jobIdFor, vertexIdFor } from '../model/ids';
import type { GroundTruth } from '../types';
import { SIMULATED_VERSIONS, type SimulatedVersion } from '../versions/profile';
import { TruthBuilder } from './truth';
import type { BuiltScenario } from './types';

export const FLEET = 'fleet';
export const FLEET_CLUSTERS = 20;
const JOBS = 5;
const DURATION = 600_000;
const INCIDENT = { fromMs: 120_000, toMs: 420_000 };
/** Flink's network pools: 2 exclusive buffers per channel and 8 floating per gate, 32 KiB each. */
const BUFFER = { bytes: 32 * 1024, exclusive: 2, floating: 8 };
/** Records/s arriving per source subtask; sources run at half the job's parallelism. */
const SOURCE_RATE = 2_000;
/** Per-subtask capacity downstream: ~30 % busy on a healthy day, ~60 % while catching up. */
const CAPACITY = 3_500;
/** The bottleneck handles a third of its input while slowed. */
const SLOWDOWN = 3;

/** [operators ('%' = the job's topic), ship strategy of the edge into it, selectivity]. */
const CHAIN: [string[], ModelShipStrategy, number][] = [
  [['Filter: valid %'], 'REBALANCE', 1],
  [['KeyedProcess: Enrich with %.profile'], 'HASH', 1],
  [
    ['Window(TumblingEventTimeWindows(60000), EventTimeTrigger, CountAggregate, PassThroughWindowFunction)'],
    'HASH',
    0.5,
  ],
  [['Map: score'], 'FORWARD', 1],
  [['KeyedProcess: Dedupe'], 'HASH', 1],
  [['Map: to json'], 'FORWARD', 1],
  [['Sink: Kafka %.out'], 'FORWARD', 0],
];
/** Vertices that can be the bottleneck: the keyed and windowed ones. */
const SLOWABLE = [2, 3, 5];
const TOPICS = ['orders', 'clicks', 'payments', 'inventory', 'impressions', 'shipments', 'sessions', 'alerts'];
const PARALLELISMS = [8, 16, 32, 64];

export interface FleetMember {
  /** The member's scenario name (its ids derive from it): `fleet-01` … `fleet-20`. */
  name: string;
  flinkVersion: SimulatedVersion;
  spec: BuiltScenario['spec'];
  truth: GroundTruth;
}

export interface FleetIncident {
  cluster: string;
  jobId: string;
  jobName: string;
  vertexId: string;
  vertexName: string;
  fromMs: number;
  toMs: number;
}

export interface FleetTruth {
  scenario: typeof FLEET;
  description: string;
  durationMs: number;
  incident: FleetIncident;
}

export const FLEET_DESCRIPTION =
  '20 clusters (Flink 1.12–2.3) × 5 jobs × 8 vertices, parallelism 4–64, healthy; on one cluster (drawn from the seed) one keyed or windowed operator runs at a third of the speed it needs from 2 min to 7 min: every vertex upstream of it is backpressured.';

function fleetJob(key: string, topic: string, p: number, rng: Prng): JobSpec {
  const vertices: VertexSpec[] = [
    {
      key: 'v0',
      operators: [`Source: Kafka ${topic}.events`, 'Map: parse'],
      parallelism: p / 2,
      maxParallelism: 128,
      capacity: 3 * SOURCE_RATE,
      selectivity: 1,
      recordBytes: rng.int(200, 600),
      sourceRate: SOURCE_RATE,
      stateBytes: 4096,
    },
  ];
  const edges: EdgeSpec[] = [];
  CHAIN.forEach(([operators, ship, selectivity], i) => {
    const vertex = `v${i + 1}`;
    vertices.push({
      key: vertex,
      operators: operators.map((o) => o.replace('%', topic)),
      parallelism: p,
      maxParallelism: 128,
      capacity: CAPACITY * rng.range(0.9, 1.1),
      selectivity,
      recordBytes: rng.int(200, 600),
      stateBytes: ship === 'HASH' ? 16 * 1024 * 1024 : 0,
    });
    edges.push({ from: vertices[i]!.key, to: vertex, ship });
  });
  const name = `${topic[0]!.toUpperCase()}${topic.slice(1)} Pipeline`;
  return { key, name, vertices, edges, checkpointIntervalMs: 60_000, checkpointFailureRate: 0.01 };
}

/** The fleet for a seed: every member's spec and truth, and where the incident is. */
export function buildFleet(seed: number): { members: FleetMember[]; truth: FleetTruth } {
  const rng = new Prng(`${FLEET}:${seed}`);
  const at = { cluster: rng.int(0, FLEET_CLUSTERS - 1), job: rng.int(0, JOBS - 1), vertex: SLOWABLE[rng.int(0, 2)]! };
  let incident: FleetIncident | null = null;
  const members = Array.from({ length: FLEET_CLUSTERS }, (_, c): FleetMember => {
    const name = `${FLEET}-${String(c + 1).padStart(2, '0')}`;
    const jobs = Array.from({ length: JOBS }, (_unused, j) =>
      fleetJob(`job${j}`, TOPICS[(c + j) % TOPICS.length]!, PARALLELISMS[rng.int(0, PARALLELISMS.length - 1)]!, rng),
    );
    const slots = jobs.reduce((n, j) => n + Math.max(...j.vertices.map((v) => v.parallelism)), 0);
    const spec = { scenario: name, taskManagers: Math.ceil(slots / 16), slotsPerTaskManager: 16, stepMs: 1_000, jobs };
    const t = new TruthBuilder(spec, seed);
    if (c === at.cluster) incident = slowDown(spec.jobs[at.job]!, at.vertex, t, name);
    for (const j of jobs) t.checkpointWindows(DURATION, [], j.key);
    return {
      name,
      flinkVersion: SIMULATED_VERSIONS[c % SIMULATED_VERSIONS.length]!,
      spec,
      truth: t.build(FLEET_DESCRIPTION, DURATION),
    };
  });
  return {
    members,
    truth: { scenario: FLEET, description: FLEET_DESCRIPTION, durationMs: DURATION, incident: incident! },
  };
}

/**
 * Records the network buffers between `from` and the next vertex hold (sender output pools plus
 * receiver input gates), each at least two steps of throughput as the model keeps them.
 */
function queuedRecords(job: JobSpec, from: number): number {
  const src = job.vertices[from]!;
  const dst = job.vertices[from + 1]!;
  const forward = job.edges[from]!.ship === 'FORWARD';
  const perBuffer = Math.max(1, Math.floor(BUFFER.bytes / src.recordBytes));
  const pool = (channels: number) => (channels * BUFFER.exclusive + BUFFER.floating) * perBuffer;
  const out = Math.max(pool(forward ? 1 : dst.parallelism), 2 * src.capacity * src.selectivity);
  const inp = Math.max(pool(forward ? 1 : src.parallelism), 2 * dst.capacity);
  return out * src.parallelism + inp * dst.parallelism;
}

/**
 * Scripts the slowdown into `job` and its episodes into the truth: a vertex upstream is
 * backpressured once every queue between it and the bottleneck has filled at the excess rate.
 */
function slowDown(job: JobSpec, index: number, t: TruthBuilder, cluster: string): FleetIncident {
  const v = job.vertices[index]!;
  const sourceRate = SOURCE_RATE * job.vertices[0]!.parallelism;
  // Records per second on the edge out of vertex i, before the slowdown.
  const rate = (i: number) => sourceRate * job.vertices.slice(1, i + 1).reduce((f, x) => f * x.selectivity, 1);
  const inputLoad = rate(index - 1) / v.parallelism;
  job.slowdowns = [{ vertex: v.key, ...INCIDENT, factor: inputLoad / (SLOWDOWN * v.capacity) }];
  let lagMs = 0;
  for (let up = index - 1; up >= 0; up--) {
    lagMs += (1000 * queuedRecords(job, up)) / (rate(up) * (1 - 1 / SLOWDOWN));
    t.episode({
      job: job.key,
      vertex: job.vertices[up]!.key,
      startMs: INCIDENT.fromMs + Math.round(lagMs / 1000) * 1000,
      // The bottleneck's backlog drains within a few seconds of its recovery.
      endMs: INCIDENT.toMs + 5_000,
      bottleneck: v.key,
      cause: 'overloaded-operator',
    });
  }
  return {
    cluster,
    jobId: jobIdFor(cluster, job.key),
    jobName: job.name,
    vertexId: vertexIdFor(cluster, job.key, v.key),
    vertexName: t.vertexName(job.key, v.key),
    ...INCIDENT,
  };
}

// The incident jobs' designed ground truth (jobs/, class org.backflow.incidents.IncidentJob), for tests and
// people. Every time is in seconds after the job's t0: the moment its main() ran in the JobManager, which
// the job publishes with every effective argument under GET /jobs/:id/config → execution-config.user-config
// (t0 is a few hundred ms before the job's start-time). Types: incidents.d.mts.
//
// The pipeline is the same for every scenario, one vertex per operator (chaining disabled):
//   Source: Events (2) --rebalance--> Enrich (2) --keyBy--> Window (2; 4 in skew) --rebalance--> Sink (2)
// Backpressure shows on the vertices upstream of the slow one; the bottleneck is the first vertex after
// the last backpressured one. Mechanisms are real: per-record sleeps (Flink counts them as busy time), a
// hot key, a slow synchronous snapshot, System.gc() on a populated heap, a thrown exception.

/** Vertex names by role and API family (2.x names a Sink v2 vertex "<name>: Writer"). */
export const VERTEX_NAMES = Object.freeze({
  source: { flink1: 'Source: Events', flink2: 'Source: Events' },
  enrich: { flink1: 'Enrich', flink2: 'Enrich' },
  window: { flink1: 'Window', flink2: 'Window' },
  sink: { flink1: 'Sink: Sink', flink2: 'Sink: Writer' },
});

/**
 * Short timings (seconds after t0) for tests that run a batch of incidents in about a minute: every
 * incident well inside 60 s, with calm before and after.
 */
export const SHORT_TIMING = Object.freeze({
  healthy: {},
  sustained: { from: 15, to: 45 },
  skew: { from: 15, to: 45 },
  network: { from: 15, to: 45 },
  transient: { from: 15, bursts: 3, 'burst-every': 10, 'burst-length': 5 },
  'checkpoint-alignment': { from: 15, to: 45 },
  gc: { from: 15, to: 45 },
  restart: { 'fail-at': 20 },
});

/** @param {string} name a vertex name from GET /jobs/:id */
export function vertexRole(name) {
  for (const [role, names] of Object.entries(VERTEX_NAMES)) if (Object.values(names).includes(name)) return role;
  return undefined;
}

/**
 * The job's defaults (Params.java), per scenario where they differ. `args()` always passes every value, so
 * a job never relies on its own defaults; the smoke test compares these with what the job reports.
 */
const COMMON = Object.freeze({
  rate: 400, // records/s over all source subtasks
  'source-parallelism': 2,
  parallelism: 2, // Enrich
  'window-parallelism': 2,
  'sink-parallelism': 2,
  'keys-per-subtask': 8,
  'record-bytes': 500,
  'checkpoint-interval': 10, // s; 0 = off
  duration: 0, // s after t0 the source ends; 0 = until canceled
  from: 30,
  to: 120,
  'cost-ms': 10, // per-record cost of the slow operator during the incident
  'base-cost-ms': 0.5, // Enrich otherwise (~10 % busy)
  'window-cost-ms': 0.2,
  'sink-cost-ms': 0.2,
  bursts: 4,
  'burst-every': 30,
  'burst-length': 5,
  'hot-share': 0.8,
  'hot-subtask': 0,
  'snapshot-ms': 4000,
  'slow-subtask': 0,
  'live-mb': 300,
  'gc-every': 10,
  'gc-burst': 5,
  'gc-subtask': 0,
  'fail-at': 40,
  'fail-subtask': 0,
  'restart-attempts': 3,
  'restart-delay': 5,
});

export const SCENARIOS = Object.freeze([
  'healthy',
  'sustained',
  'transient',
  'skew',
  'checkpoint-alignment',
  'gc',
  'restart',
  'network',
]);

/** @param {string} scenario */
export function defaults(scenario) {
  if (!SCENARIOS.includes(scenario)) throw new Error(`unknown scenario "${scenario}"; known: ${SCENARIOS.join(', ')}`);
  return { ...COMMON, ...(scenario === 'skew' ? { 'window-parallelism': 4, 'window-cost-ms': 4 } : {}) };
}

/**
 * Program arguments for `submitJob(rest, jobsJar(version), args(...))`.
 * @param {string} scenario
 * @param {Record<string, number>} [overrides] e.g. { from: 15, to: 45 }
 */
export function args(scenario, overrides = {}) {
  const values = { ...defaults(scenario), ...overrides };
  for (const k of Object.keys(overrides))
    if (!(k in COMMON) && k !== 't0') throw new Error(`unknown incident argument "${k}"`);
  return ['--scenario', scenario, ...Object.entries(values).flatMap(([k, v]) => [`--${k}`, String(v)])];
}

/**
 * The effective parameters a running job reports (GET /jobs/:id/config → execution-config.user-config),
 * as numbers. Includes t0 (epoch ms) and hot-key.
 * @param {Record<string, string>} userConfig
 */
export function paramsFromJobConfig(userConfig) {
  const out = /** @type {Record<string, any>} */ ({ scenario: userConfig.scenario });
  for (const [k, v] of Object.entries(userConfig)) if (k !== 'scenario') out[k] = Number(v);
  return out;
}

/**
 * Designed ground truth for a job, times in seconds after t0 (add `params.t0` for epoch ms).
 *
 * `episodes`: one per backpressured vertex and incident window, with the bottleneck (the vertex doing the
 * slow work, and its subtasks). `level` is what the exact counters show inside the window (HIGH: the
 * vertex is backpressured nearly all the time); a recorder sampling coarser than the incident sees a
 * diluted ratio. Backpressure starts up to `tolerance.startS` after the cause (buffers fill first) and
 * ends up to `tolerance.endS` after it (queued records drain; the source catches up at most 0.1 s).
 * `optional` episodes are real but small (gc: only the other TaskManager's senders stall).
 *
 * @param {Record<string, any>} params from paramsFromJobConfig, or { scenario, ...defaults(scenario) }
 * @param {{ checkpointTriggers?: number[] }} [observed] checkpoint trigger times (s after t0), needed to
 *   place checkpoint-alignment's episodes, which follow the checkpoints
 */
export function expected(params, observed = {}) {
  const p = { ...defaults(params.scenario), ...params };
  const all = 'all';
  const sustainedAfter = 60; // `backflow analyze --sustained-after` default
  const cls = (len) => (len >= sustainedAfter ? 'sustained' : 'transient');
  /** @type {any[]} */
  const episodes = [];
  const upstreamOf = { enrich: ['source'], window: ['enrich', 'source'], sink: ['window', 'enrich', 'source'] };
  const incident = (bottleneck, subtasks, from, to, extra = {}) => {
    for (const vertex of upstreamOf[bottleneck]) {
      episodes.push({
        vertex,
        subtasks: all,
        from,
        to,
        level: 'HIGH',
        class: cls(to - from),
        overlaps: [],
        bottleneck: { vertex: bottleneck, subtasks },
        ...extra,
      });
    }
  };
  let checkpoints = null;
  let gc = null;
  const restarts = [];

  switch (p.scenario) {
    case 'healthy':
      break;
    case 'sustained':
      // Enrich at cost-ms per record can take 1000/cost-ms records/s per subtask, less than it is sent.
      incident('enrich', all, p.from, p.to);
      break;
    case 'transient':
      for (let i = 0; i < p.bursts; i++) {
        const from = p.from + i * p['burst-every'];
        incident('enrich', all, from, from + p['burst-length']);
      }
      break;
    case 'skew':
      // The hot key's share of records goes to one Window subtask; every Enrich subtask waits on it.
      incident('window', [p['hot-subtask']], p.from, p.to);
      break;
    case 'network':
      incident('sink', all, p.from, p.to);
      break;
    case 'checkpoint-alignment': {
      // Each checkpoint triggered in [from, to) blocks Window subtask slow-subtask for snapshot-ms in its
      // synchronous snapshot; Enrich (and then the source) back up behind it. Flink forwards the barrier
      // before the synchronous snapshot, so the Sink's alignment stays short: the checkpoint's duration
      // shows in Window's `checkpoint.sync` and end_to_end_duration, not in alignment.
      const durationS = p['snapshot-ms'] / 1000;
      checkpoints = {
        from: p.from,
        to: p.to,
        minDurationMs: p['snapshot-ms'],
        vertex: 'window',
        subtask: p['slow-subtask'],
      };
      for (const t of observed.checkpointTriggers ?? []) {
        if (t >= p.from && t < p.to) {
          for (const vertex of ['enrich', 'source']) {
            // How far a 4 s stall backs up depends on what the buffers hold at that moment: on real
            // clusters one checkpoint showed it on Enrich only, another on the source only. Each is
            // optional alone; `upstreamOfStall` asks for one of them per slow checkpoint.
            episodes.push({
              vertex,
              subtasks: all,
              from: t,
              to: t + durationS,
              level: 'HIGH',
              class: 'transient',
              overlaps: ['checkpoint'],
              bottleneck: { vertex: 'window', subtasks: [p['slow-subtask']] },
              optional: true,
            });
          }
        }
      }
      break;
    }
    case 'gc': {
      // From `from`, the TaskManager running Enrich subtask gc-subtask holds live-mb of small objects and
      // every gc-every s runs gc-burst full collections back to back (measured: 1.5 - 3 s of
      // G1_Old_Generation time per round on 2 cores). That JVM stands still, with every subtask on it of
      // any job (run gc alone when other jobs' numbers matter); senders on the other TaskManager stall
      // once their credits run out.
      const at = [];
      for (let t = p.from; t < p.to; t += p['gc-every']) at.push(t);
      // A round's old-generation time measured 0.9 s (2.3) to 3 s (1.20) here: at least half a second.
      gc = { vertex: 'enrich', subtask: p['gc-subtask'], at, collectionsPerRound: p['gc-burst'], minRoundMs: 500 };
      for (const t of at) {
        episodes.push({
          vertex: 'source',
          subtasks: all,
          from: t,
          to: t + 3,
          level: 'LOW',
          class: 'transient',
          overlaps: ['gc'],
          bottleneck: null,
          optional: true,
        });
      }
      break;
    }
    case 'restart':
      // Enrich subtask fail-subtask throws once (attempt 0) at fail-at; fixed-delay restart after
      // restart-delay s restarts the whole job (one pipelined region). The source starts again from zero.
      restarts.push({ at: p['fail-at'], delayS: p['restart-delay'], cause: 'backflow incident: injected failure' });
      break;
    default:
      throw new Error(`unknown scenario "${p.scenario}"`);
  }
  return { scenario: p.scenario, t0: p.t0, episodes, checkpoints, gc, restarts, tolerance: { startS: 5, endS: 5 } };
}

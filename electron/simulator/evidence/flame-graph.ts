// GET /jobs/:jid/vertices/:vid/flamegraph?type=FULL|ON_CPU|OFF_CPU[&subtaskindex=N] (1.13+,
// subtaskindex 1.17+). Like Flink's VertexThreadInfoTracker: the first request starts sampling
// the task threads (rest.flamegraph.num-samples 100, 50 ms apart) and is answered with the
// "waiting" placeholder; once done, the aggregated tree comes back with its endTimestamp, and
// after rest.flamegraph.refresh-interval a request starts a new sampling while the old answer
// stands. The samples are kept per vertex (or subtask); the type only filters them by state.
// Without rest.flamegraph.enabled the endpoint answers the "disabled" placeholder.

import type { EpochMs } from '../../../shared/time';
import type { SimSubtask, SimVertex } from '../types';
import { findVertex, type WireContext } from '../versions/context';
import { notFound, RestError } from '../versions/errors';
import { taskStackShapes, type Frame, type JvmThreadState } from './task-stacks';

const NUM_SAMPLES = 100;
const DELAY_BETWEEN_SAMPLES_MS = 50;
export const SAMPLING_MS = NUM_SAMPLES * DELAY_BETWEEN_SAMPLES_MS;
const REFRESH_INTERVAL_MS = 60_000;

/** VertexFlameGraph's placeholders. */
const TERMINATED = -1;
const DISABLED = -2;
const WAITING = -3;

export const FLAME_GRAPH_TYPES = ['FULL', 'ON_CPU', 'OFF_CPU'] as const;
type FlameGraphType = (typeof FLAME_GRAPH_TYPES)[number];

interface Node {
  name: string;
  value: number;
  children: Node[];
}

interface Sample {
  state: JvmThreadState;
  frames: Frame[];
  count: number;
}

interface Stats {
  endTs: EpochMs;
  samples: Sample[];
}

const ON_CPU = new Set<JvmThreadState>(['RUNNABLE']);

/** Flink names a node by its frame: `class.method:line`. */
const nodeName = (fr: Frame) => `${fr.className}.${fr.method}:${fr.line}`;

function tree(samples: readonly Sample[], type: FlameGraphType): Node {
  const root: Node = { name: 'root', value: 0, children: [] };
  for (const s of samples) {
    const on = ON_CPU.has(s.state);
    if ((type === 'ON_CPU' && !on) || (type === 'OFF_CPU' && on)) continue;
    root.value += s.count;
    let node = root;
    for (const fr of s.frames) {
      const name = nodeName(fr);
      let child = node.children.find((c) => c.name === name);
      if (!child) node.children.push((child = { name, value: 0, children: [] }));
      child.value += s.count;
      node = child;
    }
  }
  return root;
}

function sample(v: SimVertex, subtasks: readonly SimSubtask[]): Sample[] {
  return subtasks
    .filter((s) => s.status === 'RUNNING')
    .flatMap((s) => taskStackShapes(v, s).map((x) => ({ state: x.state, frames: x.frames, count: x.weight })));
}

function parseType(raw: string | null): FlameGraphType {
  const type = (raw ?? 'FULL') as FlameGraphType;
  if (!FLAME_GRAPH_TYPES.includes(type))
    throw new RestError(400, `Bad request, could not parse parameters: Invalid value "${raw}" for type.`);
  return type;
}

/** One per simulated cluster, like the JobManager's tracker. */
export class FlameGraphSampler {
  private readonly running = new Map<string, { started: EpochMs; samples: Sample[] }>();
  private readonly results = new Map<string, Stats>();

  constructor(
    /** rest.flamegraph.enabled */
    readonly enabled: boolean,
    /** How long a sampling takes (tests stretch it to make one that never finishes). */
    private readonly samplingMs = SAMPLING_MS,
  ) {}

  respond(ctx: WireContext, jobId: string, vertexId: string, query: URLSearchParams, path: string) {
    if (!ctx.profile.flameGraph) throw notFound(`Not found: ${path}`);
    if (!this.enabled) return { endTimestamp: DISABLED };
    const { job, vertex } = findVertex(ctx, jobId, vertexId);
    const type = parseType(query.get('type'));
    if (job.state !== 'RUNNING') return { endTimestamp: TERMINATED };
    const raw = ctx.profile.flameGraphSubtask ? query.get('subtaskindex') : null;
    let subtasks: readonly SimSubtask[] = vertex.subtasks;
    if (raw !== null) {
      const index = Number(raw);
      const sub = vertex.subtasks.find((s) => s.index === index);
      if (!/^\d+$/.test(raw) || !sub)
        throw new RestError(400, `Bad request, could not parse parameters: Invalid subtask index "${raw}".`);
      subtasks = [sub];
    }
    const key = `${jobId}/${vertexId}/${raw ?? '*'}`;
    const now = ctx.view.now;
    const run = this.running.get(key);
    if (run && now >= run.started + this.samplingMs) {
      this.results.set(key, { endTs: (run.started + this.samplingMs) as EpochMs, samples: run.samples });
      this.running.delete(key);
    }
    const stats = this.results.get(key);
    if (!this.running.has(key) && (!stats || now - stats.endTs >= REFRESH_INTERVAL_MS)) {
      // The samples are what the threads did over the sampling: taken from the state at its start.
      this.running.set(key, { started: now, samples: sample(vertex, subtasks) });
    }
    if (!stats) return { endTimestamp: WAITING };
    return { endTimestamp: stats.endTs, data: tree(stats.samples, type) };
  }
}

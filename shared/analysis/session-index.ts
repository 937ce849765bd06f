// One pass over the input into lookup structures shared by every analysis step.

import type { CheckpointEvent, ClusterInfo, GcWindow, JobEvent, TickInfo, VertexFrame, VertexInfo } from '../model';
import { gcWindowsFromFrames, mergeGcWindows } from './gc';
import type { CapturedEvidence } from './evidence-hints';
import { AnalysisInputError, type AnalysisInput } from './input';
import { jobKey, vertexKey, type VertexKey } from '../keys';
import { parseFlinkVersion, type FlinkVersion } from '../flink-versions';
import { partitionPoint } from '../sorted';

export interface PlacementEntry {
  ts: number;
  taskManagers: string[];
}

export interface AnalysisIndex {
  input: AnalysisInput;
  clusters: Map<number, ClusterInfo>;
  versions: Map<number, FlinkVersion | null>;
  vertices: Map<VertexKey, VertexInfo>;
  /** Per vertex, frames sorted by ts. */
  frames: Map<VertexKey, VertexFrame[]>;
  /** Per cluster, tick by its ts (frames carry the tick's ts). */
  ticks: Map<number, Map<number, TickInfo>>;
  /** Per job: state changes sorted by ts. */
  states: Map<string, { ts: number; to: string }[]>;
  /** Per job: restart/rescale/state events sorted by ts. */
  events: Map<string, JobEvent[]>;
  checkpoints: Map<string, CheckpointEvent[]>;
  /** Per vertex: placements sorted by ts. */
  placements: Map<VertexKey, PlacementEntry[]>;
  /** Per job: downstream adjacency (vertexId → target vertexIds). */
  downstream: Map<string, Map<string, string[]>>;
  /** Per cluster: merged GC windows by start (from recorded raw ones, or TaskManager frames when none were). */
  gc: Map<number, GcWindow[]>;
  jobNames: Map<string, string>;
  /** Per job: captured evidence by ts (empty without any). */
  evidence: Map<string, CapturedEvidence[]>;
  /** How many of input's frames and ticks are indexed (see indexInput's `grown`). */
  indexed: { frames: number; ticks: number };
  /** Per vertex: placements from the frames' own `taskManagers`. */
  framePlacements: Map<VertexKey, PlacementEntry[]>;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function checkFrame(f: VertexFrame): void {
  const where = `frame of vertex ${f.vertexId} (job ${f.jobId}) at ts ${f.ts}`;
  if (!Number.isFinite(f.ts)) throw new AnalysisInputError(`${where}: ts is not a number`);
  if (!Number.isInteger(f.parallelism) || f.parallelism < 1) {
    throw new AnalysisInputError(`${where}: parallelism ${f.parallelism} is not a positive integer`);
  }
  // Values the frame does not hold (read on demand: the session reader's frames, whose codec holds
  // one value per subtask) are decoded only when a rule reads them, so they are not walked here.
  const held = Object.getOwnPropertyDescriptor(f, 'subtasks');
  if (held !== undefined && held.get === undefined) checkValues(f, where);
  if (f.taskManagers && f.taskManagers.length !== f.parallelism) {
    throw new AnalysisInputError(
      `${where}: taskManagers has ${f.taskManagers.length} entries for parallelism ${f.parallelism}`,
    );
  }
}

function checkValues(f: VertexFrame, where: string): void {
  for (const [metric, values] of Object.entries(f.subtasks)) {
    if (values && values.length !== f.parallelism) {
      throw new AnalysisInputError(
        `${where}: metric ${metric} has ${values.length} values for parallelism ${f.parallelism}`,
      );
    }
  }
}

/**
 * `grown`: the index of this same input object before frames and ticks were appended to it (a
 * growing session's, see electron/session/growing-input.ts). Those are then indexed from where it
 * stopped, and its maps of them extended in place; everything else is indexed again.
 */
export function indexInput(input: AnalysisInput, grown?: AnalysisIndex): AnalysisIndex {
  const clusters = new Map(input.clusters.map((c) => [c.id, c]));
  const versions = new Map(input.clusters.map((c) => [c.id, parseFlinkVersion(c.flinkVersion, 'prefix')]));
  const vertices = new Map(input.vertices.map((v) => [vertexKey(v.clusterId, v.jobId, v.vertexId), v]));
  const jobNames = new Map(input.jobs.map((j) => [jobKey(j.clusterId, j.jobId), j.name]));

  const reuse =
    grown !== undefined &&
    grown.input === input &&
    grown.indexed.frames <= input.frames.length &&
    grown.indexed.ticks <= input.ticks.length
      ? grown
      : null;
  const frames = reuse?.frames ?? new Map<VertexKey, VertexFrame[]>();
  const framePlacements = reuse?.framePlacements ?? new Map<VertexKey, PlacementEntry[]>();
  const firstNew = new Map<VertexKey, number>();
  for (let i = reuse?.indexed.frames ?? 0; i < input.frames.length; i++) {
    const f = input.frames[i]!;
    checkFrame(f);
    const key = vertexKey(f.clusterId, f.jobId, f.vertexId);
    let list = frames.get(key);
    if (!list) frames.set(key, (list = []));
    if (!firstNew.has(key)) firstNew.set(key, list.length);
    list.push(f);
    if (f.taskManagers) push(framePlacements, key, { ts: f.ts, taskManagers: f.taskManagers });
  }
  for (const [key, from] of firstNew) {
    const list = frames.get(key)!;
    for (let i = Math.max(1, from); i < list.length; i++) {
      if (list[i]!.ts < list[i - 1]!.ts) {
        list.sort((a, b) => a.ts - b.ts);
        framePlacements.get(key)?.sort((a, b) => a.ts - b.ts);
        break;
      }
    }
  }
  let placements = framePlacements;
  if (input.placements.length > 0) {
    placements = new Map([...framePlacements].map(([k, l]) => [k, l.slice()]));
    for (const p of input.placements) {
      push(placements, vertexKey(p.clusterId, p.jobId, p.vertexId), { ts: p.ts, taskManagers: p.taskManagers });
    }
    for (const list of placements.values()) list.sort((a, b) => a.ts - b.ts);
  }

  const ticks = reuse?.ticks ?? new Map<number, Map<number, TickInfo>>();
  for (let i = reuse?.indexed.ticks ?? 0; i < input.ticks.length; i++) {
    const t = input.ticks[i]!;
    let m = ticks.get(t.clusterId);
    if (!m) ticks.set(t.clusterId, (m = new Map()));
    m.set(t.ts, t);
  }

  const states = new Map<string, { ts: number; to: string }[]>();
  const events = new Map<string, JobEvent[]>();
  for (const e of input.events) {
    if (e.jobId === null) continue;
    const jk = jobKey(e.clusterId, e.jobId);
    if (e.kind === 'state') push(states, jk, { ts: e.ts, to: e.to });
    if (e.kind === 'state' || e.kind === 'restart' || e.kind === 'rescale') push(events, jk, e);
  }
  for (const l of states.values()) l.sort((a, b) => a.ts - b.ts);
  for (const l of events.values()) l.sort((a, b) => a.ts - b.ts);

  const checkpoints = new Map<string, CheckpointEvent[]>();
  for (const c of input.checkpoints) push(checkpoints, jobKey(c.clusterId, c.jobId), c);
  for (const l of checkpoints.values()) l.sort((a, b) => a.triggerTs - b.triggerTs);

  const downstream = new Map<string, Map<string, string[]>>();
  for (const e of input.edges) {
    const jk = jobKey(e.clusterId, e.jobId);
    let adj = downstream.get(jk);
    if (!adj) downstream.set(jk, (adj = new Map()));
    push(adj, e.source, e.target);
  }

  // Recorded raw windows, or (for a cluster without any) raw windows from its TaskManager frames.
  const recorded = new Set(input.gcWindows.map((w) => w.clusterId));
  const derived = gcWindowsFromFrames(input.taskManagerFrames.filter((f) => !recorded.has(f.clusterId)));
  const gc = new Map<number, GcWindow[]>();
  for (const w of mergeGcWindows([...input.gcWindows, ...derived])) push(gc, w.clusterId, w);

  const evidence = new Map<string, CapturedEvidence[]>();
  for (const e of input.evidence ?? [])
    if (e.entry.jobId !== null) push(evidence, jobKey(e.entry.clusterId, e.entry.jobId), e);
  for (const l of evidence.values()) l.sort((a, b) => a.entry.ts - b.entry.ts || a.entry.id - b.entry.id);

  return {
    input,
    clusters,
    versions,
    vertices,
    frames,
    ticks,
    states,
    events,
    checkpoints,
    placements,
    downstream,
    gc,
    jobNames,
    evidence,
    indexed: { frames: input.frames.length, ticks: input.ticks.length },
    framePlacements,
  };
}

/** Job state at `ts` from recorded state changes; null when none was recorded before it. */
export function jobStateAt(ix: AnalysisIndex, clusterId: number, jobId: string, ts: number): string | null {
  const list = ix.states.get(jobKey(clusterId, jobId));
  if (!list) return null;
  const found = partitionPoint(list.length, (i) => list[i]!.ts <= ts) - 1;
  return found < 0 ? null : list[found]!.to;
}

/** TaskManagers that ran the given subtasks of a vertex at any time in [start, end]. */
export function taskManagersOf(
  ix: AnalysisIndex,
  key: VertexKey,
  subtasks: readonly number[],
  start: number,
  end: number,
): string[] {
  const list = ix.placements.get(key);
  if (!list || list.length === 0) return [];
  const out = new Set<string>();
  for (let i = 0; i < list.length; i++) {
    const p = list[i]!;
    const next = list[i + 1];
    // Placement p holds from p.ts until the next placement; the first one also covers earlier times.
    if (next && next.ts <= start) continue;
    if (i > 0 && p.ts > end) break;
    for (const s of subtasks) {
      const tm = p.taskManagers[s];
      if (tm) out.add(tm);
    }
  }
  return [...out].sort();
}

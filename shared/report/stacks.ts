// What a report shows of the stacks captured for an incident's bottleneck: each flame graph's top
// frames (the common trunk folded into one bar, then the heaviest callees as an icicle, and the
// heaviest stacks by their own samples) and each thread dump in numbers (threads by state, the
// bottleneck's task threads with their top frames). Names stay plain text: the writers escape.

import { EVIDENCE_AFTER_END_MS } from '../analysis/evidence';
import { frameMethod, stackPaths, taskThreadsOf, type CapturedEvidence } from '../analysis/evidence-hints';
import type { FlameGraph, FlameGraphType, FlameNode, JvmThreadState, ThreadDump } from '../evidence';

/** Rows of the icicle below the folded trunk. */
export const FLAME_ROWS = 14;
/** Frames narrower than this share of the samples are left out of the icicle. */
export const FLAME_MIN_SHARE = 0.01;
/** Heaviest stacks listed per flame graph. */
export const HOT_STACKS = 5;
/** Frames shown per task thread. */
export const THREAD_FRAMES = 4;
/** Task threads listed per dump. */
export const TASK_THREADS = 8;

export interface FlameBar {
  /** Row, 0 = the trunk (or the first frame below the root). */
  depth: number;
  /** Left edge and width as shares of the samples (0..1). */
  x: number;
  width: number;
  name: string;
  samples: number;
  /** What kind of code the frame is, for its colour. */
  kind: 'jdk' | 'flink' | 'user' | 'trunk';
}

export interface FlameSummary {
  type: FlameGraphType | null;
  ts: number;
  subtasks: number[] | null;
  samples: number;
  /** The single-callee chain from the root, folded into bar 0 (its frames, outermost first). */
  trunk: string[];
  bars: FlameBar[];
  /** Heaviest stacks by their own samples: the last frames, caller first. */
  hot: Array<{ frames: string[]; samples: number; share: number }>;
  /** What the recorder's size cap cut (nodes, samples), or null. */
  cut: { nodes: number; samples: number } | null;
}

export interface TaskThreadRow {
  name: string;
  state: JvmThreadState;
  /** Its innermost frames, innermost first. */
  top: string[];
}

export interface ThreadDumpSummary {
  taskManagerId: string | null;
  ts: number;
  threads: number;
  byState: Array<{ state: string; count: number }>;
  /** The bottleneck's task threads (the sampled subtasks' first). */
  taskThreads: TaskThreadRow[];
  cut: { threads: number; chars: number } | null;
}

export interface IncidentStacks {
  vertexName: string;
  flameGraphs: FlameSummary[];
  threadDumps: ThreadDumpSummary[];
  /** Captures that brought nothing back, in words ("OFF_CPU flame graph failed: …"). */
  notes: string[];
}

const JDK = /^(java|javax|jdk|sun|com\.sun)\./;
const FLINK = /^org\.apache\.flink\./;
const kindOf = (name: string): FlameBar['kind'] => (JDK.test(name) ? 'jdk' : FLINK.test(name) ? 'flink' : 'user');

function summariseGraph(e: CapturedEvidence, g: FlameGraph): FlameSummary {
  const total = g.root.value;
  const bars: FlameBar[] = [];
  // The trunk: while one callee holds all of its caller's samples.
  const trunk: string[] = [];
  let node: FlameNode = g.root;
  while (node.children.length === 1 && node.children[0]!.value >= node.value && node.value > 0) {
    node = node.children[0]!;
    trunk.push(node.name);
  }
  let depth = 0;
  if (trunk.length > 0) {
    bars.push({
      depth: 0,
      x: 0,
      width: 1,
      name:
        trunk.length === 1
          ? trunk[0]!
          : `${trunk.length} frames: ${frameMethod(trunk[0]!)} … ${frameMethod(trunk[trunk.length - 1]!)}`,
      samples: node.value,
      kind: 'trunk',
    });
    depth = 1;
  }
  const place = (n: FlameNode, x: number, d: number): void => {
    if (d >= depth + FLAME_ROWS) return;
    let left = x;
    const kids = n.children.slice().sort((a, b) => b.value - a.value);
    for (const c of kids) {
      const width = total > 0 ? c.value / total : 0;
      if (width >= FLAME_MIN_SHARE) {
        bars.push({ depth: d, x: left, width, name: c.name, samples: c.value, kind: kindOf(c.name) });
        place(c, left, d + 1);
      }
      left += width;
    }
  };
  place(node, 0, depth);
  const hot = stackPaths(g, (e.entry.type ?? 'FULL') as 'FULL')
    .slice(0, HOT_STACKS)
    .map((p) => ({
      frames: p.frames.slice(-3).map(frameMethod),
      samples: p.samples,
      share: total > 0 ? Math.round((p.samples / total) * 1000) / 1000 : 0,
    }));
  return {
    type: e.entry.type,
    ts: e.entry.ts,
    subtasks: e.entry.subtasks,
    samples: total,
    trunk,
    bars,
    hot,
    cut: g.cut,
  };
}

/** `\tat java.base@17/java.lang.Thread.sleep(Native Method)` → `java.lang.Thread.sleep`. */
function framesOf(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*at\s+(?:[\w.$-]+(?:@[\w.-]+)?\/(?:\/)?)?([^\s(]+)\(/.exec(line);
    if (m) out.push(m[1]!);
  }
  return out;
}

const STATE_ORDER = ['RUNNABLE', 'BLOCKED', 'WAITING', 'TIMED_WAITING', 'NEW', 'TERMINATED', 'unknown'];

function summariseDump(e: CapturedEvidence, d: ThreadDump, vertexName: string): ThreadDumpSummary {
  const counts = new Map<string, number>();
  for (const t of d.threads) counts.set(t.state ?? 'unknown', (counts.get(t.state ?? 'unknown') ?? 0) + 1);
  const sampled = new Set(taskThreadsOf(d, vertexName, e.entry.subtasks).map((t) => t.name));
  const tasks = taskThreadsOf(d, vertexName, null).sort(
    (a, b) => Number(sampled.has(b.name)) - Number(sampled.has(a.name)) || a.name.localeCompare(b.name),
  );
  return {
    taskManagerId: e.entry.taskManagerId,
    ts: e.entry.ts,
    threads: d.threads.length,
    byState: [...counts]
      .sort((a, b) => STATE_ORDER.indexOf(a[0]) - STATE_ORDER.indexOf(b[0]))
      .map(([state, count]) => ({ state, count })),
    taskThreads: tasks.slice(0, TASK_THREADS).map((t) => ({
      name: t.name,
      state: t.state,
      top: framesOf(t.text).slice(0, THREAD_FRAMES),
    })),
    cut: d.cut,
  };
}

const isGraph = (d: unknown): d is FlameGraph =>
  typeof d === 'object' && d !== null && typeof (d as FlameGraph).root === 'object' && (d as FlameGraph).root !== null;
const isDump = (d: unknown): d is ThreadDump =>
  typeof d === 'object' && d !== null && Array.isArray((d as ThreadDump).threads);

/**
 * The stacks captured of `vertexId` from `start` to a little after `end` (when a capture may
 * still finish); null when nothing was captured or tried.
 */
export function incidentStacks(
  evidence: readonly CapturedEvidence[],
  where: { clusterId: number; jobId: string; vertexId: string; vertexName: string; start: number; end: number },
): IncidentStacks | null {
  const mine = evidence.filter(
    (e) =>
      e.entry.clusterId === where.clusterId &&
      e.entry.jobId === where.jobId &&
      e.entry.vertexId === where.vertexId &&
      e.entry.ts >= where.start &&
      e.entry.ts <= where.end + EVIDENCE_AFTER_END_MS,
  );
  if (mine.length === 0) return null;
  const flameGraphs: FlameSummary[] = [];
  const threadDumps: ThreadDumpSummary[] = [];
  const notes: string[] = [];
  for (const e of mine) {
    const what =
      e.entry.kind === 'flamegraph'
        ? `${e.entry.type ? `${e.entry.type} ` : ''}flame graph`
        : `thread dump${e.entry.taskManagerId ? ` of ${e.entry.taskManagerId}` : ''}`;
    if (e.entry.status !== 'captured')
      notes.push(`${what}: ${e.entry.status}${e.entry.note ? ` (${e.entry.note})` : ''}`);
    else if (e.entry.kind === 'flamegraph' && isGraph(e.data)) flameGraphs.push(summariseGraph(e, e.data));
    else if (e.entry.kind === 'thread-dump' && isDump(e.data))
      threadDumps.push(summariseDump(e, e.data, where.vertexName));
    else notes.push(`${what}: captured, but its content could not be read`);
  }
  return { vertexName: where.vertexName, flameGraphs, threadDumps, notes };
}

// `/jobs/:jid/vertices/:vid/flamegraph` (1.13+) and `/taskmanagers/:tmid/thread-dump` (1.13+).
// A flame graph answer is a placeholder until sampling is done: endTimestamp -1 (the task is no
// longer running), -2 (rest.flamegraph.enabled is false), -3 (sampling started, no data yet), or
// the aggregated tree. Trees and dumps are capped here so a huge answer never reaches the session
// whole: the heaviest nodes stay, and what was cut is counted.

import { z } from 'zod';
import type { DumpedThread, FlameGraph, FlameNode, JvmThreadState, ThreadDump } from '../../../shared/evidence';

/** Nodes a stored tree keeps (the heaviest, connected to the root). */
export const MAX_FLAME_NODES = 20_000;
/** Threads and characters per thread a stored dump keeps. */
export const MAX_DUMP_THREADS = 2_000;
export const MAX_THREAD_CHARS = 8_000;
/** A frame name longer than this is cut (a generated class name can be kilobytes). */
const MAX_NAME_CHARS = 1_000;

export interface RawNode {
  name: string;
  value: number;
  children?: RawNode[] | null;
}

const nodeSchema: z.ZodType<RawNode> = z.lazy(() =>
  z.object({ name: z.string(), value: z.number(), children: z.array(nodeSchema).nullish() }),
);

type Placeholder = 'waiting' | 'disabled' | 'terminated' | 'empty';
export type FlameGraphAnswer = { status: 'ready'; graph: FlameGraph } | { status: Placeholder };

const PLACEHOLDERS: Record<number, Placeholder> = {
  [-1]: 'terminated',
  [-2]: 'disabled',
  [-3]: 'waiting',
};

export const flameGraphSchema = z
  .object({ endTimestamp: z.number(), data: nodeSchema.nullish() })
  .transform((g): FlameGraphAnswer => {
    const placeholder = PLACEHOLDERS[g.endTimestamp];
    if (placeholder) return { status: placeholder };
    if (!g.data) return { status: 'empty' };
    return { status: 'ready', graph: { endTimestamp: g.endTimestamp, ...capTree(g.data, MAX_FLAME_NODES) } };
  });

/**
 * Keeps the `max` heaviest nodes that hang together from the root (a node only with its parent):
 * best-first from the root, so a cut tree still adds up along every kept path.
 */
export function capTree(raw: RawNode, max: number): Pick<FlameGraph, 'root' | 'nodes' | 'cut'> {
  const copy = (n: RawNode): FlameNode => ({ name: n.name.slice(0, MAX_NAME_CHARS), value: n.value, children: [] });
  const root = copy(raw);
  let nodes = 1;
  let cutNodes = 0;
  let cutSamples = 0;
  const heap = new MaxHeap<{ raw: RawNode; parent: FlameNode }>();
  for (const c of raw.children ?? []) heap.push(c.value, { raw: c, parent: root });
  while (heap.size > 0) {
    const { raw: n, parent } = heap.pop()!;
    if (nodes >= max) {
      cutNodes += countNodes(n);
      cutSamples += n.value;
      continue;
    }
    const kept = copy(n);
    parent.children.push(kept);
    nodes++;
    for (const c of n.children ?? []) heap.push(c.value, { raw: c, parent: kept });
  }
  return { root, nodes, cut: cutNodes > 0 ? { nodes: cutNodes, samples: cutSamples } : null };
}

function countNodes(n: RawNode): number {
  let count = 0;
  const stack = [n];
  while (stack.length > 0) {
    const x = stack.pop()!;
    count++;
    for (const c of x.children ?? []) stack.push(c);
  }
  return count;
}

class MaxHeap<T> {
  private readonly items: { key: number; value: T }[] = [];

  get size(): number {
    return this.items.length;
  }

  push(key: number, value: T): void {
    const a = this.items;
    a.push({ key, value });
    for (let i = a.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if (a[p]!.key >= a[i]!.key) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }

  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l]!.key > a[m]!.key) m = l;
        if (r < a.length && a[r]!.key > a[m]!.key) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top?.value;
  }
}

const STATE = /^"(?:[^"\\]|\\.)*"[^\n]*?\b(NEW|RUNNABLE|BLOCKED|WAITING|TIMED_WAITING|TERMINATED)\b/;

export const threadDumpSchema = z
  .object({ threadInfos: z.array(z.object({ threadName: z.string(), stringifiedThreadInfo: z.string() })) })
  .transform((d): ThreadDump => {
    let chars = 0;
    const threads = d.threadInfos.slice(0, MAX_DUMP_THREADS).map((t): DumpedThread => {
      const text = t.stringifiedThreadInfo;
      chars += Math.max(0, text.length - MAX_THREAD_CHARS);
      const state = (STATE.exec(text)?.[1] ?? null) as JvmThreadState;
      return { name: t.threadName.slice(0, MAX_NAME_CHARS), state, text: text.slice(0, MAX_THREAD_CHARS) };
    });
    const left = d.threadInfos.length - threads.length;
    return { threads, cut: left > 0 || chars > 0 ? { threads: left, chars } : null };
  });

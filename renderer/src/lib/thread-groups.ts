// A thread dump read the way one reads it in an incident: threads with the same state and the same
// stack folded into one group (lock addresses aside), counted, the bottleneck vertex's task
// threads first, then the biggest groups. Names and stacks stay plain text.

import type { DumpedThread, JvmThreadState } from '../../../shared/evidence';

export interface ThreadGroup {
  /** Stable within one dump: the group's state and stack. */
  key: string;
  state: JvmThreadState;
  /** Stack lines without the header (the header names one thread). */
  stack: string[];
  /** Thread names, task threads of the vertex first. */
  names: string[];
  /** Threads of this group that are task threads of the vertex looked at. */
  taskThreads: number;
}

/** Flink's task thread: `<task name> (<subtask>/<parallelism>)#<attempt>`. */
const TASK_SUFFIX = / \(\d+\/\d+\)#\d+$/;

/**
 * Whether `thread` runs a subtask of the vertex named `vertexName`. The thread is named after the
 * task (the chained operators' names), which Flink may shorten: its head operator is enough.
 */
export function isTaskThread(thread: string, vertexName: string | null): boolean {
  if (!vertexName || !TASK_SUFFIX.test(thread)) return false;
  const task = thread.replace(TASK_SUFFIX, '');
  const head = vertexName.split(' -> ')[0]!;
  return task === vertexName || task.startsWith(vertexName) || vertexName.startsWith(task) || task.startsWith(head);
}

/** The stack lines of Flink's stringified thread info, with lock addresses made alike. */
export function stackLines(text: string): string[] {
  const lines = text.split('\n').slice(1);
  return lines
    .map((l) => l.replace(/\s+$/, '').replace(/^\t/, ''))
    .filter((l) => l.trim() !== '')
    .map((l) => l.replace(/<0x[0-9a-f]+>/gi, '<…>').replace(/@[0-9a-f]{6,}\b/gi, '@…'));
}

export function groupThreads(threads: readonly DumpedThread[], vertexName: string | null): ThreadGroup[] {
  const groups = new Map<string, ThreadGroup>();
  for (const t of threads) {
    const stack = stackLines(t.text);
    const key = `${t.state ?? '?'}\n${stack.join('\n')}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, state: t.state, stack, names: [], taskThreads: 0 }));
    const task = isTaskThread(t.name, vertexName);
    if (task) {
      g.names.splice(g.taskThreads, 0, t.name);
      g.taskThreads++;
    } else g.names.push(t.name);
  }
  return [...groups.values()].sort(
    (a, b) =>
      Number(b.taskThreads > 0) - Number(a.taskThreads > 0) ||
      b.names.length - a.names.length ||
      (a.state ?? '').localeCompare(b.state ?? '') ||
      a.key.localeCompare(b.key),
  );
}

/** Threads per state, for the dump's summary line (most first). */
export function stateCounts(threads: readonly DumpedThread[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const t of threads) counts.set(t.state ?? 'unknown', (counts.get(t.state ?? 'unknown') ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

const JDK_FRAME = /^at (java|javax|jdk|sun|com\.sun)\./;

/**
 * A group's stack in one line: its top frame, and when that is the JDK's (a park, a socket read),
 * the first frame below it that is not, which says who waits: `Unsafe.park … TaskMailboxImpl.take`.
 */
export function stackHeadline(stack: readonly string[]): string {
  const top = stack[0];
  if (top === undefined) return '(no stack)';
  const short = (line: string) => line.replace(/^at /, '').replace(/\(.*\)$/, '');
  if (!JDK_FRAME.test(top)) return short(top);
  const caller = stack.find((l) => l.startsWith('at ') && !JDK_FRAME.test(l));
  return caller ? `${short(top)} … ${short(caller)}` : short(top);
}

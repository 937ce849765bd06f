import { describe, expect, it } from 'vitest';
import type { DumpedThread } from '../../../shared/evidence';
import {
  groupThreads,
  isTaskThread,
  stackHeadline,
  stackLines,
  stateCounts,
} from '../../../renderer/src/lib/thread-groups';
import { groupCaptures, flameGraphsOf, listedOrder, subtasksText } from '../../../renderer/src/lib/evidence-captures';
import type { EvidenceEntry } from '../../../shared/evidence';

const VERTEX = 'KeyedProcess: Enrich -> Timestamps/Watermarks';
const thread = (name: string, state: DumpedThread['state'], ...frames: string[]): DumpedThread => ({
  name,
  state,
  text: `"${name}" prio=5 Id=${name.length} ${state}\n${frames.map((f) => (f.startsWith('-') ? `\t${f}\n` : `\tat ${f}\n`)).join('')}\n`,
});

describe('task threads', () => {
  it('are named after the task with subtask and attempt', () => {
    expect(isTaskThread(`${VERTEX} (1/4)#0`, VERTEX)).toBe(true);
    expect(isTaskThread('KeyedProcess: Enrich (3/4)#2', VERTEX)).toBe(true);
    expect(isTaskThread(VERTEX, VERTEX)).toBe(false);
    expect(isTaskThread('Source: Kafka (1/4)#0', VERTEX)).toBe(false);
    expect(isTaskThread(`${VERTEX} (1/4)#0`, null)).toBe(false);
  });
});

describe('grouping a thread dump', () => {
  const threads = [
    thread('pool-1', 'WAITING', 'sun.misc.Unsafe.park', 'java.util.concurrent.ThreadPoolExecutor.getTask'),
    thread('pool-2', 'WAITING', 'sun.misc.Unsafe.park', 'java.util.concurrent.ThreadPoolExecutor.getTask'),
    thread('pool-3', 'WAITING', 'sun.misc.Unsafe.park', 'java.util.concurrent.ThreadPoolExecutor.getTask'),
    thread('Source: Kafka (1/2)#0', 'TIMED_WAITING', 'LocalBufferPool.requestMemorySegmentBlocking'),
    thread(`${VERTEX} (2/2)#0`, 'RUNNABLE', 'com.example.Enrich.processElement'),
    thread(`${VERTEX} (1/2)#0`, 'RUNNABLE', 'com.example.Enrich.processElement'),
    thread('lock <0x1>', 'BLOCKED', 'X.y', '- waiting to lock <0x00000007d5a0> (a java.lang.Object)'),
    thread('lock <0x2>', 'BLOCKED', 'X.y', '- waiting to lock <0x00000007ffff> (a java.lang.Object)'),
  ];

  it('folds identical state and stack, the vertex task threads first, then the biggest groups', () => {
    const g = groupThreads(threads, VERTEX);
    expect(g.map((x) => [x.state, x.names.length, x.taskThreads])).toEqual([
      ['RUNNABLE', 2, 2],
      ['WAITING', 3, 0],
      ['BLOCKED', 2, 0],
      ['TIMED_WAITING', 1, 0],
    ]);
    expect(g[0]!.names).toEqual([`${VERTEX} (2/2)#0`, `${VERTEX} (1/2)#0`]);
    expect(g[0]!.stack).toEqual(['at com.example.Enrich.processElement']);
    expect(g[2]!.stack[1]).toBe('- waiting to lock <…> (a java.lang.Object)');
  });

  it('keeps markup in names and stacks as text', () => {
    const g = groupThreads([thread('<img src=x onerror=alert(1)>', 'RUNNABLE', '<b>A</b>.run')], null);
    expect(g[0]!.names).toEqual(['<img src=x onerror=alert(1)>']);
    expect(stackLines(threads[0]!.text)).toEqual([
      'at sun.misc.Unsafe.park',
      'at java.util.concurrent.ThreadPoolExecutor.getTask',
    ]);
  });

  it('counts threads per state', () => {
    expect(stateCounts(threads)).toEqual([
      ['WAITING', 3],
      ['BLOCKED', 2],
      ['RUNNABLE', 2],
      ['TIMED_WAITING', 1],
    ]);
  });
});

it('says a stack in one line: its top frame and, under a JDK wait, who waits', () => {
  expect(
    stackHeadline([
      'at jdk.internal.misc.Unsafe.park(Native Method)',
      'at java.util.concurrent.locks.LockSupport.park(LockSupport.java:194)',
      'at org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailboxImpl.take(TaskMailboxImpl.java:149)',
    ]),
  ).toBe('jdk.internal.misc.Unsafe.park … org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailboxImpl.take');
  expect(stackHeadline(['at com.example.Enrich.processElement(Enrich.java:64)'])).toBe(
    'com.example.Enrich.processElement',
  );
  expect(stackHeadline([])).toBe('(no stack)');
});

describe('captures', () => {
  const e = (
    id: number,
    ts: number,
    kind: EvidenceEntry['kind'],
    type: EvidenceEntry['type'],
    vertexId = 'v',
  ): EvidenceEntry => ({
    id,
    clusterId: 1,
    ts,
    jobId: 'j',
    vertexId,
    subtasks: null,
    taskManagerId: null,
    kind,
    type,
    status: 'captured',
    note: null,
    bytes: 10,
  });

  it('puts a vertex entries of a few polls together, apart from later ones and other vertices', () => {
    const c = groupCaptures([
      e(4, 20_000, 'flamegraph', 'OFF_CPU'),
      e(1, 10_000, 'thread-dump', null),
      e(3, 20_000, 'flamegraph', 'ON_CPU'),
      e(5, 20_000, 'flamegraph', 'ON_CPU', 'w'),
      e(6, 3_600_000, 'flamegraph', 'FULL'),
    ]);
    expect(c.map((x) => [x.vertexId, x.ts, x.entries.map((y) => y.id)])).toEqual([
      ['v', 10_000, [1, 3, 4]],
      ['w', 20_000, [5]],
      ['v', 3_600_000, [6]],
    ]);
    expect(flameGraphsOf(c[0]!).map((x) => x.type)).toEqual(['ON_CPU', 'OFF_CPU']);
    expect(listedOrder(c[0]!).map((x) => x.id)).toEqual([3, 4, 1]);
  });

  it('says which subtasks were sampled', () => {
    expect(subtasksText(null)).toBe('all subtasks');
    expect(subtasksText([2])).toBe('subtask 2');
  });
});

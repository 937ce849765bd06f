// What a simulated task thread is doing, as JVM stack frames: the wire layer samples these for
// flame graphs and thread dumps. The shape follows the subtask's time accounting, so each cause
// leaves Flink's own trace: backpressured time waits for a network buffer in
// LocalBufferPool.requestMemorySegmentBlocking, idle time waits on the mailbox, busy time runs
// the vertex's work — a sink's blocking call to its external system (a socket read, which the
// JVM reports as RUNNABLE, so Flink counts it on-CPU), a window's aggregate, a source's reader.

import type { SimSubtask, SimVertex } from '../types';

export type JvmThreadState = 'RUNNABLE' | 'WAITING' | 'TIMED_WAITING' | 'BLOCKED';

export interface Frame {
  className: string;
  method: string;
  /** Source line; -2 marks a native method, as StackTraceElement does. */
  line: number;
  file?: string;
}

/** One way a thread spends its time: frames outermost first (Thread.run first). */
export interface StackShape {
  state: JvmThreadState;
  frames: Frame[];
  /** What the shape stands for, in samples out of 100. */
  weight: number;
}

const f = (className: string, method: string, line: number): Frame => ({ className, method, line });
const NATIVE = -2;

const TASK_BASE = [
  f('java.lang.Thread', 'run', 829),
  f('org.apache.flink.runtime.taskmanager.Task', 'run', 568),
  f('org.apache.flink.runtime.taskmanager.Task', 'doRun', 746),
  f('org.apache.flink.streaming.runtime.tasks.StreamTask', 'invoke', 753),
  f('org.apache.flink.streaming.runtime.tasks.StreamTask', 'runMailboxLoop', 796),
  f('org.apache.flink.streaming.runtime.tasks.mailbox.MailboxProcessor', 'runMailboxLoop', 203),
];

const PROCESS_INPUT = [
  f('org.apache.flink.streaming.runtime.tasks.StreamTask', 'processInput', 519),
  f('org.apache.flink.streaming.runtime.io.StreamOneInputProcessor', 'processInput', 65),
  f('org.apache.flink.streaming.runtime.io.AbstractStreamTaskNetworkInput', 'emitNext', 110),
  f('org.apache.flink.streaming.runtime.tasks.OneInputStreamTask$StreamTaskNetworkOutput', 'emitRecord', 233),
];

const SOURCE_INPUT = [
  f('org.apache.flink.streaming.runtime.tasks.StreamTask', 'processInput', 519),
  f('org.apache.flink.streaming.runtime.io.StreamTaskSourceInput', 'emitNext', 68),
  f('org.apache.flink.streaming.api.operators.SourceOperator', 'emitNext', 417),
];

const PARK = [f('java.util.concurrent.locks.LockSupport', 'park', 194), f('jdk.internal.misc.Unsafe', 'park', NATIVE)];

const MAILBOX_WAIT = [
  f('org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailboxImpl', 'take', 149),
  f('java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject', 'await', 2081),
  ...PARK,
];

const OUTPUT = [
  f('org.apache.flink.streaming.runtime.tasks.ChainingOutput', 'collect', 59),
  f('org.apache.flink.streaming.runtime.io.RecordWriterOutput', 'collect', 107),
  f('org.apache.flink.runtime.io.network.api.writer.ChannelSelectorRecordWriter', 'emit', 55),
  f('org.apache.flink.runtime.io.network.partition.BufferWritingResultPartition', 'emitRecord', 107),
  f(
    'org.apache.flink.runtime.io.network.partition.BufferWritingResultPartition',
    'requestNewUnicastBufferBuilder',
    369,
  ),
  f('org.apache.flink.runtime.io.network.buffer.LocalBufferPool', 'requestBufferBuilderBlocking', 338),
  f('org.apache.flink.runtime.io.network.buffer.LocalBufferPool', 'requestMemorySegmentBlocking', 370),
  f('java.util.concurrent.CompletableFuture', 'get', 2022),
  f('java.util.concurrent.CompletableFuture', 'timedGet', 1939),
  f('java.util.concurrent.locks.LockSupport', 'parkNanos', 234),
  f('jdk.internal.misc.Unsafe', 'park', NATIVE),
];

/** A class name for a user operator: its name's letters, as a job's own package would have it. */
export function userClass(operator: string): string {
  const words = operator.replace(/^(Source|Sink|KeyedProcess):\s*/, '').match(/[A-Za-z0-9]+/g) ?? ['Operator'];
  return `com.example.pipeline.${words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')}`;
}

/** The frames of the vertex's own work when it is busy, and the JVM state it runs in. */
function busyWork(v: SimVertex): { state: JvmThreadState; frames: Frame[] }[] {
  const head = v.operators[0] ?? v.name;
  if (v.isSource) {
    const reader = `${userClass(head)}Reader`;
    return [
      {
        state: 'RUNNABLE',
        frames: [
          ...SOURCE_INPUT,
          f('org.apache.flink.connector.base.source.reader.SourceReaderBase', 'pollNext', 160),
          f(reader, 'deserialize', 88),
        ],
      },
    ];
  }
  if (v.isSink) {
    const user = userClass(v.operators.at(-1) ?? v.name);
    const invoke = [
      ...PROCESS_INPUT,
      f('org.apache.flink.streaming.api.operators.StreamSink', 'processElement', 54),
      f(`${user}Function`, 'invoke', 71),
    ];
    return [
      {
        state: 'RUNNABLE',
        frames: [
          ...invoke,
          f(`${user}Client`, 'send', 143),
          f('java.net.SocketInputStream', 'read', 141),
          f('java.net.SocketInputStream', 'socketRead', 168),
          f('java.net.SocketInputStream', 'socketRead0', NATIVE),
        ],
      },
      {
        state: 'RUNNABLE',
        frames: [
          ...invoke,
          f(`${user}Client`, 'encode', 97),
          f('com.fasterxml.jackson.databind.ObjectMapper', 'writeValueAsBytes', 3843),
        ],
      },
    ];
  }
  const window = v.operators.find((o) => /^Window\(/.test(o));
  if (window) {
    // The window's aggregate is named in the operator: `Window(…, OrderAggregateFunction, …)`.
    const fn = /\b(\w+(?:Aggregate|Reduce)Function)\b/.exec(window)?.[1];
    return [
      {
        state: 'RUNNABLE',
        frames: [
          ...PROCESS_INPUT,
          f('org.apache.flink.streaming.runtime.operators.windowing.WindowOperator', 'processElement', 393),
          f('org.apache.flink.runtime.state.heap.HeapAggregatingState', 'add', 105),
          f('org.apache.flink.runtime.state.heap.StateTable', 'transform', 189),
          f('org.apache.flink.runtime.state.heap.HeapAggregatingState$AggregateTransformation', 'apply', 138),
          f(fn ? `com.example.pipeline.${fn}` : `${userClass(window)}Aggregate`, 'add', 52),
        ],
      },
    ];
  }
  const keyed = head.startsWith('KeyedProcess');
  return [
    {
      state: 'RUNNABLE',
      frames: [
        ...PROCESS_INPUT,
        keyed
          ? f('org.apache.flink.streaming.api.operators.KeyedProcessOperator', 'processElement', 83)
          : f('org.apache.flink.streaming.api.operators.StreamMap', 'processElement', 38),
        f(`${userClass(head)}Function`, keyed ? 'processElement' : 'map', 64),
      ],
    },
  ];
}

/** Where a subtask's samples fall, from its last 5 s of time accounting (weights sum to 100). */
export function taskStackShapes(v: SimVertex, s: SimSubtask): StackShape[] {
  const total = Math.max(1, s.shares5s.busy + s.shares5s.idle + s.shares5s.backPressured);
  const samples = (share: number) => Math.round((100 * share) / total);
  const out: StackShape[] = [];
  const busy = samples(s.shares5s.busy);
  const work = busyWork(v);
  // A sink's client spends most of its busy time waiting for the answer, the rest encoding.
  const split = work.length > 1 ? [Math.round(busy * 0.85), busy - Math.round(busy * 0.85)] : [busy];
  work.forEach((w, i) => out.push({ ...w, frames: [...TASK_BASE, ...w.frames], weight: split[i]! }));
  const head = v.isSource ? SOURCE_INPUT : PROCESS_INPUT;
  out.push({
    state: 'TIMED_WAITING',
    frames: [...TASK_BASE, ...head, ...OUTPUT],
    weight: samples(s.shares5s.backPressured),
  });
  out.push({ state: 'WAITING', frames: [...TASK_BASE, ...MAILBOX_WAIT], weight: samples(s.shares5s.idle) });
  return out.filter((x) => x.weight > 0);
}

/** Flink's task thread name: the vertex name, the subtask (1-based) of the parallelism, the attempt. */
export function taskThreadName(v: SimVertex, s: SimSubtask): string {
  return `${v.name} (${s.index + 1}/${v.parallelism})#${s.attempt}`;
}

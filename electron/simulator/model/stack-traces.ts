// The exception a failed subtask reports: a stack trace shaped like a task's, thrown from the
// vertex's last chained operator and unwinding through Flink's StreamTask and Task.

import type { EpochMs } from '../../../shared/time';
import type { SimException } from '../types';
import type { RestartEvent } from './spec';
import type { TaskManagerRt } from './taskmanager';
import type { SubRt, VertexRt } from './vertex-rt';

/** Frames below the operator: Flink's task invocation on a TaskManager thread. */
const TASK_FRAMES = [
  'org.apache.flink.streaming.runtime.tasks.StreamTask.invoke(StreamTask.java:753)',
  'org.apache.flink.runtime.taskmanager.Task.doRun(Task.java:948)',
  'java.base/java.lang.Thread.run(Thread.java:829)',
];

/** The stack trace of an exception thrown by `operator` inside a running task. */
export function taskStackTrace(exceptionName: string, message: string, operator: string): string {
  return [`${exceptionName}: ${message}`, `${operator}.invoke(Unknown Source)`, ...TASK_FRAMES].join('\n\tat ');
}

/** The exception history entry of subtask `sub` of `v` failing at `t` as `r` scripts. */
export function subtaskFailure(t: number, r: RestartEvent, v: VertexRt, sub: SubRt, tm: TaskManagerRt): SimException {
  return {
    ts: t as EpochMs,
    exceptionName: r.exceptionName,
    stacktrace: taskStackTrace(r.exceptionName, r.message, v.spec.operators.at(-1) ?? v.view.name),
    taskName: `${v.view.name} (${sub.view.index + 1}/${v.parallelism})#${sub.view.attempt}`,
    taskManagerId: tm.view.id,
    endpoint: `${tm.view.host}:${tm.view.dataPort}`,
  };
}

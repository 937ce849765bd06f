// GET /taskmanagers/:tmid/thread-dump (1.13+): every thread of the TaskManager with its state and
// stack, each as `threadName` and `stringifiedThreadInfo` in the JDK's ThreadInfo text (Flink
// cuts stacks at cluster.thread-dump.stacktrace-max-depth, 8 by default). Task threads are named
// like Flink's (`<vertex> (i/n)#attempt`) and show the subtask's dominant way of spending time.

import type { SimSubtask, SimVertex } from '../types';
import type { WireContext } from '../versions/context';
import { notFound } from '../versions/errors';
import { taskStackShapes, taskThreadName, type Frame, type JvmThreadState } from './task-stacks';

const MAX_DEPTH = 8;

interface Thread {
  name: string;
  state: JvmThreadState;
  /** Outermost first. */
  frames: Frame[];
  daemon: boolean;
}

const fileOf = (className: string) => `${className.split('.').at(-1)!.split('$')[0]}.java`;

function frameText(fr: Frame): string {
  const where = fr.line === -2 ? 'Native Method' : `${fr.file ?? fileOf(fr.className)}:${fr.line}`;
  return `\tat ${fr.className}.${fr.method}(${where})\n`;
}

function stringify(t: Thread, id: number): string {
  const head = `"${t.name}"${t.daemon ? ' daemon' : ''} prio=5 Id=${id} ${t.state}\n`;
  const inner = [...t.frames].reverse();
  const lines = inner.slice(0, MAX_DEPTH).map(frameText).join('');
  return head + lines + (inner.length > MAX_DEPTH ? '\t...\n' : '') + '\n';
}

const plain = (className: string, method: string, line: number): Frame => ({ className, method, line });

function jvmThreads(ctx: WireContext, port: number): Thread[] {
  const park = [plain('jdk.internal.misc.Unsafe', 'park', -2)];
  const rpc = ctx.profile.pekkoRpc ? 'pekko' : 'akka';
  return [
    {
      name: 'Reference Handler',
      state: 'RUNNABLE',
      daemon: true,
      frames: [plain('java.lang.ref.Reference', 'waitForReferencePendingList', -2)],
    },
    { name: 'Signal Dispatcher', state: 'RUNNABLE', daemon: true, frames: [] },
    {
      name: `Flink Netty Server (${port}) Thread 0`,
      state: 'RUNNABLE',
      daemon: true,
      frames: [
        plain('java.lang.Thread', 'run', 829),
        plain('org.apache.flink.shaded.netty4.io.netty.channel.epoll.EpollEventLoop', 'run', 306),
        plain('org.apache.flink.shaded.netty4.io.netty.channel.epoll.Native', 'epollWait', -2),
      ],
    },
    {
      name: `flink-${rpc}.actor.default-dispatcher-4`,
      state: 'WAITING',
      daemon: false,
      frames: [plain('java.util.concurrent.ForkJoinPool', 'awaitWork', 1628), ...park],
    },
  ];
}

function taskThread(v: SimVertex, s: SimSubtask): Thread {
  const shapes = taskStackShapes(v, s);
  const top = shapes.reduce((a, b) => (b.weight > a.weight ? b : a));
  return { name: taskThreadName(v, s), state: top.state, frames: top.frames, daemon: false };
}

export function taskManagerThreadDump(ctx: WireContext, tmId: string, path: string) {
  if (!ctx.profile.threadDump) throw notFound(`Not found: ${path}`);
  const tm = ctx.view.taskManagers.find((t) => t.id === tmId);
  if (!tm) throw notFound(`Could not find TaskExecutor ${tmId}.`);
  const tasks = ctx.view.jobs
    .filter((j) => j.state === 'RUNNING')
    .flatMap((j) =>
      j.vertices.flatMap((v) =>
        v.subtasks.filter((s) => s.taskManagerId === tm.id && s.status === 'RUNNING').map((s) => taskThread(v, s)),
      ),
    );
  const threads = [...jvmThreads(ctx, tm.dataPort), ...tasks];
  return {
    threadInfos: threads.map((t, i) => ({ threadName: t.name, stringifiedThreadInfo: stringify(t, i + 2) })),
  };
}

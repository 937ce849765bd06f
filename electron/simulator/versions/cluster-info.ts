// Cluster endpoints: /config, /overview, /jobmanager/config, /taskmanagers, /taskmanagers/:tmid.

import type { SimTaskManager } from '../types';
import type { WireContext } from './context';
import { notFound } from './errors';
import { MEMORY_SEGMENT_BYTES, usedSlots } from './metric-store';
import { hashOrder } from './order';

export const DEFAULT_FETCH_INTERVAL_MS = 10_000;
export const DEFAULT_CHECKPOINT_HISTORY = 10;
const MB = 1024 * 1024;

export function dashboardConfig(ctx: WireContext) {
  const p = ctx.profile;
  return {
    'refresh-interval': ctx.config.refreshIntervalMs,
    'timezone-name': 'Coordinated Universal Time',
    'timezone-offset': 0,
    'flink-version': p.release,
    'flink-revision': p.revision,
    features: {
      'web-submit': false,
      ...(p.configWebCancel ? { 'web-cancel': false } : {}),
      ...(p.configWebRescale ? { 'web-rescale': false } : {}),
      ...(p.configWebHistory ? { 'web-history': false } : {}),
    },
  };
}

export function overview(ctx: WireContext) {
  const p = ctx.profile;
  const { jobs, taskManagers: tms } = ctx.view;
  const total = tms.reduce((n, tm) => n + tm.slots, 0);
  const free = tms.reduce((n, tm) => n + tm.slots - usedSlots(jobs, tm.id), 0);
  const count = (s: string) => jobs.filter((j) => j.state === s).length;
  return {
    taskmanagers: tms.length,
    'slots-total': total,
    'slots-available': free,
    ...(p.blocklist ? { 'taskmanagers-blocked': 0, 'slots-free-and-blocked': 0 } : {}),
    'jobs-running': jobs.filter((j) => !['FINISHED', 'CANCELED', 'FAILED'].includes(j.state)).length,
    'jobs-finished': count('FINISHED'),
    'jobs-cancelled': count('CANCELED'),
    'jobs-failed': count('FAILED'),
    'flink-version': p.release,
    'flink-commit': p.revision.split(' ')[0],
  };
}

export function jobManagerConfig(ctx: WireContext, restPort: number) {
  const { config } = ctx;
  const entries: [string, string][] = [
    ['jobmanager.rpc.address', 'localhost'],
    ['jobmanager.rpc.port', '6123'],
    ['rest.port', String(restPort)],
    ['jobmanager.memory.process.size', '1600m'],
    ['taskmanager.memory.process.size', '1728m'],
    ['taskmanager.numberOfTaskSlots', String(ctx.view.taskManagers[0]?.slots ?? 1)],
    ['parallelism.default', '1'],
    ['execution.checkpointing.interval', `${ctx.view.jobs[0]?.checkpointConfig.intervalMs ?? 10_000} ms`],
  ];
  // Like a real cluster, a key only appears when it was set, i.e. differs from the default here.
  if (config.fetchIntervalMs !== DEFAULT_FETCH_INTERVAL_MS)
    entries.push(['metrics.fetcher.update-interval', String(config.fetchIntervalMs)]);
  if (config.checkpointHistory !== DEFAULT_CHECKPOINT_HISTORY)
    entries.push(['web.checkpoints.history', String(config.checkpointHistory)]);
  return hashOrder(entries, ([k]) => k, 'config').map(([key, value]) => ({ key, value }));
}

function resource(slots: number) {
  return {
    cpuCores: slots,
    taskHeapMemory: 384 * slots,
    taskOffHeapMemory: 0,
    managedMemory: 512,
    networkMemory: 128,
    extendedResources: {},
  };
}

function tmInfo(ctx: WireContext, tm: SimTaskManager) {
  const p = ctx.profile;
  const used = usedSlots(ctx.view.jobs, tm.id);
  const free = tm.slots - used;
  const perSlot = (n: number) => ({
    ...resource(1),
    cpuCores: n,
    taskHeapMemory: 384 * n,
    managedMemory: Math.round((512 * n) / tm.slots),
  });
  return {
    id: tm.id,
    // The TaskManager's RPC endpoint; the simulator puts its RPC port 1000 below the data port.
    path: `${p.pekkoRpc ? 'pekko' : 'akka'}.tcp://flink@${tm.host}:${tm.dataPort - 1000}/user/rpc/taskmanager_0`,
    dataPort: tm.dataPort,
    ...(p.tmJmxPort ? { jmxPort: -1 } : {}),
    // Despite its name, Flink sends the epoch-ms time of the last heartbeat here.
    timeSinceLastHeartbeat: Math.round(tm.lastHeartbeat),
    slotsNumber: tm.slots,
    freeSlots: free,
    // 2.3+: the subtasks (execution attempts) deployed on this TaskManager.
    ...(p.tmAssignedTasks
      ? {
          assignedTasks: ctx.view.jobs
            .flatMap((j) => j.vertices.flatMap((v) => v.subtasks))
            .filter((s) => s.taskManagerId === tm.id).length,
        }
      : {}),
    totalResource: resource(tm.slots),
    freeResource: perSlot(free),
    hardware: {
      cpuCores: tm.slots,
      physicalMemory: 16 * 1024 * MB,
      freeMemory: Math.round(tm.heapMax),
      managedMemory: 512 * MB,
    },
    memoryConfiguration: {
      frameworkHeap: 128 * MB,
      taskHeap: 384 * MB * tm.slots,
      frameworkOffHeap: 128 * MB,
      taskOffHeap: 0,
      networkMemory: tm.nettyTotalSegments * MEMORY_SEGMENT_BYTES,
      managedMemory: 512 * MB,
      jvmMetaspace: 256 * MB,
      jvmOverhead: 192 * MB,
      totalFlinkMemory: 1280 * MB,
      totalProcessMemory: 1728 * MB,
    },
    // TaskManagerInfo writes `blocked` only when true (@JsonInclude NON_DEFAULT); nothing is blocked here.
  };
}

export function taskManagers(ctx: WireContext) {
  return { taskmanagers: hashOrder(ctx.view.taskManagers, (tm) => tm.id, 'tms').map((tm) => tmInfo(ctx, tm)) };
}

export function taskManagerDetails(ctx: WireContext, tmId: string) {
  const p = ctx.profile;
  const tm = ctx.view.taskManagers.find((t) => t.id === tmId);
  if (!tm) throw notFound(`Could not find TaskExecutor ${tmId}.`);
  const m = ctx.metrics.update().taskManagers.get(tm.id);
  const num = (id: string) => Math.round(Number(m?.get(id) ?? 0));
  const jobsHere = ctx.view.jobs.filter((j) =>
    j.vertices.some((v) => v.subtasks.some((s) => s.taskManagerId === tm.id)),
  );
  const slots = jobsHere.flatMap((j) => {
    const n = new Set(
      j.vertices.flatMap((v) => v.subtasks.filter((s) => s.taskManagerId === tm.id).map((s) => s.index)),
    ).size;
    return Array.from({ length: n }, () => ({
      jobId: j.jobId,
      resource: { ...resource(1), managedMemory: Math.round(512 / tm.slots) },
    }));
  });
  const gcPrefix = 'Status.JVM.GarbageCollector.';
  const gcNames = [...(m?.keys() ?? [])]
    .filter((k) => k.startsWith(gcPrefix) && k.endsWith('.Count') && !k.startsWith(`${gcPrefix}All.`))
    .map((k) => k.slice(gcPrefix.length, -'.Count'.length));
  const segAvail = num('Status.Shuffle.Netty.AvailableMemorySegments');
  const segTotal = num('Status.Shuffle.Netty.TotalMemorySegments');
  return {
    ...tmInfo(ctx, tm),
    ...(p.tmAllocatedSlots ? { allocatedSlots: slots } : {}),
    metrics: {
      heapUsed: num('Status.JVM.Memory.Heap.Used'),
      heapCommitted: num('Status.JVM.Memory.Heap.Committed'),
      heapMax: num('Status.JVM.Memory.Heap.Max'),
      nonHeapUsed: num('Status.JVM.Memory.NonHeap.Used'),
      nonHeapCommitted: num('Status.JVM.Memory.NonHeap.Committed'),
      nonHeapMax: num('Status.JVM.Memory.NonHeap.Max'),
      directCount: num('Status.JVM.Memory.Direct.Count'),
      directUsed: num('Status.JVM.Memory.Direct.MemoryUsed'),
      directMax: num('Status.JVM.Memory.Direct.TotalCapacity'),
      mappedCount: num('Status.JVM.Memory.Mapped.Count'),
      mappedUsed: num('Status.JVM.Memory.Mapped.MemoryUsed'),
      mappedMax: num('Status.JVM.Memory.Mapped.TotalCapacity'),
      ...(p.tmMemorySegments ? { memorySegmentsAvailable: segAvail, memorySegmentsTotal: segTotal } : {}),
      nettyShuffleMemorySegmentsAvailable: segAvail,
      nettyShuffleMemorySegmentsUsed: num('Status.Shuffle.Netty.UsedMemorySegments'),
      nettyShuffleMemorySegmentsTotal: segTotal,
      nettyShuffleMemoryAvailable: num('Status.Shuffle.Netty.AvailableMemory'),
      nettyShuffleMemoryUsed: num('Status.Shuffle.Netty.UsedMemory'),
      nettyShuffleMemoryTotal: num('Status.Shuffle.Netty.TotalMemory'),
      garbageCollectors: gcNames.map((name) => ({
        name,
        count: num(`${gcPrefix}${name}.Count`),
        time: num(`${gcPrefix}${name}.Time`),
      })),
    },
  };
}

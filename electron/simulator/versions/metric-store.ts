// The JobManager's MetricStore as the simulator fills it: one snapshot of every metric id and
// its string value, built from the model at fetch time. Which ids exist, and how their values are
// written, depends on the version profile; everything metric-shaped on the wire is read from here.

import type { EpochMs } from '../../../shared/time';
import type { SimCheckpoint, SimClusterView, SimJob, SimSubtask, SimTaskManager, SimVertex } from '../types';
import { LONG_MIN_VALUE, javaBool, javaDouble, javaLong, operatorMetricName, sanitize } from './names';
import type { VersionProfile } from './profile';

export type Metrics = Map<string, string>;

export interface JobMetricsEntry {
  job: Metrics;
  /** vertex id → subtask index → task and operator metrics (ids without the `<i>.` prefix). */
  vertices: Map<string, Map<number, Metrics>>;
}

export interface MetricStore {
  fetchedAt: EpochMs;
  jobManager: Metrics;
  taskManagers: Map<string, Metrics>;
  jobs: Map<string, JobMetricsEntry>;
}

export const MEMORY_SEGMENT_BYTES = 32 * 1024;
const TERMINAL_JOB = new Set(['FAILED', 'CANCELED', 'FINISHED']);
// Task metrics exist from deployment until the task ends.
const LIVE_TASK = new Set(['DEPLOYING', 'INITIALIZING', 'RUNNING']);

export function emptyStore(at: EpochMs): MetricStore {
  return { fetchedAt: at, jobManager: new Map(), taskManagers: new Map(), jobs: new Map() };
}

export function buildMetricStore(view: SimClusterView, p: VersionProfile, prev: MetricStore | null): MetricStore {
  const store = emptyStore(view.now);
  store.jobManager = jobManagerMetrics(view, p);
  for (const tm of view.taskManagers) {
    store.taskManagers.set(tm.id, taskManagerMetrics(tm, p, view.now, prev));
  }
  for (const job of view.jobs) {
    if (TERMINAL_JOB.has(job.state)) continue;
    const lastDone = [...job.checkpoints].reverse().find((c) => c.status === 'COMPLETED') ?? null;
    const vertices = new Map<string, Map<number, Metrics>>();
    for (const v of job.vertices) {
      const subs = new Map<number, Metrics>();
      for (const s of v.subtasks) if (LIVE_TASK.has(s.status)) subs.set(s.index, subtaskMetrics(v, s, p, lastDone));
      vertices.set(v.id, subs);
    }
    store.jobs.set(job.jobId, { job: jobMetrics(job, p, view.now), vertices });
  }
  return store;
}

function subtaskMetrics(v: SimVertex, s: SimSubtask, p: VersionProfile, lastDone: SimCheckpoint | null): Metrics {
  const m: Metrics = new Map();
  const put = (id: string, value: string) => m.set(id, value);
  const sh = p.gauges60s ? s.shares60s : s.shares5s;
  const bytesIn = s.numBytesInLocal + s.numBytesInRemote;
  const bytesPerRecordIn = s.numRecordsIn > 0 ? bytesIn / s.numRecordsIn : 0;

  put('numRecordsIn', javaLong(s.numRecordsIn));
  put('numRecordsOut', javaLong(s.numRecordsOut));
  put('numRecordsInPerSecond', javaDouble(s.numRecordsInPerSecond));
  put('numRecordsOutPerSecond', javaDouble(s.numRecordsOutPerSecond));
  put('numBytesIn', javaLong(bytesIn));
  put('numBytesInPerSecond', javaDouble(s.numRecordsInPerSecond * bytesPerRecordIn));
  put('numBytesOut', javaLong(s.numBytesOut));
  put('numBytesOutPerSecond', javaDouble(s.numBytesOutPerSecond));
  put('numBuffersOut', javaLong(s.numBuffersOut));
  for (const [name, value] of [
    ['numBytesInLocal', s.numBytesInLocal],
    ['numBytesInRemote', s.numBytesInRemote],
    ['numBuffersInLocal', s.numBuffersInLocal],
    ['numBuffersInRemote', s.numBuffersInRemote],
  ] as const) {
    // Registered at task level (deprecated) and under Shuffle.Netty.Input since 1.9.
    put(name, javaLong(value));
    put(`Shuffle.Netty.Input.${name}`, javaLong(value));
  }

  // The TimerGauges are whole ms per second; backpressured = soft + hard from 1.15, and busy is
  // what is left of the second (TaskIOMetricGroup.getBusyTimeMsPerSecond), NaN for legacy sources.
  const idle = Math.round(sh.idle);
  const soft = Math.round(sh.softBackPressured);
  const hard = Math.round(sh.hardBackPressured);
  const backPressured = p.softHard ? soft + hard : Math.round(sh.backPressured);
  const busy = s.legacySource ? NaN : 1000 - Math.min(idle + backPressured, 1000);
  put('isBackPressured', javaBool(s.isBackPressured));
  put('idleTimeMsPerSecond', javaLong(idle));
  if (p.timeMsPerSecond) {
    put('backPressuredTimeMsPerSecond', javaLong(backPressured));
    put('busyTimeMsPerSecond', javaDouble(busy));
  }
  if (p.softHard) {
    put('softBackPressuredTimeMsPerSecond', javaLong(soft));
    put('hardBackPressuredTimeMsPerSecond', javaLong(hard));
    put('maxSoftBackPressureTimeMs', javaLong(s.maxSoftBackPressureTimeMs));
    put('maxHardBackPressureTimeMs', javaLong(s.maxHardBackPressureTimeMs));
  }
  if (p.accumulated) {
    put('accumulateIdleTimeMs', javaLong(Math.round(s.accIdleMs)));
    put('accumulateBackPressuredTimeMs', javaLong(Math.round(s.accBackPressuredMs)));
    put('accumulateBusyTimeMs', javaDouble(s.legacySource ? NaN : Math.round(s.accBusyMs)));
  }

  const buffers: [string, string, string][] = [
    ['Input', 'inPoolUsage', javaDouble(s.inPoolUsage)],
    ['Input', 'inputFloatingBuffersUsage', javaDouble(s.inputFloatingBuffersUsage)],
    ['Input', 'inputExclusiveBuffersUsage', javaDouble(s.inputExclusiveBuffersUsage)],
    ['Input', 'inputQueueLength', javaLong(s.inputQueueLength)],
    ['Output', 'outPoolUsage', javaDouble(s.outPoolUsage)],
    ['Output', 'outputQueueLength', javaLong(s.outputQueueLength)],
  ];
  if (p.queueSize) {
    buffers.push(['Input', 'inputQueueSize', javaLong(s.inputQueueLength * MEMORY_SEGMENT_BYTES)]);
    buffers.push(['Output', 'outputQueueSize', javaLong(s.outputQueueLength * MEMORY_SEGMENT_BYTES)]);
  }
  for (const [side, name, value] of buffers) {
    put(`Shuffle.Netty.${side}.Buffers.${name}`, value);
    if (p.legacyNetworkMetrics) put(`buffers.${name}`, value);
  }

  const cp = lastDone?.perVertex.find((x) => x.vertexId === v.id);
  put('checkpointAlignmentTime', javaLong((cp?.alignmentMs ?? 0) * 1_000_000));
  put('checkpointStartDelayNanos', javaLong((cp?.startDelayMs ?? 0) * 1_000_000));

  const wm = s.currentInputWatermark === null ? LONG_MIN_VALUE : javaLong(s.currentInputWatermark);
  put('currentInputWatermark', wm);
  // Operator scope: the chain passes records through, so every operator emits the task's output
  // and operators after the first receive it as input.
  v.operators.forEach((op, i) => {
    const name = operatorMetricName(op);
    const first = i === 0;
    const recIn = first ? s.numRecordsIn : s.numRecordsOut;
    const rateIn = first ? s.numRecordsInPerSecond : s.numRecordsOutPerSecond;
    put(`${name}.numRecordsIn`, javaLong(recIn));
    put(`${name}.numRecordsOut`, javaLong(s.numRecordsOut));
    put(`${name}.numRecordsInPerSecond`, javaDouble(rateIn));
    put(`${name}.numRecordsOutPerSecond`, javaDouble(s.numRecordsOutPerSecond));
    put(`${name}.currentInputWatermark`, wm);
    put(`${name}.currentOutputWatermark`, wm);
  });
  return m;
}

function taskManagerMetrics(tm: SimTaskManager, p: VersionProfile, now: EpochMs, prev: MetricStore | null): Metrics {
  const m: Metrics = new Map();
  const put = (id: string, value: string) => m.set(id, value);
  put('Status.JVM.Memory.Heap.Used', javaLong(tm.heapUsed));
  put('Status.JVM.Memory.Heap.Committed', javaLong(tm.heapCommitted));
  put('Status.JVM.Memory.Heap.Max', javaLong(tm.heapMax));
  put('Status.JVM.Memory.NonHeap.Used', javaLong(tm.nonHeapUsed));
  put('Status.JVM.Memory.NonHeap.Committed', javaLong(Math.round(tm.nonHeapUsed * 1.1)));
  put('Status.JVM.Memory.NonHeap.Max', '-1');
  put('Status.JVM.Memory.Metaspace.Used', javaLong(Math.round(tm.nonHeapUsed * 0.6)));
  put('Status.JVM.Memory.Metaspace.Committed', javaLong(Math.round(tm.nonHeapUsed * 0.65)));
  put('Status.JVM.Memory.Metaspace.Max', javaLong(268_435_456));
  const nettyBytes = tm.nettyTotalSegments * MEMORY_SEGMENT_BYTES;
  put('Status.JVM.Memory.Direct.Count', javaLong(tm.nettyTotalSegments + 32));
  put('Status.JVM.Memory.Direct.MemoryUsed', javaLong(nettyBytes + 4_194_304));
  put('Status.JVM.Memory.Direct.TotalCapacity', javaLong(nettyBytes + 4_194_304));
  put('Status.JVM.Memory.Mapped.Count', '0');
  put('Status.JVM.Memory.Mapped.MemoryUsed', '0');
  put('Status.JVM.Memory.Mapped.TotalCapacity', '0');
  put('Status.JVM.CPU.Load', javaDouble(tm.cpuLoad));
  put('Status.JVM.Threads.Count', javaLong(64 + tm.slots * 8));
  let allCount = 0;
  let allTime = 0;
  let allRate = 0;
  const prevTm = prev?.taskManagers.get(tm.id);
  const elapsedS = prev ? (now - prev.fetchedAt) / 1000 : 0;
  for (const gc of tm.garbageCollectors) {
    const g = `Status.JVM.GarbageCollector.${sanitize(gc.name)}`;
    put(`${g}.Count`, javaLong(gc.count));
    put(`${g}.Time`, javaLong(gc.timeMs));
    allCount += gc.count;
    allTime += gc.timeMs;
    if (p.gcRates) {
      // A meter over the fetch interval stands in for Flink's 60 s MeterView.
      const before = Number(prevTm?.get(`${g}.Time`) ?? gc.timeMs);
      const rate = elapsedS > 0 ? Math.max(0, gc.timeMs - before) / elapsedS : 0;
      allRate += rate;
      put(`${g}.TimeMsPerSecond`, javaDouble(rate));
    }
  }
  if (p.gcRates) {
    put('Status.JVM.GarbageCollector.All.Count', javaLong(allCount));
    put('Status.JVM.GarbageCollector.All.Time', javaLong(allTime));
    put('Status.JVM.GarbageCollector.All.TimeMsPerSecond', javaDouble(allRate));
  }
  const used = tm.nettyTotalSegments - tm.nettyAvailableSegments;
  const n = 'Status.Shuffle.Netty';
  put(`${n}.AvailableMemorySegments`, javaLong(tm.nettyAvailableSegments));
  put(`${n}.UsedMemorySegments`, javaLong(used));
  put(`${n}.TotalMemorySegments`, javaLong(tm.nettyTotalSegments));
  put(`${n}.AvailableMemory`, javaLong(tm.nettyAvailableSegments * MEMORY_SEGMENT_BYTES));
  put(`${n}.UsedMemory`, javaLong(used * MEMORY_SEGMENT_BYTES));
  put(`${n}.TotalMemory`, javaLong(nettyBytes));
  if (p.requestedMemoryUsage)
    put(`${n}.RequestedMemoryUsage`, javaLong(Math.round((100 * used) / Math.max(1, tm.nettyTotalSegments))));
  if (p.legacyNetworkMetrics) {
    put('Status.Network.AvailableMemorySegments', javaLong(tm.nettyAvailableSegments));
    put('Status.Network.TotalMemorySegments', javaLong(tm.nettyTotalSegments));
  }
  put('Status.Flink.Memory.Managed.Used', '0');
  put('Status.Flink.Memory.Managed.Total', javaLong(536_870_912));
  if (p.fileDescriptors) {
    put('Status.JVM.FileDescriptor.Max', '1048576');
    put('Status.JVM.FileDescriptor.Open', javaLong(180 + tm.slots * 12));
  }
  return m;
}

function jobManagerMetrics(view: SimClusterView, p: VersionProfile): Metrics {
  const slots = view.taskManagers.reduce((n, tm) => n + tm.slots, 0);
  const used = view.taskManagers.reduce((n, tm) => n + usedSlots(view.jobs, tm.id), 0);
  const m: Metrics = new Map([
    ['Status.JVM.Memory.Heap.Used', '312475648'],
    ['Status.JVM.Memory.Heap.Committed', '536870912'],
    ['Status.JVM.Memory.Heap.Max', '1073741824'],
    ['Status.JVM.CPU.Load', '0.02'],
    ['Status.JVM.Threads.Count', '71'],
    ['numRegisteredTaskManagers', javaLong(view.taskManagers.length)],
    ['numRunningJobs', javaLong(view.jobs.filter((j) => j.state === 'RUNNING').length)],
    ['taskSlotsAvailable', javaLong(slots - used)],
    ['taskSlotsTotal', javaLong(slots)],
  ]);
  if (p.pendingTaskManagers) m.set('numPendingTaskManagers', '0');
  return m;
}

function jobMetrics(job: SimJob, p: VersionProfile, now: EpochMs): Metrics {
  const m: Metrics = new Map();
  const put = (id: string, value: string) => m.set(id, value);
  const running = job.stateTimestamps.RUNNING ?? job.startTime;
  put('numRestarts', javaLong(job.numRestarts));
  if (p.flink2JobMetrics) put('numRescales', javaLong(job.numRescales));
  else put('fullRestarts', javaLong(job.numRestarts));
  put('uptime', javaLong(job.state === 'RUNNING' ? now - running : 0));
  put('downtime', '0');
  put('restartingTime', '0');
  const cps = job.checkpoints;
  const done = cps.filter((c) => c.status === 'COMPLETED');
  const last = done[done.length - 1];
  put('numberOfCompletedCheckpoints', javaLong(done.length));
  put('numberOfFailedCheckpoints', javaLong(cps.filter((c) => c.status === 'FAILED').length));
  put('numberOfInProgressCheckpoints', javaLong(cps.filter((c) => c.status === 'IN_PROGRESS').length));
  put('totalNumberOfCheckpoints', javaLong(cps.length));
  put('lastCheckpointDuration', javaLong(last?.endToEndMs ?? -1));
  put('lastCheckpointSize', javaLong(last ? (p.checkpointedSize ? last.checkpointedSize : last.stateSize) : -1));
  if (p.lastCheckpointFullSize) put('lastCheckpointFullSize', javaLong(last?.stateSize ?? -1));
  put('lastCheckpointProcessedData', javaLong(last?.processedData ?? -1));
  put('lastCheckpointPersistedData', javaLong(last?.persistedData ?? -1));
  put('lastCheckpointExternalPath', last ? checkpointPath(job.jobId, last.id) : 'n/a');
  const restored = job.restoredCheckpointId !== null ? cps.find((c) => c.id === job.restoredCheckpointId) : undefined;
  put('lastCheckpointRestoreTimestamp', javaLong(restored ? running : -1));
  if (p.lastCompletedCheckpointId) put('lastCompletedCheckpointId', javaLong(last?.id ?? -1));
  if (p.flink2JobMetrics)
    put('lastCheckpointCompletedTimestamp', javaLong(last ? last.triggerTs + last.endToEndMs : -1));
  return m;
}

export function checkpointPath(jobId: string, id: number): string {
  return `file:/flink/checkpoints/${jobId}/chk-${id}`;
}

/** Slots a TaskManager gives to running jobs: default slot sharing puts subtask i of every vertex in one slot. */
export function usedSlots(jobs: readonly SimJob[], tmId: string): number {
  const slots = new Set<string>();
  for (const job of jobs) {
    if (TERMINAL_JOB.has(job.state)) continue;
    for (const v of job.vertices) {
      for (const s of v.subtasks) if (s.taskManagerId === tmId) slots.add(`${job.jobId}/${s.index}`);
    }
  }
  return slots.size;
}

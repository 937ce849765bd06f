// What the simulated REST API reports for a job's subtasks, written from the flow's runtime
// state. Only the last step of an `advance` publishes: nobody can read the views in between.

import type { EpochMs } from '../../../shared/time';
import type { SimSubtask } from '../types';
import type { JobParts } from './job-parts';
import { BUFFER_BYTES, type InputGauges } from './network';
import type { TaskManagerRt } from './taskmanager';
import type { SubRt, VertexRt } from './vertex-rt';

/** The 5 s meters (shares, per-second rates) roll over at this period. */
const METER_MS = 5000;

const GAUGE: InputGauges = { used: 0, total: 0, exclusiveUsed: 0, exclusiveTotal: 0, floatingUsed: 0 };

/** A freshly deployed subtask attempt: every counter and gauge at zero. */
export const newSubtaskView = (
  index: number,
  attempt: number,
  tmId: string,
  startTime: number,
  legacy: boolean,
): SimSubtask => ({
  index,
  attempt,
  status: 'RUNNING',
  taskManagerId: tmId,
  startTime: startTime as EpochMs,
  legacySource: legacy,
  accBusyMs: 0,
  accIdleMs: 0,
  accBackPressuredMs: 0,
  numRecordsIn: 0,
  numRecordsOut: 0,
  numBytesInLocal: 0,
  numBytesInRemote: 0,
  numBuffersInLocal: 0,
  numBuffersInRemote: 0,
  numBytesOut: 0,
  numBuffersOut: 0,
  inPoolUsage: 0,
  outPoolUsage: 0,
  inputFloatingBuffersUsage: 0,
  inputExclusiveBuffersUsage: 0,
  inputQueueLength: 0,
  outputQueueLength: 0,
  isBackPressured: false,
  maxSoftBackPressureTimeMs: 0,
  maxHardBackPressureTimeMs: 0,
  currentInputWatermark: null,
  shares5s: { busy: 0, idle: 0, backPressured: 0, softBackPressured: 0, hardBackPressured: 0 },
  shares60s: { busy: 0, idle: 0, backPressured: 0, softBackPressured: 0, hardBackPressured: 0 },
  numRecordsInPerSecond: 0,
  numRecordsOutPerSecond: 0,
  numBytesOutPerSecond: 0,
});

/** Rolls the meters after the step ending at `end`; they read the counters, so those are published even on a rolling step. */
export function rollMeters(job: JobParts, end: number, publish: boolean): void {
  if ((end - job.start) % METER_MS !== 0) return;
  for (const v of job.vertices) {
    if (!publish) for (const s of v.subs) publishCounters(s);
    v.acc.roll(v.view.subtasks);
  }
}

function publishCounters(s: SubRt): void {
  const view = s.view;
  view.numRecordsIn = Math.floor(s.recIn);
  view.numRecordsOut = Math.floor(s.recOut);
  view.numBytesOut = Math.floor(s.bytesOut);
}

/** Input gauges at the fill level the step started from (before this step's processing). */
export function publishInputGauges(v: VertexRt, s: SubRt, i: number, tm: TaskManagerRt): void {
  let inUsed = 0;
  let inTotal = 0;
  let exUsed = 0;
  let exTotal = 0;
  let flUsed = 0;
  let flTotal = 0;
  let queueLen = 0;
  for (const e of v.ins) {
    const g = e.inputGauges(i, GAUGE);
    inUsed += g.used;
    inTotal += g.total;
    exUsed += g.exclusiveUsed;
    exTotal += g.exclusiveTotal;
    flUsed += g.floatingUsed;
    flTotal += g.total - g.exclusiveTotal;
    queueLen += e.inputQueueBuffers(i);
  }
  const view = s.view;
  view.inPoolUsage = inTotal > 0 ? inUsed / inTotal : 0;
  view.inputExclusiveBuffersUsage = exTotal > 0 ? exUsed / exTotal : 0;
  view.inputFloatingBuffersUsage = flTotal > 0 ? flUsed / flTotal : 0;
  view.inputQueueLength = queueLen;
  tm.stepBuffers += inUsed;
}

/** Output gauges (at the level this step's output reached) and all counters. */
export function publishSubtask(v: VertexRt, s: SubRt, i: number, tm: TaskManagerRt, backPressured: boolean): void {
  const view = s.view;
  let outUsed = 0;
  let outTotal = 0;
  let queueLen = 0;
  for (const e of v.outs) {
    outUsed += e.outQ[i]! / e.recordsPerBuffer;
    outTotal += e.outputPoolBuffers();
    queueLen += e.outputBuffers(i);
  }
  view.outPoolUsage = outTotal > 0 ? Math.min(1, outUsed / outTotal) : 0;
  view.outputQueueLength = queueLen;
  view.isBackPressured = backPressured;
  view.accBusyMs = Math.round(s.busyMs);
  view.accIdleMs = Math.round(s.idleMs);
  view.accBackPressuredMs = Math.round(s.bpMs);
  publishCounters(s);
  view.numBuffersOut = Math.floor(s.bytesOut / BUFFER_BYTES);
  view.numBytesInLocal = Math.floor(s.flow.bytesInLocal);
  view.numBytesInRemote = Math.floor(s.flow.bytesInRemote);
  view.numBuffersInLocal = Math.floor(s.flow.buffersInLocal);
  view.numBuffersInRemote = Math.floor(s.flow.buffersInRemote);
  if (!v.isSource) view.currentInputWatermark = Number.isNaN(s.wm) ? null : (Math.floor(s.wm) as EpochMs);
  tm.stepBuffers += outUsed;
}

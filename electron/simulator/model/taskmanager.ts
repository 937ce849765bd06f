// A TaskManager JVM: heap as a sawtooth (young collections every few seconds, driven by the
// records its subtasks process), G1 collectors with cumulative count/time, and scripted
// old-generation pauses that stop every thread in the process, and nothing else.

import type { EpochMs } from '../../../shared/time';
import type { SimTaskManager } from '../types';
import { taskManagerHost, taskManagerIdFor, taskManagerPort } from './ids';
import type { Prng } from './prng';

const MB = 1024 * 1024;
const HEAP_MAX = 4096 * MB;
const YOUNG_CAPACITY = 384 * MB;
const BASE_HEAP = 180 * MB;
const BASE_ALLOC_PER_S = 12 * MB;
const ALLOC_PER_RECORD = 600;
const HEARTBEAT_MS = 10_000;
const SEGMENTS_PER_SLOT = 2048;

export class TaskManagerRt {
  readonly view: SimTaskManager;
  private young = 0;
  private old = 120 * MB;
  private pauseStart = -1;
  private pauseEnd = -1;
  private nextHeartbeat: number;
  /** Records processed on this TaskManager in the current step (drives allocation). */
  stepRecords = 0;
  /** Busy ms of its subtasks in the current step (drives CPU load). */
  stepBusyMs = 0;
  /** Network buffers its subtasks hold right now. */
  stepBuffers = 0;

  constructor(
    scenario: string,
    readonly index: number,
    slots: number,
    start: EpochMs,
    private readonly prng: Prng,
  ) {
    this.nextHeartbeat = start + ((index * 1337) % HEARTBEAT_MS);
    this.view = {
      id: taskManagerIdFor(scenario, index),
      host: taskManagerHost(index),
      dataPort: taskManagerPort(index),
      slots,
      heapUsed: BASE_HEAP + this.old,
      heapCommitted: 1024 * MB,
      heapMax: HEAP_MAX,
      nonHeapUsed: 140 * MB,
      cpuLoad: 0,
      garbageCollectors: [
        { name: 'G1 Young Generation', count: 0, timeMs: 0 },
        { name: 'G1 Old Generation', count: 0, timeMs: 0 },
      ],
      nettyTotalSegments: SEGMENTS_PER_SLOT * slots,
      nettyAvailableSegments: SEGMENTS_PER_SLOT * slots,
      lastHeartbeat: start,
    };
  }

  /** Schedules a stop-the-world pause [at, at+duration). */
  schedulePause(atMs: number, durationMs: number): void {
    this.pauseStart = atMs;
    this.pauseEnd = atMs + durationMs;
  }

  /** True when any part of the step [t, t+dt) lies in a pause. Returns the paused ms. */
  pausedMs(t: number, dt: number): number {
    if (this.pauseEnd <= t || this.pauseStart >= t + dt) return 0;
    return Math.min(this.pauseEnd, t + dt) - Math.max(this.pauseStart, t);
  }

  /** Ends the step [t, t+dt): heap, collectors, CPU, network segments, heartbeat. */
  endStep(t: number, dt: number, slotsUsed: number, publish: boolean): void {
    const v = this.view;
    const end = t + dt;
    const paused = this.pausedMs(t, dt);
    const [young, old] = v.garbageCollectors as [SimTaskManagerGc, SimTaskManagerGc];
    if (this.pauseEnd > t && this.pauseEnd <= end) {
      // The collector's MXBean counts a collection when it finishes.
      old.count += 1;
      old.timeMs += this.pauseEnd - this.pauseStart;
      this.old = 90 * MB + this.prng.range(0, 40 * MB);
      this.young = 0;
    }
    const running = dt - paused;
    this.young += (BASE_ALLOC_PER_S * running) / 1000 + this.stepRecords * ALLOC_PER_RECORD;
    while (this.young > YOUNG_CAPACITY) {
      young.count += 1;
      young.timeMs += Math.round(this.prng.range(6, 28));
      this.old += this.prng.range(0.5, 2.5) * MB;
      this.young -= YOUNG_CAPACITY;
    }
    v.heapUsed = Math.round(BASE_HEAP + this.old + this.young);
    v.heapCommitted = Math.max(v.heapCommitted, Math.min(HEAP_MAX, Math.ceil(v.heapUsed / (256 * MB)) * 256 * MB));
    const busyCapacity = Math.max(1, slotsUsed) * dt;
    v.cpuLoad = Math.min(1, 0.03 + (0.9 * this.stepBusyMs) / busyCapacity + this.prng.range(0, 0.02));
    if (publish) v.nettyAvailableSegments = Math.max(0, v.nettyTotalSegments - Math.round(this.stepBuffers));
    while (this.nextHeartbeat <= end) {
      // No heartbeat leaves a paused JVM; the next one goes out when the pause ends.
      if (paused === 0 || this.nextHeartbeat < this.pauseStart) v.lastHeartbeat = this.nextHeartbeat as EpochMs;
      this.nextHeartbeat += HEARTBEAT_MS;
    }
    this.stepRecords = 0;
    this.stepBusyMs = 0;
    this.stepBuffers = 0;
  }
}

type SimTaskManagerGc = SimTaskManager['garbageCollectors'][number];

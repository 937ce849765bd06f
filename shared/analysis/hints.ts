// Cause hints for one episode. Each fires only when its evidence holds and cites the values;
// the rules follow "Flink Network Stack Vol. 2: Monitoring, Metrics, and that Backpressure Thing".
// They are ranked by how much of the episode they explain: the share of its backpressured time
// that the hinted cause covers (alignment windows, GC windows, the bottleneck's busy time, the
// sender's full output pool, the catch-up after a restart). Tuning remarks and caveats explain
// none of it and come last.

import type { CheckpointEvent, GcWindow } from '../model';
import { formatDuration } from '../time';
import type { Hint } from './document';
import { listed } from './explain';
import { collectorsOf } from './gc';
import { coveredShare, type Interval } from './intervals';
import {
  ALIGNMENT_MIN_MS,
  BUFFER_BYTES,
  BUSY_RATIO,
  CATCH_UP_MS,
  EXCLUSIVE_HIGH,
  FLOATING_HIGH,
  LOW_FILL_SHARE,
  LOW_THROUGHPUT_BYTES_PER_SEC,
  MIN_REMOTE_BUFFERS,
  POOL_LOW,
} from './thresholds';
import { busySpread } from './skew';
import type { WindowStats } from './window-stats';

export interface VertexEvidence {
  vertexId: string;
  name: string;
  stats: WindowStats;
}

export interface HintContext {
  bottleneck: VertexEvidence | null;
  /** Last backpressured vertex → its not-busy, not-backpressured receivers. */
  networkEdges: { sender: VertexEvidence; receivers: VertexEvidence[] }[];
  /** Significant GC windows on TaskManagers hosting the subtasks the bottleneck rule points at. */
  gc: { taskManagers: string[]; windows: GcWindow[] };
  /** The episode's window. */
  start: number;
  end: number;
  /** When the episode's vertex was backpressured (its samples at LOW/HIGH); empty: the whole window. */
  backpressured: Interval[];
  /** When the bottleneck's busiest subtask was busy; null when busy time is not reported. */
  bottleneckBusy: Interval[] | null;
  checkpoints: CheckpointEvent[];
  /** Cluster is Flink ≤ 1.8. */
  inPoolCaveat: boolean;
  /** Restart or rescale shortly before the episode started (ms before start), or null. */
  catchUp: { kind: 'restart' | 'rescale'; msBefore: number } | null;
}

/** A hint before it is ranked. */
type Draft = Omit<Hint, 'explains'>;

const pct = (x: number): string => `${Math.round(x * 100)}%`;
const r3 = (x: number): number | null => (Number.isFinite(x) ? Math.round(x * 1000) / 1000 : null);

function medianOf(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = values.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Busy subtask indices (mean busy ≥ BUSY_RATIO) of a window. */
export function busySubtasks(st: WindowStats): number[] {
  const out: number[] = [];
  for (let i = 0; i < st.busyBySubtask.length; i++) if (st.busyBySubtask[i]! >= BUSY_RATIO) out.push(i);
  return out;
}

function skewOrOverload(b: VertexEvidence): Draft | null {
  const busy = b.stats.busyBySubtask;
  const reported: number[] = [];
  for (let i = 0; i < busy.length; i++) if (busy[i]! >= 0) reported.push(i);
  const hot = busySubtasks(b.stats);
  if (reported.length === 0 || hot.length === 0) return null;
  const others = reported.filter((i) => busy[i]! < BUSY_RATIO).map((i) => busy[i]!);
  const evidence = {
    vertexId: b.vertexId,
    busySubtasks: hot,
    reportedSubtasks: reported.length,
    busyMax: r3(b.stats.busyMax),
    busyMin: r3(Math.min(...reported.map((i) => busy[i]!))),
    busyMedianOthers: r3(medianOf(others)),
  };
  if (busySpread(hot.length, reported.length) === 'overloaded') {
    return {
      kind: 'overloaded',
      text:
        `${b.name}: ${hot.length} of ${reported.length} subtasks busy (min ${pct(evidence.busyMin ?? 0)}): ` +
        `the operator itself is too slow for the load; profile it or scale out.`,
      evidence,
    };
  }
  return {
    kind: 'skew',
    text:
      `${b.name}: only ${hot.length === 1 ? 'subtask' : 'subtasks'} ${listed(hot)} of ${reported.length} busy ` +
      `(max ${pct(b.stats.busyMax)}, others median ${pct(medianOf(others))}): data or resource skew; ` +
      `check key distribution or placement.`,
    evidence,
  };
}

function inputChannels(b: VertexEvidence): Draft | null {
  const fl = b.stats.floatingBySubtask;
  const ex = b.stats.exclusiveBySubtask;
  let best = -1;
  for (let i = 0; i < fl.length; i++) if (fl[i]! >= 0 && (best < 0 || fl[i]! > fl[best]!)) best = i;
  if (best < 0 || fl[best]! < FLOATING_HIGH) return null;
  const exclusive = ex[best]!;
  if (!(exclusive >= 0)) return null;
  const all = exclusive >= EXCLUSIVE_HIGH;
  return {
    kind: 'input-channels',
    text:
      `${b.name} subtask ${best}: floating buffers ${pct(fl[best]!)} used, exclusive ${pct(exclusive)}: ` +
      (all
        ? 'backpressure on most or all input channels.'
        : 'backpressure on only some input channels (look at the senders feeding them).'),
    evidence: {
      vertexId: b.vertexId,
      subtask: best,
      inputFloatingBuffersUsage: r3(fl[best]!),
      inputExclusiveBuffersUsage: r3(exclusive),
      channels: all ? 'most-or-all' : 'some',
    },
  };
}

function bufferFill(v: VertexEvidence): Draft | null {
  const { remoteBytes, remoteBuffers } = v.stats;
  if (!(remoteBuffers >= MIN_REMOTE_BUFFERS)) return null;
  const fill = remoteBytes / remoteBuffers;
  if (!(fill < LOW_FILL_SHARE * BUFFER_BYTES)) return null;
  return {
    kind: 'buffer-fill',
    text:
      `${v.name} receives remote buffers only ${pct(fill / BUFFER_BYTES)} full on average ` +
      `(${Math.round(fill)} of ${BUFFER_BYTES} bytes): when tuning for throughput, a larger ` +
      `execution.buffer-timeout fills buffers better.`,
    evidence: {
      vertexId: v.vertexId,
      numBytesInRemote: remoteBytes,
      numBuffersInRemote: remoteBuffers,
      meanBytesPerBuffer: Math.round(fill),
      bufferBytes: BUFFER_BYTES,
    },
  };
}

export function causeHints(ctx: HintContext): Hint[] {
  const hints: Hint[] = [];
  const windowMs = ctx.end - ctx.start;
  const backpressured = ctx.backpressured.length > 0 ? ctx.backpressured : [[ctx.start, ctx.end] as const];
  /** Share of the backpressured time the cause covers. */
  const over = (cause: readonly Interval[]): number => coveredShare(backpressured, cause);
  const add = (h: Draft | null, explains: number): void => {
    if (h) hints.push({ ...h, explains: Math.round(Math.min(1, Math.max(0, explains)) * 1000) / 1000 });
  };
  const b = ctx.bottleneck;
  if (b) {
    // The bottleneck's own state: it explains the time it was busy.
    add(skewOrOverload(b), over(ctx.bottleneckBusy ?? []));
    add(inputChannels(b), over(ctx.bottleneckBusy ?? [[ctx.start, ctx.end]]));
  }

  for (const { sender, receivers } of ctx.networkEdges) {
    const s = sender.stats;
    if (receivers.length === 0 || !(s.outPoolHighShare >= 0.5)) continue;
    const inPools = receivers.map((r) => r.stats.inPoolMax);
    const busies = receivers.map((r) => r.stats.busyMax);
    if (!inPools.every((x) => x >= 0 && x < POOL_LOW) || !busies.every((x) => x >= 0 && x < BUSY_RATIO)) continue;
    const names = receivers.map((r) => r.name).join(', ');
    const evidence = {
      sender: sender.vertexId,
      receivers: receivers.map((r) => r.vertexId),
      senderOutPoolUsage: r3(s.outPoolMax),
      senderOutPoolHighShare: r3(s.outPoolHighShare),
      receiversInPoolUsageMax: r3(Math.max(...inPools)),
      receiversBusyMax: r3(Math.max(...busies)),
    };
    // Explains the share of the window in which the sender's output pool was full.
    const full = Number.isFinite(s.outPoolHighShare) ? s.outPoolHighShare : 0;
    add(
      {
        kind: 'network',
        text:
          `${sender.name} output pool ${pct(s.outPoolMax)} full while ${names} input pool is ` +
          `${pct(Math.max(...inPools))} and busy ${pct(Math.max(...busies))}: a network bottleneck ` +
          `(shared by the TaskManager: checkpoints, other streams, other processes).`,
        evidence,
      },
      full,
    );
    const perSubtask = s.bytesOutPerSec / Math.max(1, s.parallelism);
    if (perSubtask >= 0 && perSubtask < LOW_THROUGHPUT_BYTES_PER_SEC) {
      add(
        {
          kind: 'credit-roundtrip',
          text:
            `Low throughput (${(perSubtask / 1024 / 1024).toFixed(2)} MiB/s per ${sender.name} subtask) with ` +
            `output pool ~full and idle receivers: credit round-trip time may limit; consider more ` +
            `taskmanager.network.memory.buffers-per-channel.`,
          evidence: { ...evidence, bytesOutPerSecPerSubtask: Math.round(perSubtask) },
        },
        full,
      );
    }
  }

  const receivers = new Map<string, VertexEvidence>();
  if (b) receivers.set(b.vertexId, b);
  for (const e of ctx.networkEdges) for (const r of e.receivers) receivers.set(r.vertexId, r);
  // A throughput-tuning remark: it explains none of the backpressure.
  for (const r of receivers.values()) add(bufferFill(r), 0);

  if (ctx.gc.windows.length > 0) {
    const perTm = new Map<string, number>();
    for (const w of ctx.gc.windows) perTm.set(w.taskManagerId, (perTm.get(w.taskManagerId) ?? 0) + w.gcTimeMs);
    const tms = [...perTm.keys()].sort();
    const total = [...perTm.values()].reduce((sum, ms) => sum + ms, 0);
    const worst = Math.max(...perTm.values());
    const named = tms.length <= 4 ? tms.join(', ') : `${tms.slice(0, 4).join(', ')} and ${tms.length - 4} more`;
    const collectors = collectorsOf(ctx.gc.windows);
    add(
      {
        kind: 'gc',
        text:
          `GC on ${named} (hosting the bottleneck's subtasks): up to ${formatDuration(worst)} of ` +
          `collection${collectors.length > 0 ? ` (${collectors.join(', ')})` : ''} on one TaskManager during ${formatDuration(windowMs)}.`,
        evidence: {
          taskManagers: tms,
          gcTimeMs: total,
          gcTimeMsMaxPerTaskManager: worst,
          windows: ctx.gc.windows.length,
          collectors,
          episodeMs: windowMs,
        },
      },
      over(ctx.gc.windows.map((w) => [w.start, w.end] as const)),
    );
  }

  const aligned = ctx.checkpoints.filter((c) => (c.alignmentMs ?? 0) >= ALIGNMENT_MIN_MS);
  if (aligned.length > 0) {
    const max = Math.max(...aligned.map((c) => c.alignmentMs!));
    add(
      {
        kind: 'checkpoint-alignment',
        text:
          `Checkpoint${aligned.length > 1 ? 's' : ''} ${aligned.map((c) => c.id).join(', ')} aligned ` +
          `barriers for up to ${formatDuration(max)} during the episode: alignment blocks inputs; ` +
          `unaligned checkpoints or a lower checkpoint frequency help.`,
        evidence: { checkpointIds: aligned.map((c) => c.id), alignmentMsMax: max },
      },
      over(aligned.map((c) => [c.triggerTs, c.endTs] as const)),
    );
  }

  if (ctx.inPoolCaveat) {
    const usesInPool = [...receivers.values()].some((r) => r.stats.inPoolMax >= 0);
    if (usesInPool) {
      // A caveat about reading the metrics, not a cause.
      add(
        {
          kind: 'inpool-caveat',
          text:
            'Flink ≤ 1.8: inPoolUsage counts only floating buffers and ~100 % is common without ' +
            'backpressure (FLINK-11082); do not read it as a bottleneck signal.',
          evidence: { flinkAtMost18: true },
        },
        0,
      );
    }
  }

  if (ctx.catchUp) {
    const after = ctx.start - ctx.catchUp.msBefore;
    add(
      {
        kind: 'catch-up',
        text:
          `Started ${formatDuration(ctx.catchUp.msBefore)} after a ${ctx.catchUp.kind}: probably ` +
          `processing the backlog; it usually ends on its own.`,
        evidence: { after: ctx.catchUp.kind, msAfter: ctx.catchUp.msBefore },
      },
      over([[after, after + CATCH_UP_MS]]),
    );
  }
  // Most explaining first; equal shares keep the order above.
  return hints
    .map((h, i) => ({ h, i }))
    .sort((x, y) => y.h.explains - x.h.explains || x.i - y.i)
    .map((x) => x.h);
}

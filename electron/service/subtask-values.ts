// The subtask table at the cursor: every subtask's values at the tick shown, the ratios from the
// sample that describes that tick (held across ticks that repeated the JobManager's answer) and
// the gauges from the frame itself. Kept per tick: every cursor position up to the next tick of
// the cluster shows the same frame.

import type { SubtaskValuesResult } from '../../shared/api';
import { subtaskRatios } from '../../shared/analysis';
import { GAP_FACTOR } from '../../shared/analysis/thresholds';
import type { VertexInfo } from '../../shared/model';
import { vertexKey } from '../../shared/keys';
import { lastAtOrBefore } from '../../shared/sorted';
import { counterRates } from './gauge-fallback';
import { sampleForTick } from './held';
import type { Meta } from './session-cache';
import type { SessionState } from './session-state';
import { TickMemo } from './tick-memo';
import { framesAround, gapBetween, holdMs, ticksBetween, VALUES_METRICS, vertexOf } from './vertex-frames';

type ValuesAsk = { clusterId: number; jobId: string; vertexId: string; at: number };

export function subtaskValuesQuery(s: Pick<SessionState, 'reader' | 'meta'>): (p: ValuesAsk) => SubtaskValuesResult {
  const valuesAtTick = new TickMemo<SubtaskValuesResult>(64);
  return (p) => {
    const meta = s.meta();
    const vertex = vertexOf(meta, p.clusterId, p.jobId, p.vertexId);
    const ticks = meta.clusterTicks.get(p.clusterId) ?? new Float64Array(0);
    const k = lastAtOrBefore(ticks, p.at);
    if (k < 0) return valuesAt(s, meta, vertex, p);
    return valuesAtTick.get(meta, `${vertexKey(p.clusterId, p.jobId, p.vertexId)}/${ticks[k]}`, () =>
      valuesAt(s, meta, vertex, { ...p, at: ticks[k]! }),
    );
  };
}

function valuesAt(s: Pick<SessionState, 'reader'>, meta: Meta, vertex: VertexInfo, p: ValuesAsk): SubtaskValuesResult {
  const frames = framesAround(s.reader, meta, vertex, p.at, p.at, VALUES_METRICS);
  const last = frames.at(-1);
  if (!last) return { ts: null, sampleTs: null, repeated: false, gap: null, subtasks: [] };
  const rateIn = last.subtasks.numRecordsInPerSecond ?? counterRates(frames, 'numRecordsIn') ?? undefined;
  const rateOut = last.subtasks.numRecordsOutPerSecond ?? counterRates(frames, 'numRecordsOut') ?? undefined;
  const samples = subtaskRatios(frames, ticksBetween(meta, p.clusterId, frames[0]!.ts, last.ts));
  const sampleTimes = samples.map((x) => x.ts);
  const hit = sampleForTick(sampleTimes, last.ts, {
    intervalMs: holdMs(meta, p.clusterId) / GAP_FACTOR,
    realGapBetween: (a, b) => gapBetween(meta, p.clusterId, p.jobId, a, b) !== null,
  });
  const smp = hit ? samples[hit.index] : undefined;
  const placement = s.reader
    .placementAt(last.ts)
    .find((x) => x.clusterId === p.clusterId && x.jobId === p.jobId && x.vertexId === p.vertexId);
  const fresh = smp && !smp.gap ? smp : null;
  const gap = fresh
    ? null
    : (smp?.reason ??
      (samples.length > 0 ? gapBetween(meta, p.clusterId, p.jobId, samples.at(-1)!.ts, last.ts) : null) ??
      'no-data');
  return {
    ts: last.ts,
    sampleTs: smp?.ts ?? null,
    repeated: hit?.repeated ?? false,
    gap,
    subtasks: Array.from({ length: last.parallelism }, (_, i) => ({
      index: i,
      taskManagerId: placement?.taskManagers[i] ?? '',
      values: {
        backPressureRatio: val(fresh?.ratio, i),
        busyTimeMsPerSecond: val(fresh?.busy, i, 1000),
        idleTimeMsPerSecond: val(fresh?.idle, i, 1000),
        backPressuredTimeMsPerSecond: val(fresh?.ratio, i, 1000),
        inPoolUsage: val(last.subtasks.inPoolUsage, i),
        outPoolUsage: val(last.subtasks.outPoolUsage, i),
        inputFloatingBuffersUsage: val(last.subtasks.inputFloatingBuffersUsage, i),
        inputExclusiveBuffersUsage: val(last.subtasks.inputExclusiveBuffersUsage, i),
        numRecordsInPerSecond: val(rateIn, i),
        numRecordsOutPerSecond: val(rateOut, i),
      },
    })),
  };
}

/** A subtask's value scaled by k, or null where it is missing or not a number. */
function val(a: ArrayLike<number> | undefined, i: number, k = 1): number | null {
  const x = a?.[i];
  return x !== undefined && Number.isFinite(x) ? x * k : null;
}

// GET /jobs/:jid/vertices/:vid/backpressure. From 1.13 it is read from the metric store
// (FLINK-20852); up to 1.12 it samples Task#isBackPressured on demand and answers "deprecated"
// until the first sample has finished.

import type { EpochMs } from '../../../shared/time';
import type { WireContext } from './context';
import { findVertex } from './context';

type Level = 'ok' | 'low' | 'high';

/** Identical thresholds in every version. */
export function level(ratio: number): Level {
  if (ratio <= 0.1) return 'ok';
  if (ratio <= 0.5) return 'low';
  return 'high';
}

const jsonDouble = (n: number): number | string => (Number.isNaN(n) ? 'NaN' : n);

function levels(ctx: WireContext, l: Level) {
  return ctx.profile.camelBackpressureLevel
    ? { 'backpressure-level': l, backpressureLevel: l }
    : { 'backpressure-level': l };
}

export function backpressureFromMetrics(ctx: WireContext, jobId: string, vertexId: string) {
  const store = ctx.metrics.update();
  const subs = store.jobs.get(jobId)?.vertices.get(vertexId);
  if (!subs || subs.size === 0) return { status: 'deprecated' };
  const ratio = (m: Map<string, string>, id: string) => {
    const v = m.get(id);
    return v === undefined ? 0 : Number(v) / 1000;
  };
  const subtasks = [...subs]
    .sort(([a], [b]) => a - b)
    .map(([index, m]) => {
      const r = ratio(m, 'backPressuredTimeMsPerSecond');
      return {
        subtask: index,
        ...levels(ctx, level(r)),
        ratio: r,
        idleRatio: ratio(m, 'idleTimeMsPerSecond'),
        busyRatio: jsonDouble(ratio(m, 'busyTimeMsPerSecond')),
      };
    });
  const max = Math.max(...subtasks.map((s) => s.ratio));
  return {
    status: 'ok',
    ...levels(ctx, level(max)),
    'end-timestamp': ctx.metrics.lastUpdateTime() ?? store.fetchedAt,
    subtasks,
  };
}

// web.backpressure.* defaults of 1.10–1.12.
const NUM_SAMPLES = 100;
const DELAY_BETWEEN_SAMPLES_MS = 50;
const REFRESH_INTERVAL_MS = 60_000;
const SAMPLING_MS = NUM_SAMPLES * DELAY_BETWEEN_SAMPLES_MS;

interface SampleResult {
  endTs: EpochMs;
  ratios: { index: number; ratio: number }[];
}

/** BackPressureStatsTracker of 1.10–1.12, one per cluster. */
export class BackpressureSampler {
  private readonly running = new Map<string, EpochMs>();
  private readonly results = new Map<string, SampleResult>();

  respond(ctx: WireContext, jobId: string, vertexId: string) {
    const { vertex } = findVertex(ctx, jobId, vertexId);
    const key = `${jobId}/${vertexId}`;
    const now = ctx.view.now;
    const started = this.running.get(key);
    if (started !== undefined && now >= started + SAMPLING_MS) {
      // Sampling Task#isBackPressured 100 times over 5 s ≈ the share of the last 5 s spent backpressured.
      this.results.set(key, {
        endTs: (started + SAMPLING_MS) as EpochMs,
        ratios: vertex.subtasks.map((s) => ({
          index: s.index,
          ratio: Math.round(s.shares5s.backPressured / 10) / 100,
        })),
      });
      this.running.delete(key);
    }
    const result = this.results.get(key);
    if (!this.running.has(key) && (!result || now - result.endTs >= REFRESH_INTERVAL_MS)) this.running.set(key, now);
    if (!result) return { status: 'deprecated' };
    const subtasks = result.ratios.map((r) => ({
      subtask: r.index,
      'backpressure-level': level(r.ratio),
      ratio: r.ratio,
    }));
    return {
      status: 'ok',
      'backpressure-level': level(Math.max(...result.ratios.map((r) => r.ratio))),
      'end-timestamp': result.endTs,
      subtasks,
    };
  }
}

// GC windows. Flink's REST store only shows each collector's cumulative time and count
// (`Status.JVM.GarbageCollector.<Collector>.Time/.Count`), so two consecutive samples say "in
// between, this collector ran for gcTimeMs": a raw window, which is what the recorder stores.
// A pause longer than the poll interval is sliced into several raw windows (a 2.8 s old-generation
// pause polled every second gives 794, 946, 933 and 139 ms), and minor collections leave a few
// ms in almost every interval. So every consumer (analysis, UI lanes, reports) reads the windows
// of `mergeGcWindows`: one per period in which a TaskManager's collectors ran for a significant
// share of the time, the background left out.

import type { ClusterId, GcWindow, TaskManagerFrame } from '../model';
import { epochMs, formatDuration, type EpochMs } from '../time';
import { GAP_FACTOR, GC_MIN_MS, GC_SHARE } from './thresholds';

/** One collector's cumulative counters on one TaskManager at one instant. */
export interface GcSample {
  clusterId: ClusterId;
  taskManagerId: string;
  /** JVM collector name ("G1 Old Generation"), or null for the sum over all collectors. */
  collector: string | null;
  ts: EpochMs;
  /** Cumulative collection time (ms); NaN when not reported. */
  timeMs: number;
  /** Cumulative collections; null or NaN when not reported. */
  count: number | null;
}

const tmKey = (w: { clusterId: ClusterId; taskManagerId: string }): string => `${w.clusterId}\u0000${w.taskManagerId}`;

function groupBy<T>(items: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of items) {
    const k = key(x);
    const l = out.get(k);
    if (l) l.push(x);
    else out.set(k, [x]);
  }
  return out;
}

const byStart = (a: GcWindow, b: GcWindow): number =>
  a.start - b.start ||
  a.clusterId - b.clusterId ||
  a.taskManagerId.localeCompare(b.taskManagerId) ||
  (a.collector ?? '').localeCompare(b.collector ?? '');

/**
 * Raw windows: one per pair of consecutive samples of a TaskManager's collector in which its time
 * grew. A time that went down (the TaskManager restarted) starts over without a window; samples
 * without a time are skipped, so the next window spans them.
 */
export function gcWindowsFromSamples(samples: readonly GcSample[]): GcWindow[] {
  const out: GcWindow[] = [];
  for (const list of groupBy(samples, (s) => `${tmKey(s)}\u0000${s.collector ?? ''}`).values()) {
    list.sort((a, b) => a.ts - b.ts);
    let prev: GcSample | null = null;
    for (const s of list) {
      if (!Number.isFinite(s.timeMs)) continue;
      if (prev !== null && s.ts > prev.ts) {
        const dt = s.timeMs - prev.timeMs;
        if (dt > 0) {
          const c0 = prev.count;
          const c1 = s.count;
          const dc = c0 !== null && c1 !== null && c1 >= c0 ? c1 - c0 : 0;
          out.push({
            clusterId: s.clusterId,
            taskManagerId: s.taskManagerId,
            collector: s.collector,
            start: epochMs(prev.ts),
            end: epochMs(s.ts),
            gcTimeMs: dt,
            gcCount: Number.isFinite(dc) ? dc : 0,
          });
        }
      }
      prev = s;
    }
  }
  return out.sort(byStart);
}

/** Raw windows from TaskManager frames, whose `gcTimeMs`/`gcCount` sum all collectors. */
export function gcWindowsFromFrames(frames: readonly TaskManagerFrame[]): GcWindow[] {
  return gcWindowsFromSamples(
    frames.map((f) => ({
      clusterId: f.clusterId,
      taskManagerId: f.taskManagerId,
      collector: null,
      ts: f.ts,
      timeMs: f.values.gcTimeMs ?? NaN,
      count: f.values.gcCount ?? null,
    })),
  );
}

/** The collectors named by GC windows, longest-running first (unknown ones left out). */
export function collectorsOf(windows: readonly GcWindow[]): string[] {
  const ms = new Map<string, number>();
  for (const w of windows) if (w.collector !== null) ms.set(w.collector, (ms.get(w.collector) ?? 0) + w.gcTimeMs);
  return [...ms].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c]) => c);
}

/** A GC window in words, as the timeline and reports label it: `2.8 s GC in 4 s (1×, G1 Old Generation)`. */
export function gcWindowText(w: {
  start: number;
  end: number;
  gcTimeMs: number;
  gcCount: number;
  collector: string | null;
}): string {
  return `${formatDuration(w.gcTimeMs)} GC in ${formatDuration(w.end - w.start)} (${w.gcCount}×${w.collector ? `, ${w.collector}` : ''})`;
}

/** GC that can explain a stall: at least GC_MIN_MS, or GC_SHARE of the window's wall time. */
export function isSignificantGc(w: GcWindow): boolean {
  const span = Math.max(1, w.end - w.start);
  return w.gcTimeMs >= GC_MIN_MS || w.gcTimeMs >= GC_SHARE * span;
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * The GC windows everything shows, from raw ones (any order, any mix of collectors): per
 * TaskManager, raw windows in which a collector ran significantly (`isSignificantGc`: at least
 * GC_SHARE of the interval or GC_MIN_MS) and that touch or overlap (share a sample) become one
 * window. It holds every raw window inside it, of any collector: gcTimeMs and gcCount are the
 * TaskManager's totals there, `collector` the one that ran longest. Raw windows outside any such
 * period (young-generation background of a few ms/s) are no window. A raw window spanning a gap
 * in the samples (longer than GAP_FACTOR × the TaskManager's median sample interval) joins
 * nothing, so a gap splits; a restart leaves no raw window across it (counters start over).
 */
export function mergeGcWindows(raw: readonly GcWindow[]): GcWindow[] {
  const out: GcWindow[] = [];
  for (const list of groupBy(raw, tmKey).values()) {
    list.sort(byStart);
    const spans = list.map((w) => w.end - w.start).filter((d) => d > 0);
    const gapSpan = spans.length > 0 ? GAP_FACTOR * median(spans) : Infinity;
    const seeds = list.filter((w) => w.end >= w.start && isSignificantGc(w));
    const periods: { start: number; end: number; alone: boolean }[] = [];
    for (const w of seeds) {
      const alone = w.end - w.start > gapSpan;
      const last = periods[periods.length - 1];
      // Overlapping raw windows cover the same samples; touching ones join unless one spans a gap.
      const joins = last !== undefined && (w.start < last.end || (w.start === last.end && !last.alone && !alone));
      if (joins) {
        last.end = Math.max(last.end, w.end);
        last.alone ||= alone;
      } else periods.push({ start: w.start, end: w.end, alone });
    }
    // Periods are disjoint and sorted, like the raw windows: one pass collects each one's.
    let j = 0;
    for (const p of periods) {
      while (j < list.length && list[j]!.start < p.start) j++;
      const inside: GcWindow[] = [];
      // A raw window starting where the period ends belongs to the next one (unless it is an instant).
      for (; j < list.length && (list[j]!.start < p.end || list[j]!.end === p.end); j++) {
        if (list[j]!.end <= p.end) inside.push(list[j]!);
      }
      const byCollector = new Map<string | null, number>();
      let gcTimeMs = 0;
      let gcCount = 0;
      for (const w of inside) {
        gcTimeMs += w.gcTimeMs;
        gcCount += w.gcCount;
        byCollector.set(w.collector, (byCollector.get(w.collector) ?? 0) + w.gcTimeMs);
      }
      let collector: string | null = null;
      let most = -Infinity;
      for (const [c, ms] of [...byCollector].sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''))) {
        if (ms > most) [collector, most] = [c, ms];
      }
      const w0 = inside[0]!;
      out.push({
        clusterId: w0.clusterId,
        taskManagerId: w0.taskManagerId,
        collector,
        start: epochMs(p.start),
        end: epochMs(p.end),
        gcTimeMs,
        gcCount,
      });
    }
  }
  return out.sort(byStart);
}

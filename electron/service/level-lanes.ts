// The overview lanes' data: each vertex's backpressure level at every tick, read from the
// per-tick summaries the writer stores with each frame (SessionReader.vertexSummaryMax), so no frame
// blob is decoded. The level is Flink's own: the maximum over subtasks of the
// backPressuredTimeMsPerSecond gauge (what the Flink web UI shows), or of the `/backpressure`
// ratio for files without the gauge. The episodes next to the lanes come from the analysis'
// exact counter-based ratios.
//
// Built once per vertex and only extended when the file grows, at most once per `extendEveryMs`
// per vertex (a recorder adds a tick every few seconds; viewers need not chase each one).

import { levelCode } from '../../shared/analysis/levels';
import type { SubtaskMetric, VertexInfo } from '../../shared/model';
import { vertexKey } from '../../shared/keys';
import { lastAtOrBefore } from '../../shared/sorted';
import { epochMs } from '../../shared/time';
import type { SessionReader } from '../session/reader';
import type { Meta } from './session-cache';

/** Tried in order; a vertex uses the first one its file holds. */
const LEVEL_METRICS: readonly { metric: SubtaskMetric; scale: number }[] = [
  { metric: 'backPressuredTimeMsPerSecond', scale: 1 / 1000 },
  { metric: 'backPressureRatio', scale: 1 },
];

export interface LevelTrack {
  /** Sample instants (ticks with a value), ascending. */
  ts: number[];
  /** Level code 0..2 per sample. */
  level: number[];
  /** Max ratio over subtasks per sample. */
  ratio: number[];
  /** Whether data is missing between the previous sample and this one. */
  gapBefore: boolean[];
  intervalMs: number;
}

interface Entry {
  track: LevelTrack;
  metric: (typeof LEVEL_METRICS)[number] | null;
  doneTo: number;
  extendedAt: number;
}

export class LevelLanes {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly reader: SessionReader,
    private readonly now: () => number,
    private readonly extendEveryMs = 1000,
  ) {}

  track(meta: Meta, v: VertexInfo): LevelTrack {
    const key = vertexKey(v.clusterId, v.jobId, v.vertexId);
    let e = this.entries.get(key);
    const interval = meta.intervalMs.get(v.clusterId) ?? 10_000;
    if (!e) {
      e = {
        track: { ts: [], level: [], ratio: [], gapBefore: [], intervalMs: interval },
        metric: null,
        doneTo: -Infinity,
        extendedAt: -Infinity,
      };
      this.entries.set(key, e);
    }
    const last = meta.lastTs;
    if (
      last !== null &&
      last > e.doneTo &&
      (e.doneTo === -Infinity || this.now() - e.extendedAt >= this.extendEveryMs)
    ) {
      this.extend(meta, v, e, last);
      e.extendedAt = this.now();
    }
    e.track.intervalMs = interval;
    return e.track;
  }

  private extend(meta: Meta, v: VertexInfo, e: Entry, to: number): void {
    const ticks = meta.clusterTicks.get(v.clusterId);
    if (!ticks || ticks.length === 0) return;
    const from = e.doneTo === -Infinity ? ticks[0]! : e.doneTo + 1;
    if (from > to) return;
    const k0 = lastAtOrBefore(ticks, from - 1) + 1;
    const k1 = lastAtOrBefore(ticks, to);
    const n = k1 - k0 + 1;
    if (n <= 0) {
      e.doneTo = to;
      return;
    }
    // Every tick's own summary row: read as two columns, no bucket objects (a day of a vertex is
    // 8640 rows; a rollup into four buckets a tick made 34 560 objects per vertex and metric).
    const range = { from: epochMs(from), to: epochMs(to) };
    const metrics = e.metric ? [e.metric] : LEVEL_METRICS;
    for (const m of metrics) {
      const rows = this.reader.vertexSummaryMax(v.clusterId, v.jobId, v.vertexId, m.metric, range);
      if (!e.metric && rows.ts.length === 0) continue;
      e.metric = m;
      this.append(meta, v, e.track, rows, m.scale);
      break;
    }
    e.doneTo = to;
  }

  private append(
    meta: Meta,
    v: VertexInfo,
    t: LevelTrack,
    rows: { ts: Float64Array; max: Float64Array },
    scale: number,
  ): void {
    const errors = meta.errorTicks.get(v.clusterId) ?? new Float64Array(0);
    const interval = meta.intervalMs.get(v.clusterId) ?? 10_000;
    for (let i = 0; i < rows.ts.length; i++) {
      const max = rows.max[i]!;
      if (!Number.isFinite(max)) continue;
      const ts = rows.ts[i]!;
      const prev = t.ts.length ? t.ts[t.ts.length - 1]! : null;
      if (prev !== null && ts <= prev) continue;
      const ratio = max * scale;
      const failedBetween =
        prev !== null && lastAtOrBefore(errors, ts - 1) >= 0 && errors[lastAtOrBefore(errors, ts - 1)]! > prev;
      t.ts.push(ts);
      t.ratio.push(ratio);
      t.level.push(Math.max(0, levelCode(ratio)));
      t.gapBefore.push(prev === null || failedBetween || ts - prev > 2 * interval);
    }
  }
}

/** Max level per bucket; each sample covers the interval ending at its ts. null = no data. */
export function foldLevels(t: LevelTrack, from: number, to: number, n: number): (0 | 1 | 2 | null)[] {
  const out: (0 | 1 | 2 | null)[] = new Array(n).fill(null);
  const width = (to - from) / n;
  const k0 = Math.max(0, lastAtOrBefore(t.ts, from));
  for (let k = k0; k < t.ts.length; k++) {
    const ts = t.ts[k]!;
    const start = t.gapBefore[k] || k === 0 ? ts - t.intervalMs : t.ts[k - 1]!;
    if (start > to) break;
    if (ts < from) continue;
    const i0 = Math.max(0, Math.floor((Math.max(start, from) - from) / width));
    const i1 = Math.min(n - 1, Math.floor((Math.min(ts, to) - from) / width));
    const code = t.level[k]! as 0 | 1 | 2;
    for (let i = i0; i <= i1; i++) {
      const cur = out[i];
      if (cur === null || cur === undefined || code > cur) out[i] = code;
    }
  }
  return out;
}

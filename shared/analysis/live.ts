// Live episode tracking for the recorder: fed each tick's frames, it raises "episode started",
// "episode turned sustained" and "episode ended" with the same rules as analyzeSession
// (ratio sources, freshness, merge gap, 60 s gauge smoothing), without re-reading the session.

import type { Level, TickInfo, VertexFrame } from '../model';
import { DEFAULT_SUSTAINED_AFTER_MS } from './analyze';
import { vertexKey } from '../keys';
import { levelCode, LEVELS } from './levels';
import {
  allocSubtaskBuffers,
  computeSubtaskRatios,
  RATIO_SOURCES,
  SOURCE_NONE,
  SRC_ENDPOINT,
  SRC_GAUGE,
  type RatioSource,
  type SubtaskBuffers,
} from './ratios';
import { DEFAULT_INTERVAL_MS } from './series';
import { GAP_FACTOR } from './thresholds';
import { gaugeWindowMs, parseFlinkVersion, type FlinkVersion } from '../flink-versions';

/** A change in one vertex's episode, raised by LiveEpisodeTracker.push. */
export interface EpisodeEvent {
  kind: 'episode-started' | 'episode-sustained' | 'episode-ended';
  clusterId: number;
  jobId: string;
  vertexId: string;
  start: number;
  /** Last backpressured sample so far. */
  end: number;
  peakLevel: Exclude<Level, 'OK'>;
  ratioSource: RatioSource;
}

export interface LiveOptions {
  sustainedAfterMs?: number;
  /** Default: two sample intervals. */
  mergeGapMs?: number;
  /** Poll interval the recorder uses (the effective sample interval). */
  intervalMs?: number;
  flinkVersion?: string | null;
}

interface VertexState {
  prev: VertexFrame | null;
  prevWall: number;
  prevHadServer: boolean;
  lastTs: number;
  lastServerTs: number | null;
  open: { start: number; end: number; peak: number; source: number; sustained: boolean } | null;
}

export class LiveEpisodeTracker {
  private readonly sustainedAfterMs: number;
  private readonly intervalMs: number;
  private readonly mergeGapMs: number;
  private readonly version: FlinkVersion | null;
  private readonly vertices = new Map<string, VertexState>();
  private buf: SubtaskBuffers = allocSubtaskBuffers(64);

  constructor(opts: LiveOptions = {}) {
    this.sustainedAfterMs = opts.sustainedAfterMs ?? DEFAULT_SUSTAINED_AFTER_MS;
    this.intervalMs = opts.intervalMs ?? DEFAULT_INTERVAL_MS;
    this.mergeGapMs = opts.mergeGapMs ?? 2 * this.intervalMs;
    this.version = parseFlinkVersion(opts.flinkVersion, 'prefix');
  }

  /** Feed one tick and the frames recorded at it; returns the events it caused. */
  push(tick: TickInfo | null, frames: readonly VertexFrame[]): EpisodeEvent[] {
    const events: EpisodeEvent[] = [];
    for (const f of frames) this.pushFrame(tick, f, events);
    return events;
  }

  private pushFrame(tick: TickInfo | null, f: VertexFrame, events: EpisodeEvent[]): void {
    const key = vertexKey(f.clusterId, f.jobId, f.vertexId);
    let st = this.vertices.get(key);
    if (!st) {
      st = { prev: null, prevWall: NaN, prevHadServer: false, lastTs: NaN, lastServerTs: null, open: null };
      this.vertices.set(key, st);
    }
    if (tick && tick.status !== 'error' && !tick.fresh) return;
    if (tick && tick.serverTs !== null && tick.serverTs === st.lastServerTs) return;
    if (f.ts <= st.lastTs) return;
    const hasServer = tick !== null && tick.serverTs !== null;
    const wall = hasServer ? tick.serverTs! : f.ts;
    const hole = f.ts - st.lastTs > GAP_FACTOR * this.intervalMs;
    const spanStart = Number.isNaN(st.lastTs) || hole ? f.ts - this.intervalMs : st.lastTs;
    st.lastTs = f.ts;
    if (hasServer) st.lastServerTs = tick.serverTs;

    let level = -1;
    let source = SOURCE_NONE;
    if (!tick || tick.status !== 'error') {
      const prev = hole ? null : st.prev;
      const dt = prev ? (hasServer && st.prevHadServer ? wall - st.prevWall : f.ts - prev.ts) : NaN;
      if (this.buf.ratio.length < f.parallelism) this.buf = allocSubtaskBuffers(f.parallelism);
      computeSubtaskRatios(prev, f, dt, this.buf);
      let max = -1;
      for (let i = 0; i < f.parallelism; i++) {
        const r = this.buf.ratio[i]!;
        if (r > max) max = r;
        const c = this.buf.source[i]!;
        if (r >= 0 && (source === SOURCE_NONE || c > source)) source = c;
      }
      level = levelCode(max);
      st.prev = f;
    } else st.prev = null;
    st.prevWall = wall;
    st.prevHadServer = hasServer;

    const o = st.open;
    if (level >= 1) {
      if (o && spanStart - o.end < this.mergeGapMs) {
        o.end = f.ts;
        if (level > o.peak) o.peak = level;
        if (source > o.source) o.source = source;
      } else {
        if (o) events.push(this.event('episode-ended', f, o));
        st.open = { start: spanStart, end: f.ts, peak: level, source, sustained: false };
        events.push(this.event('episode-started', f, st.open));
      }
      const cur = st.open!;
      if (!cur.sustained && this.effectiveDuration(cur) >= this.sustainedAfterMs) {
        cur.sustained = true;
        events.push(this.event('episode-sustained', f, cur));
      }
    } else if (o && f.ts - o.end >= this.mergeGapMs) {
      events.push(this.event('episode-ended', f, o));
      st.open = null;
    }
  }

  private effectiveDuration(o: { start: number; end: number; source: number }): number {
    const smoothed = o.source === SRC_GAUGE || o.source === SRC_ENDPOINT;
    const window = smoothed ? gaugeWindowMs(this.version) : 0;
    return o.end - o.start - Math.max(0, window - this.intervalMs);
  }

  private event(
    kind: EpisodeEvent['kind'],
    f: VertexFrame,
    o: { start: number; end: number; peak: number; source: number },
  ): EpisodeEvent {
    return {
      kind,
      clusterId: f.clusterId,
      jobId: f.jobId,
      vertexId: f.vertexId,
      start: o.start,
      end: o.end,
      peakLevel: LEVELS[o.peak] as 'LOW' | 'HIGH',
      ratioSource: RATIO_SOURCES[o.source === SOURCE_NONE ? 0 : o.source]!,
    };
  }
}

// The session-wide queries: what the session holds (sessionInfo), one page of the overview lanes
// and the markers over a window, and the tick nearest an instant. All of them read the cached metadata and the
// lanes only; no frame is decoded.

import path from 'node:path';
import { MAX_OVERVIEW_LANES, type OverviewResult, type SessionInfoResult } from '../../shared/api';
import { lastAtOrBefore } from '../../shared/sorted';
import { makeBuckets } from './buckets';
import { foldLevels } from './level-lanes';
import type { Meta } from './session-cache';
import type { SessionState } from './session-state';
import { TickMemo } from './tick-memo';

const MAX_LISTED_ERRORS = 200;

/** `canCapture`: this process records the session and can capture evidence on demand. */
export function sessionInfo(
  s: Pick<SessionState, 'reader' | 'meta' | 'liveWatch'>,
  canCapture = false,
): SessionInfoResult {
  const meta = s.meta();
  const info = meta.info;
  const errors = meta.ticks
    .filter((t) => t.status === 'error' || t.error !== null)
    .slice(-MAX_LISTED_ERRORS)
    .map((t) => ({ clusterId: t.clusterId, ts: t.ts, message: t.error ?? 'poll failed' }));
  return {
    fileName: path.basename(s.reader.path),
    clusters: meta.clusters,
    jobs: meta.jobs,
    vertices: meta.vertices,
    range: info.timeRange ? { from: info.timeRange.from, to: info.timeRange.to } : null,
    resolutionMs: info.resolutionMs,
    tickCount: info.ticks,
    gaps: info.gaps.map((g) => ({ clusterId: g.clusterId, from: g.from, to: g.to, reason: g.reason })),
    errors,
    live: s.liveWatch.live(meta),
    canCapture,
    source: info.source ?? null,
  };
}

type OverviewAsk = { from: number; to: number; buckets: number; lanes?: { offset: number; limit: number } };

/**
 * A viewer asks for the same overview more than once (the whole-session strip and a detail
 * window showing the whole session are one request; zooming back out repeats one), so answers
 * are kept per analysis run: the lanes show its levels.
 */
export function overviewQuery(
  s: Pick<SessionState, 'meta' | 'laneTrack'> & { analysis: { tag(): number } },
): (p: OverviewAsk) => OverviewResult {
  const overviews = new TickMemo<OverviewResult>(16);
  return (p) => {
    const meta = s.meta();
    const page = p.lanes ?? { offset: 0, limit: MAX_OVERVIEW_LANES };
    const key = `${s.analysis.tag()}/${p.from}/${p.to}/${p.buckets}/${page.offset}/${page.limit}`;
    return overviews.get(meta, key, () => overviewOf(s, meta, p, page));
  };
}

/** Only the page's vertices are folded (and their lane tracks built): a huge job costs one page. */
function overviewOf(
  s: Pick<SessionState, 'laneTrack'>,
  meta: Meta,
  p: OverviewAsk,
  page: { offset: number; limit: number },
): OverviewResult {
  const b = makeBuckets(p.from, p.to, p.buckets);
  const overlaps = (a: number, z: number) => z >= p.from && a <= p.to;
  return {
    from: p.from,
    to: p.to,
    bucketMs: b.width,
    laneCount: meta.vertices.length,
    laneOffset: page.offset,
    lanes: meta.vertices.slice(page.offset, page.offset + page.limit).map((v) => ({
      clusterId: v.clusterId,
      jobId: v.jobId,
      vertexId: v.vertexId,
      levels: foldLevels(s.laneTrack(meta, v), p.from, p.to, p.buckets),
    })),
    checkpoints: meta.checkpoints.filter((c) => overlaps(c.triggerTs, c.endTs)),
    gcWindows: meta.gcWindows.filter((g) => overlaps(g.start, g.end)),
    events: meta.events.filter((e) => overlaps(e.ts, e.ts)),
    gaps: meta.info.gaps
      .filter((g) => overlaps(g.from, g.to))
      .map((g) => ({ clusterId: g.clusterId, from: g.from, to: g.to, reason: g.reason })),
  };
}

/** The tick nearest `at` (step 0), or the one before or after it (step −1, +1), in sorted `times`. */
export function tickNear(times: ArrayLike<number>, p: { at: number; step: -1 | 0 | 1 }): { ts: number | null } {
  const t = times;
  if (t.length === 0) return { ts: null };
  const k = lastAtOrBefore(t, p.at);
  if (p.step === 0) {
    const before = k >= 0 ? t[k]! : null;
    const after = k + 1 < t.length ? t[k + 1]! : null;
    if (before === null) return { ts: after };
    if (after === null) return { ts: before };
    return { ts: p.at - before <= after - p.at ? before : after };
  }
  if (p.step < 0) {
    const j = k >= 0 && t[k] === p.at ? k - 1 : k;
    return { ts: j >= 0 ? t[j]! : null };
  }
  return { ts: k + 1 < t.length ? t[k + 1]! : null };
}

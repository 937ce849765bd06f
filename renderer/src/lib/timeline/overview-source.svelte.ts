// What the timeline draws, fetched: the whole session once per width (the strip, and the source
// lanes are resampled from right after a zoom) and the detail window whenever it moves, both for
// the page of vertex lanes on screen. Requests are coalesced (one in flight, the newest pending),
// so dragging never queues stale windows.

import { MAX_BUCKETS, type OverviewResult } from '../../../../shared/api';
import { errorText } from '../../../../shared/error-text';
import { coalesce } from '../latest';
import type { ApiClient } from '../api-client';
import { composeLanes } from '../lane-resample';
import type { Win } from '../window-math';

/** What the lanes show for a window: exact when fetched for it, else resampled from what is here. */
export type Shown = Omit<OverviewResult, 'bucketMs' | 'gaps'> & { exact: boolean };

/** Which vertex lanes to fetch (OverviewParams.lanes). */
export interface LanePage {
  offset: number;
  limit: number;
}

export const bucketsFor = (width: number): number => Math.max(1, Math.min(MAX_BUCKETS, Math.floor(width)));

export class OverviewSource {
  // Raw (not deeply reactive): thousands of level codes per lane are only ever replaced whole.
  whole = $state.raw<OverviewResult | null>(null);
  detail = $state.raw<OverviewResult | null>(null);
  error = $state<string | null>(null);
  private readonly fetchWhole;
  private readonly fetchDetail;

  constructor(client: ApiClient) {
    const call = (a: { w: Win; buckets: number; page: LanePage }) =>
      client.call('overview', { from: a.w.from, to: a.w.to, buckets: a.buckets, lanes: a.page });
    this.fetchWhole = coalesce(
      call,
      (r) => (this.whole = r),
      (e) => (this.error = errorText(e)),
    );
    this.fetchDetail = coalesce(
      call,
      (r) => {
        this.detail = r;
        this.error = null;
      },
      (e) => (this.error = errorText(e)),
    );
  }

  requestWhole(w: Win, buckets: number, page: LanePage): void {
    this.fetchWhole.request({ w: { ...w }, buckets, page: { ...page } });
  }

  requestDetail(w: Win, buckets: number, page: LanePage): void {
    this.fetchDetail.request({ w: { ...w }, buckets, page: { ...page } });
  }

  /**
   * The lanes for window w: the fetched detail when it is for this very window, else (right
   * after a zoom or pan) lanes resampled from what is already here, so the redraw is immediate
   * and the exact buckets replace them when they arrive. Answers for the page at `laneOffset` are
   * preferred; right after a page change the previous page stays until the new one arrives.
   */
  shownFor(w: Win, buckets: number, laneOffset: number): Shown | null {
    const onPage = (r: OverviewResult | null) => (r?.laneOffset === laneOffset ? r : null);
    const paged = onPage(this.detail) ?? onPage(this.whole);
    const d = paged ? onPage(this.detail) : this.detail;
    const whole = paged ? onPage(this.whole) : this.whole;
    if (d && d.from === w.from && d.to === w.to) return { ...d, exact: d.laneOffset === laneOffset };
    const base = d ?? whole;
    if (!base) return null;
    const items = this.whole ?? base;
    return {
      from: w.from,
      to: w.to,
      laneCount: base.laneCount,
      laneOffset: base.laneOffset,
      lanes: composeLanes([d, whole], w, buckets),
      checkpoints: items.checkpoints,
      gcWindows: items.gcWindows,
      events: items.events,
      exact: false,
    };
  }
}

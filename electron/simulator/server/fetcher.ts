// Flink's MetricFetcher: lazy and rate-limited. A metric, backpressure or watermark request
// calls update(); a new snapshot of the model is taken only when `intervalMs` of model time has
// passed since the last one, so polling faster than the interval returns repeats.
// The real fetch is asynchronous: the triggering request stamps the new fetch time at once
// (getLastUpdateTime, what `/backpressure` answers as its end-timestamp) while the TaskManagers'
// answers arrive later, so requests in between still read the old store. `latencyMs` (model time)
// plays that; 0 takes the snapshot before the triggering request is answered.

import type { EpochMs } from '../../../shared/time';
import type { SimClusterView } from '../types';
import type { MetricStore } from '../versions/metric-store';
import { buildMetricStore } from '../versions/metric-store';
import type { VersionProfile } from '../versions/profile';

export class MetricFetcher {
  private store: MetricStore | null = null;
  /** A fetch started but not yet landed (latencyMs > 0). */
  private pending: MetricStore | null = null;
  private fetches = 0;

  constructor(
    private readonly view: () => SimClusterView,
    private readonly profile: VersionProfile,
    readonly intervalMs: number,
    readonly latencyMs = 0,
  ) {}

  /** Returns the store, starting a fetch first when the fetch interval has passed. */
  update(): MetricStore {
    const view = this.view();
    if (this.pending && view.now - this.pending.fetchedAt >= this.latencyMs) {
      this.store = this.pending;
      this.pending = null;
    }
    const started = this.pending ?? this.store;
    // Flink wants strictly more than the interval; model time has no jitter, so a poll exactly one
    // interval later counts as due here (otherwise every other poll would be a repeat).
    if (!started || view.now - started.fetchedAt >= this.intervalMs) {
      const next = buildMetricStore(view, this.profile, started);
      this.fetches++;
      if (this.latencyMs > 0 && this.store) this.pending = next;
      else this.store = next;
    }
    return this.store!;
  }

  /** MetricFetcher.getLastUpdateTime(): when the last fetch started (model time). */
  lastUpdateTime(): EpochMs | null {
    return (this.pending ?? this.store)?.fetchedAt ?? null;
  }

  fetchCount(): number {
    return this.fetches;
  }
}

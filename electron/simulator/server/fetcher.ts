// Flink's MetricFetcher: lazy and rate-limited. A metric, backpressure or watermark request
// calls update(); a new snapshot of the model is taken only when `intervalMs` of model time has
// passed since the last one, so polling faster than the interval returns repeats.
// Simplification: the real fetch is asynchronous (the triggering request can still see the old
// store); here the snapshot is taken synchronously before the request is answered.

import type { EpochMs } from '../../../shared/time';
import type { SimClusterView } from '../types';
import type { MetricStore } from '../versions/metric-store';
import { buildMetricStore } from '../versions/metric-store';
import type { VersionProfile } from '../versions/profile';

export class MetricFetcher {
  private store: MetricStore | null = null;
  private fetches = 0;

  constructor(
    private readonly view: () => SimClusterView,
    private readonly profile: VersionProfile,
    readonly intervalMs: number,
  ) {}

  /** Returns the store, refreshing it first when the fetch interval has passed. */
  update(): MetricStore {
    const view = this.view();
    // Flink wants strictly more than the interval; model time has no jitter, so a poll exactly one
    // interval later counts as due here (otherwise every other poll would be a repeat).
    if (!this.store || view.now - this.store.fetchedAt >= this.intervalMs) {
      this.store = buildMetricStore(view, this.profile, this.store);
      this.fetches++;
    }
    return this.store;
  }

  /** MetricFetcher.getLastUpdateTime(): when the last fetch started (model time). */
  lastUpdateTime(): EpochMs | null {
    return this.store?.fetchedAt ?? null;
  }

  fetchCount(): number {
    return this.fetches;
  }
}

// PrometheusReporter reads the metrics at scrape time, not through the JobManager's MetricFetcher:
// each scrape sees the model as it is then. One snapshot per model instant serves every process's
// endpoint; the GC meters are rated against a snapshot at least one MeterView update (5 s) older.

import type { SimClusterView } from '../types';
import type { MetricStore } from '../versions/metric-store';
import { buildMetricStore } from '../versions/metric-store';
import type { VersionProfile } from '../versions/profile';

const METER_UPDATE_MS = 5_000;

export class LiveMetricStore {
  private current: MetricStore | null = null;
  private rateBase: MetricStore | null = null;

  constructor(
    private readonly view: SimClusterView,
    private readonly profile: VersionProfile,
  ) {}

  snapshot(): MetricStore {
    const now = this.view.now;
    if (this.current?.fetchedAt === now) return this.current;
    if (this.current && (!this.rateBase || this.current.fetchedAt - this.rateBase.fetchedAt >= METER_UPDATE_MS)) {
      this.rateBase = this.current;
    }
    this.current = buildMetricStore(this.view, this.profile, this.rateBase);
    return this.current;
  }
}

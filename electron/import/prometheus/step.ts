// The import's resolution: the store's scrape interval by default, read from the raw samples of
// one series (the median spacing of its timestamps), never coarser than the user asked.

import type { PrometheusClient } from '../../prometheus/client';
import type { RangeSeries } from '../../prometheus/range';

/** How far back the probe looks for samples: enough for a few 1-minute scrapes, little data at 1 s. */
const PROBE_RANGE_MS = 10 * 60_000;

/**
 * The median spacing of the samples, rounded as scrape intervals are configured: to whole seconds
 * (to 100 ms below one), since the stored timestamps carry a few ms of scheduling jitter.
 * Null with fewer than two samples.
 */
export function scrapeInterval(series: readonly RangeSeries[]): number | null {
  const gaps: number[] = [];
  for (const s of series)
    for (let i = 1; i < s.timestamps.length; i++) gaps.push(s.timestamps[i]! - s.timestamps[i - 1]!);
  if (gaps.length === 0) return null;
  gaps.sort((a, b) => a - b);
  const median = gaps[Math.floor(gaps.length / 2)]!;
  const unit = median >= 950 ? 1000 : 100;
  return Math.max(unit, Math.round(median / unit) * unit);
}

/** The scrape interval of the first series `selector` matches (give it one) around the window's end, or null if it cannot be told. */
export async function detectScrapeInterval(
  client: PrometheusClient,
  selector: string,
  window: { start: number; end: number },
): Promise<number | null> {
  const range = Math.min(PROBE_RANGE_MS, Math.max(1000, window.end - window.start));
  const series = await client.rawSamples(selector, range, window.end);
  return scrapeInterval(series.slice(0, 1));
}

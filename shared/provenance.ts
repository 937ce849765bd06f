// Where a session's data came from when it was not recorded over Flink's REST API: the store it
// was imported from (URL without credentials), what was asked of it (selector, jobs, step, window)
// and whether it was followed live. Shown by `backflow info`, the session info panel and reports.
// Pure: no Node or DOM API.

import { formatDuration, formatInstant } from './time';

export interface SessionSource {
  kind: 'prometheus';
  /** The store's URL without userinfo, query or fragment. */
  url: string;
  /** `--match` label matchers as given; null = none. */
  selector: string | null;
  /** `--job` names or ids as given; empty = every job in the window. */
  jobs: string[];
  /** The import's step (resolution) in ms. */
  stepMs: number;
  /** Whether the step was read from the stored samples (the scrape interval) rather than given. */
  stepFromScrape: boolean;
  /** The window asked for (epoch ms); `to` is the last instant imported while following, null before the first. */
  from: number;
  to: number | null;
  /** Imported with --follow: kept importing new samples as they arrived. */
  follow: boolean;
  /** Where the job graph came from (`--topology-from`, without credentials); null = the store only, no edges. */
  topologyFrom: string | null;
}

/** One line, e.g. `imported from Prometheus http://prom:9090 {cluster="prod"}, jobs: all, step 15s (scrape interval), window 09:00:00 – 10:00:00`. */
export function describeSource(s: SessionSource): string {
  const parts = [
    `imported from Prometheus ${s.url}${s.selector ? ` ${s.selector.startsWith('{') ? s.selector : `{${s.selector}}`}` : ''}`,
    `jobs: ${s.jobs.length === 0 ? 'all in the window' : s.jobs.join(', ')}`,
    `step ${formatDuration(s.stepMs)}${s.stepFromScrape ? ' (scrape interval)' : ''}`,
    `window ${formatInstant(s.from)} – ${s.to === null ? '…' : formatInstant(s.to)}${s.follow ? ' (followed live)' : ''}`,
    s.topologyFrom ? `job graph from ${s.topologyFrom}` : 'no job graph (no edges)',
  ];
  return parts.join(', ');
}

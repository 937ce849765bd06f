// The JobManager refreshes its metric store on demand: a metrics request that finds the store older
// than `metrics.fetcher.update-interval` stamps the new fetch time at once (what `/backpressure`'s
// end-timestamp shows) and asks the TaskManagers in the background. Polling at the fetch interval,
// the recorder's own first request of a tick is what starts that fetch, so the tick's other requests
// raced it: on real Flink 1.17 at 10 s, one answer of a tick came from the new fetch and the next from
// the old (a vertex's summed counters stood still while its per-subtask ones moved, then the reverse).
// Waiting a moment after a new fetch time, once per fetch and cluster, lets the store fill first.

/**
 * How long to let a fetch land: a fifth of the poll interval (the tick keeps the rest of its
 * deadline), 500 ms at most. Measured on real 1.20.5 with 2 TaskManagers on a loaded 2-core
 * machine: the new values were readable 65–125 ms after the request that started the fetch.
 */
export function settleMs(pollIntervalMs: number): number {
  return Math.min(500, Math.round(pollIntervalMs * 0.2));
}

export class FetchSettle {
  private last: { serverTs: number; done: Promise<void> } | null = null;

  constructor(
    private readonly waitMs: () => number,
    private readonly wait: (ms: number) => Promise<void>,
  ) {}

  /** Resolves once the fetch stamped `serverTs` had its moment; at once for a fetch already waited for. */
  after(serverTs: number): Promise<void> {
    if (this.last?.serverTs === serverTs) return this.last.done;
    const done = this.wait(this.waitMs());
    this.last = { serverTs, done };
    return done;
  }
}

// Which vertices a tick asks about when a job is too big for one tick's request budget (a
// 10 000-vertex job would otherwise cost 20 000+ requests per tick). Pure: the job poller keeps
// what it learned of each vertex, this orders them. Backpressured vertices first, then busy ones,
// then those downstream of backpressure (the bottleneck candidates), then the rest round-robin,
// least recently polled first, so every vertex is seen within a bounded number of ticks.

export interface PlanVertex {
  id: string;
  /** Last known backpressure and busy fractions (exact where counters exist), 0 when unknown. */
  backpressure: number;
  busy: number;
  /** Directly downstream of a backpressured vertex. */
  downstreamOfBackpressure: boolean;
  /** Sequence number of the tick that last polled it (−1: never). */
  lastPolled: number;
  /** Requests one basic poll of it costs (backpressure, aggregates, and first-time lookups). */
  cost: number;
}

export const HOT_BACKPRESSURE = 0.1;
export const HOT_BUSY = 0.5;

export function priorityOf(v: PlanVertex): number {
  if (v.backpressure > HOT_BACKPRESSURE) return 0;
  if (v.busy > HOT_BUSY) return 1;
  if (v.downstreamOfBackpressure) return 2;
  return 3;
}

/** Vertices in the order they should be asked about. */
export function pollOrder<V extends PlanVertex>(vertices: readonly V[]): V[] {
  return vertices
    .map((v, i) => ({ v, i, p: priorityOf(v) }))
    .sort((a, b) => a.p - b.p || (a.p === 3 ? a.v.lastPolled - b.v.lastPolled : 0) || a.i - b.i)
    .map((x) => x.v);
}

/**
 * The vertices to poll within `budget` requests, in poll order, and how many were left out.
 * `reserve` of the budget is kept for the per-subtask detail of the hot ones.
 */
export function planPoll<V extends PlanVertex>(
  vertices: readonly V[],
  budget: number,
  reserve = 0,
): { poll: V[]; skipped: V[] } {
  const ordered = pollOrder(vertices);
  if (!Number.isFinite(budget)) return { poll: ordered, skipped: [] };
  const poll: V[] = [];
  const skipped: V[] = [];
  let left = Math.max(0, budget - reserve);
  for (const v of ordered) {
    if (v.cost <= left) {
      poll.push(v);
      left -= v.cost;
    } else skipped.push(v);
  }
  return { poll, skipped };
}

// What one tick may spend on one cluster: a deadline derived from the poll interval, and caps on
// requests and response bytes. The recorder opens a budget around each cluster's poll; the
// transport consults it before every attempt, so no caller has to thread it through. Whatever is
// not asked (deadline passed, budget spent, endpoint backed off) fails fast with its own kind and
// becomes a missing value of a partial tick: the tick ends on time and the cadence holds.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface TickLimits {
  /** performance.now() instant after which nothing more is asked. */
  deadline: number;
  maxRequests: number;
  maxBytes: number;
  /** The cluster's slow endpoints (outlives the tick). */
  backoff: EndpointBackoff;
}

export interface TickBudget extends TickLimits {
  requests: number;
  bytes: number;
  /** Requests planners must leave for a later part of the tick (the hard cap ignores it). */
  reserved: number;
  /** Requests not sent, by reason: what the status line and the session report. */
  skipped: { deadline: number; budget: number; backedOff: number };
  /** Failed or unsent requests by `kind route` (bounded: routes, not ids): what `info` counts. */
  problems: Map<string, number>;
}

/** Distinct problem keys a tick keeps; more are counted under one "other" key. */
const MAX_PROBLEM_KEYS = 64;

export function countProblem(b: TickBudget, kind: string, route: string): void {
  const key =
    b.problems.size >= MAX_PROBLEM_KEYS && !b.problems.has(`${kind} ${route}`)
      ? `${kind} (other endpoints)`
      : `${kind} ${route}`;
  b.problems.set(key, (b.problems.get(key) ?? 0) + 1);
}

const current = new AsyncLocalStorage<TickBudget>();

export function openTickBudget(limits: TickLimits): TickBudget {
  return {
    ...limits,
    requests: 0,
    bytes: 0,
    reserved: 0,
    skipped: { deadline: 0, budget: 0, backedOff: 0 },
    problems: new Map(),
  };
}

/** Runs `fn` with `budget` as the budget of every request it makes (also in callbacks it awaits). */
export function withTickBudget<T>(budget: TickBudget, fn: () => Promise<T>): Promise<T> {
  return current.run(budget, fn);
}

/** Runs `fn` outside any tick budget: a request that may outlive its tick (the transport's own timeouts apply). */
export function outsideTickBudget<T>(fn: () => Promise<T>): Promise<T> {
  return current.exit(fn);
}

export function currentTickBudget(): TickBudget | undefined {
  return current.getStore();
}

/** Requests a tick could still plan for (Infinity outside a budget). */
export function requestsLeft(b: TickBudget | undefined = currentTickBudget()): number {
  return b ? Math.max(0, b.maxRequests - b.requests - b.reserved) : Infinity;
}

/**
 * Slow endpoints, backed off one by one and counted in ticks (so a simulated clock or a late tick
 * does not change it): after a second timeout in a row an API path skips the next tick, after a
 * third the next three, doubling up to `maxTicks`; one answer in time forgives it. Misses on the
 * first tick do not count: its connections are cold, and with twenty clusters starting at once the
 * recorder itself is the slow part (measured: healthy clusters kept partial for ticks after).
 */
export class EndpointBackoff {
  private tick = 0;
  private readonly strikes = new Map<string, { count: number; until: number }>();

  constructor(
    private readonly maxTicks: number,
    /** Bounds memory whatever the number of endpoints (a 10 000-vertex job). */
    private readonly maxEntries = 4096,
  ) {}

  beginTick(): void {
    this.tick++;
  }

  /** Ticks `path` still sits out, this one included (0: ask now). */
  ticksLeft(path: string): number {
    const s = this.strikes.get(path);
    return s && s.until >= this.tick ? s.until - this.tick + 1 : 0;
  }

  timedOut(path: string): void {
    if (this.tick <= 1) return;
    const count = (this.strikes.get(path)?.count ?? 0) + 1;
    this.strikes.delete(path);
    if (this.strikes.size >= this.maxEntries) this.strikes.delete(this.strikes.keys().next().value!);
    this.strikes.set(path, { count, until: this.tick + Math.min(this.maxTicks, 2 ** (count - 1) - 1) });
  }

  answered(path: string): void {
    this.strikes.delete(path);
  }

  get size(): number {
    return this.strikes.size;
  }
}

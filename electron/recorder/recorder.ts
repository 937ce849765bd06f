// Records one or more clusters into one session file. Each cluster has its own loop, so a slow or
// dead cluster never delays the others; all ticks land on one wall-clock timeline. Every tick is
// written in one transaction (SessionWriter.writeTick), so a crash loses at most the tick in
// flight. A write failure (disk full) stops recording with the writer's specific error; what was
// written before stays readable.
import { setMaxListeners } from 'node:events';
import type { SessionWriter, TickBatch } from '../session/index';
import { SessionFileError } from '../session/index';
import type { ClusterId, TickStatus } from '../../shared/model';
import { epochMs, type EpochMs } from '../../shared/time';
import { FlinkClient } from '../flink/index';
import { ClusterPoller, type ClusterTarget, type TickCaps } from './cluster-poller';
import type { CaptureRequestAnswer } from './evidence/capture';
import type { DetailLevel } from './job-poller';

export interface RecorderOptions {
  writer: SessionWriter;
  targets: readonly ClusterTarget[];
  intervalMs: number;
  detail: DetailLevel;
  /** Per cluster and tick: requests and response bytes at most (DEFAULT_TICK_CAPS). */
  tickCaps?: TickCaps;
  /** The timeline's clock; the demo passes the simulated cluster's clock. */
  clock?: () => EpochMs;
  /** Waits `ms` of the recorder's clock (the demo divides by its speed). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  onTick?: (status: RecorderStatus) => void;
  onNotice?: (message: string) => void;
  /** Capture flame graphs and thread dumps when an episode turns sustained (default true). */
  evidence?: boolean;
  /** When an episode counts as sustained (the analysis' default when unset). */
  sustainedAfterMs?: number;
}

export interface ClusterStatus {
  clusterId: ClusterId;
  url: string;
  ticks: number;
  lastStatus: TickStatus | null;
  lastError: string | null;
  lastLatencyMs: number | null;
  lastRequests: number;
  /** Ticks whose answers the JobManager had not refreshed since the previous one. */
  repeated: number;
  /** Whether the last tick brought new data (null before the first). */
  lastFresh: boolean | null;
  /** What the last tick's limits left out: requests not sent, vertices not polled. */
  lastSkipped: { requests: number; vertices: number };
}

export interface RecorderStatus {
  startedAt: EpochMs;
  now: EpochMs;
  ticks: number;
  clusters: ClusterStatus[];
  /** Set when recording stopped because the session could not be written. */
  fatal: string | null;
}

/** Upper bound of the wait before asking again after a repeated answer. */
const REPOLL_MAX_MS = 2000;

export function realSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, Math.max(0, ms));
    function done(): void {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Checks every target's URL, TLS files and limits (a plain Error naming the problem), so a bad
 * flag is reported before a session file or cluster row is created.
 */
export function validateTargets(targets: readonly ClusterTarget[]): void {
  for (const target of targets) new FlinkClient(target.connection).close();
}

export class Recorder {
  private readonly pollers: ClusterPoller[] = [];
  private readonly statuses: ClusterStatus[] = [];
  private readonly clock: () => EpochMs;
  private readonly startedAt: EpochMs;
  private fatal: SessionFileError | null = null;
  private readonly stop = new AbortController();

  constructor(private readonly opts: RecorderOptions) {
    if (opts.targets.length === 0) throw new Error('nothing to record: no cluster URL given');
    this.clock = opts.clock ?? (() => epochMs(Date.now()));
    this.startedAt = this.clock();
    validateTargets(opts.targets);
    // Every cluster's loop sleeps on this signal: past 10 clusters Node would warn of a leak.
    setMaxListeners(2 * opts.targets.length + 10, this.stop.signal);
    for (const target of opts.targets) {
      const id = opts.writer.addCluster({
        url: target.connection.url,
        flinkVersion: null,
        fetchIntervalMs: null,
        pollIntervalMs: opts.intervalMs,
      });
      const evidence = opts.evidence === false ? null : { sustainedAfterMs: opts.sustainedAfterMs };
      const poller = new ClusterPoller(
        id,
        target,
        opts.intervalMs,
        opts.detail,
        opts.tickCaps,
        evidence,
        this.settleWait(),
      );
      this.pollers.push(poller);
      this.statuses.push({
        clusterId: id,
        url: poller.url,
        ticks: 0,
        lastStatus: null,
        lastError: null,
        lastLatencyMs: null,
        lastRequests: 0,
        repeated: 0,
        lastFresh: null,
        lastSkipped: { requests: 0, vertices: 0 },
      });
    }
  }

  status(): RecorderStatus {
    return {
      startedAt: this.startedAt,
      now: this.clock(),
      ticks: this.statuses.reduce((n, s) => n + s.ticks, 0),
      clusters: this.statuses.map((s) => ({ ...s })),
      fatal: this.fatal?.message ?? null,
    };
  }

  /** Polls every cluster once, concurrently (tests and single-step use). */
  async pollOnce(): Promise<void> {
    const ts = this.clock();
    await Promise.all(this.pollers.map((p, i) => this.pollCluster(p, this.statuses[i]!, ts)));
    if (this.fatal) throw this.fatal;
  }

  /**
   * How a tick waits for a JobManager metric fetch to land (fetch-settle.ts): on the recorder's clock.
   * A clock its owner steps between polls (no sleep given) stands still inside a tick, so no fetch
   * can land there and there is nothing to wait for.
   */
  private settleWait(): ((ms: number) => Promise<void>) | null {
    const { sleep, clock } = this.opts;
    if (sleep) return (ms) => sleep(ms, this.stop.signal);
    return clock ? null : (ms) => realSleep(ms, this.stop.signal);
  }

  /** Records until `until` (recorder clock), stop(), or a fatal write error. */
  async run(until: EpochMs | null = null): Promise<RecorderStatus> {
    const sleep = this.opts.sleep ?? realSleep;
    const signal = this.stop.signal;
    await Promise.all(
      this.pollers.map(async (poller, i) => {
        // Ticks are aligned to the interval from the start, skipping slots that a slow poll overran.
        const status = this.statuses[i]!;
        let next: number = this.clock();
        while (!signal.aborted && (until === null || next <= until)) {
          await this.pollCluster(poller, status, epochMs(next));
          if (this.fatal) break;
          // Polling at the JobManager's own refresh interval aliases with it: a poll that comes a
          // moment before the refresh is due gets the previous answer again. Ask once more shortly
          // after and keep that phase, instead of losing the whole interval.
          if (
            status.lastStatus !== 'error' &&
            status.lastFresh === false &&
            poller.fetchIntervalMs <= this.opts.intervalMs
          ) {
            const retryMs = Math.min(REPOLL_MAX_MS, this.opts.intervalMs / 5);
            await sleep(retryMs, signal);
            if (signal.aborted || (until !== null && this.clock() > until)) break;
            // A coarse clock (a fast simulated one) may not have moved: ticks must still advance.
            next = Math.max(this.clock(), next + 1);
            await this.pollCluster(poller, status, epochMs(next));
            if (this.fatal) break;
          }
          const now = this.clock();
          next += this.opts.intervalMs;
          if (next <= now) next += Math.ceil((now - next + 1) / this.opts.intervalMs) * this.opts.intervalMs;
          if (until !== null && next > until) break;
          await sleep(next - now, signal);
        }
      }),
    );
    for (const p of this.pollers) p.close();
    if (this.fatal) throw this.fatal;
    return this.status();
  }

  /** A user asks for evidence of one vertex now: its cluster's capture starts it at the next tick. */
  requestEvidence(r: { clusterId: number; jobId: string; vertexId: string }): CaptureRequestAnswer {
    if (this.stop.signal.aborted) return { accepted: false, message: 'the recording has stopped' };
    const poller = this.pollers.find((p) => p.clusterId === r.clusterId);
    if (!poller) return { accepted: false, message: `cluster ${r.clusterId} is not recorded here` };
    return poller.requestEvidence(r.jobId, r.vertexId);
  }

  /** Ends run() after the ticks in flight are written. */
  requestStop(): void {
    this.stop.abort();
  }

  close(): void {
    this.requestStop();
    for (const p of this.pollers) p.close();
  }

  /**
   * A record the session refuses (a value no Flink should send) costs that tick's data, not the
   * recording: the tick is kept as an error with the reason. Disk and file errors stay fatal.
   */
  private writeTick(batch: TickBatch): void {
    try {
      this.opts.writer.writeTick(batch);
    } catch (e) {
      if (!(e instanceof SessionFileError) || e.kind !== 'invalid-input') throw e;
      batch.tick.status = 'error';
      batch.tick.fresh = false;
      batch.tick.error = `not stored: ${e.message}`;
      this.opts.writer.writeTick({ tick: batch.tick });
    }
  }

  private async pollCluster(poller: ClusterPoller, status: ClusterStatus, ts: EpochMs): Promise<void> {
    if (this.fatal) return;
    const r = await poller.poll(epochMs(ts));
    const w = this.opts.writer;
    try {
      if (r.cluster) w.updateCluster(poller.clusterId, r.cluster);
      for (const d of r.declarations) {
        w.upsertJob(d.job, ts);
        w.upsertVertices(ts, d.vertices);
        w.setEdges(poller.clusterId, d.job.jobId, ts, d.edges);
      }
      this.writeTick(r.batch);
    } catch (e) {
      if (!(e instanceof SessionFileError)) throw e;
      this.fatal = e;
      this.stop.abort();
      return;
    }
    for (const n of r.notices) this.opts.onNotice?.(n);
    const tick = r.batch.tick;
    status.ticks++;
    status.lastStatus = tick.status;
    status.lastError = tick.error;
    status.lastLatencyMs = tick.latencyMs;
    status.lastRequests = tick.requests;
    if (tick.status !== 'error' && !tick.fresh) status.repeated++;
    status.lastFresh = tick.fresh;
    status.lastSkipped = { ...poller.lastSkipped };
    this.opts.onTick?.(this.status());
  }
}

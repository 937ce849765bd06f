// A simulated Flink cluster: a model, a clock that moves it, and a loopback HTTP server that
// answers the Flink REST API of a chosen version from it.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EpochMs } from '../../../shared/time';
import { epochMs } from '../../../shared/time';
import { createSimulation } from '../model/index';
import type { SimModel } from '../types';
import { FlameGraphSampler } from '../evidence/flame-graph';
import { BackpressureSampler } from '../versions/backpressure';
import { DEFAULT_CHECKPOINT_HISTORY, DEFAULT_FETCH_INTERVAL_MS } from '../versions/cluster-info';
import type { WireContext } from '../versions/context';
import type { SimulatedVersion } from '../versions/profile';
import { profileFor } from '../versions/profile';
import type { SimFault } from './faults';
import { FaultInjector } from './faults';
import { MetricFetcher } from './fetcher';
import { handleRequest } from './http';

export interface SimulatedClusterOptions {
  scenario: string;
  seed?: number;
  flinkVersion?: SimulatedVersion;
  host?: '127.0.0.1';
  /** 0 (default) = any free port. */
  port?: number;
  /** manual: time moves only via advance(); realtime: wall time × speed. */
  clock?: 'realtime' | 'manual';
  speed?: number;
  /** metrics.fetcher.update-interval (ms). */
  fetchIntervalMs?: number;
  /** Model time a metric fetch takes to land in the store after the request that started it (default 0). */
  fetchLatencyMs?: number;
  /** web.checkpoints.history. */
  checkpointHistory?: number;
  startTime?: EpochMs;
  /** Use this model instead of creating one for `scenario`. */
  model?: SimModel;
  /** rest.flamegraph.enabled (default true, so the demo shows evidence); `samplingMs` stretches a sampling. */
  flameGraphs?: { enabled: boolean; samplingMs?: number };
}

export interface SimulatedCluster {
  url: string;
  port: number;
  model: SimModel;
  flinkVersion: SimulatedVersion;
  advance(ms: number): void;
  now(): EpochMs;
  injectFault(f: SimFault): void;
  clearFaults(): void;
  requestCount(): number;
  /** Metric fetches so far (each one a fresh snapshot of the model). */
  fetchCount(): number;
  close(): Promise<void>;
}

const REALTIME_TICK_MS = 100;
const WEB_REFRESH_INTERVAL_MS = 3000;
const EXCEPTION_HISTORY_SIZE = 16;

function check(ok: boolean, message: string): void {
  if (!ok) throw new Error(message);
}

export async function startSimulatedCluster(opts: SimulatedClusterOptions): Promise<SimulatedCluster> {
  const flinkVersion = opts.flinkVersion ?? '1.20';
  const profile = profileFor(flinkVersion);
  const speed = opts.speed ?? 1;
  const fetchIntervalMs = opts.fetchIntervalMs ?? DEFAULT_FETCH_INTERVAL_MS;
  const checkpointHistory = opts.checkpointHistory ?? DEFAULT_CHECKPOINT_HISTORY;
  const port = opts.port ?? 0;
  check(Number.isFinite(speed) && speed > 0, `speed must be a positive number, got ${speed}`);
  check(
    Number.isFinite(fetchIntervalMs) && fetchIntervalMs > 0,
    `fetch interval must be positive, got ${fetchIntervalMs} ms`,
  );
  check(
    Number.isInteger(checkpointHistory) && checkpointHistory >= 1,
    `checkpoint history must be a whole number ≥ 1, got ${checkpointHistory}`,
  );
  check(Number.isInteger(port) && port >= 0 && port <= 65535, `port must be 0–65535, got ${port}`);
  const host = opts.host ?? '127.0.0.1';

  const model =
    opts.model ??
    createSimulation({
      scenario: opts.scenario,
      seed: opts.seed ?? 1,
      startTime: opts.startTime ?? epochMs(Date.now()),
    });
  const fetcher = new MetricFetcher(() => model, profile, fetchIntervalMs, opts.fetchLatencyMs ?? 0);
  const faults = new FaultInjector();
  const sampler = new BackpressureSampler();
  const flameGraphs = new FlameGraphSampler(opts.flameGraphs?.enabled ?? true, opts.flameGraphs?.samplingMs);
  const graphCache = new Map<string, { at: number; body: string }>();
  let requests = 0;
  let boundPort = port;
  const context = (): WireContext => ({
    profile,
    view: model,
    metrics: fetcher,
    config: {
      fetchIntervalMs,
      checkpointHistory,
      refreshIntervalMs: WEB_REFRESH_INTERVAL_MS,
      exceptionHistorySize: EXCEPTION_HISTORY_SIZE,
    },
  });

  // Large enough that over-long request lines reach the handler, which answers like Netty.
  const server = http.createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => {
    requests++;
    handleRequest(req, res, { context, graphCache, faults, sampler, flameGraphs, restPort: () => boundPort });
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      reject(e.code === 'EADDRINUSE' ? new Error(`port ${port} is already in use`) : e);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  boundPort = (server.address() as AddressInfo).port;

  let timer: NodeJS.Timeout | null = null;
  if ((opts.clock ?? 'manual') === 'realtime') {
    let last = Date.now();
    timer = setInterval(() => {
      const t = Date.now();
      model.advance((t - last) * speed);
      last = t;
    }, REALTIME_TICK_MS);
    timer.unref();
  }

  return {
    url: `http://${host}:${boundPort}`,
    port: boundPort,
    model,
    flinkVersion,
    advance: (ms: number) => {
      check(Number.isFinite(ms) && ms >= 0, `advance needs a non-negative duration, got ${ms}`);
      model.advance(ms);
    },
    now: () => model.now,
    injectFault: (f) => faults.inject(f),
    clearFaults: () => faults.clear(),
    requestCount: () => requests,
    fetchCount: () => fetcher.fetchCount(),
    close: async () => {
      if (timer) clearInterval(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

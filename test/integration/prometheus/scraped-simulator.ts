// A simulated cluster whose PrometheusReporter endpoints a real Prometheus scrapes every second:
// the chain the Prometheus tests run on. stop() ends all three and removes Prometheus' folder.

import {
  startSimulatedCluster,
  type SimulatedCluster,
  type SimulatedClusterOptions,
} from '../../../electron/simulator';
import { startPrometheusEndpoints, type PrometheusEndpoints } from '../../../electron/simulator/prometheus';
import { startPrometheus, type RealPrometheus } from './real-prometheus';

export interface ScrapedSimulator {
  cluster: SimulatedCluster;
  endpoints: PrometheusEndpoints;
  prometheus: RealPrometheus;
  stop(): Promise<void>;
}

export async function startScrapedSimulator(opts: SimulatedClusterOptions, intervalS = 1): Promise<ScrapedSimulator> {
  const cluster = await startSimulatedCluster(opts);
  let endpoints: PrometheusEndpoints | undefined;
  let prometheus: RealPrometheus | undefined;
  const stop = async () => {
    await prometheus?.stop();
    await endpoints?.close();
    await cluster.close();
  };
  try {
    endpoints = await startPrometheusEndpoints({ model: cluster.model, flinkVersion: cluster.flinkVersion, port: 0 });
    prometheus = await startPrometheus(
      endpoints.all.map((e) => `127.0.0.1:${e.port}`),
      intervalS,
    );
  } catch (e) {
    await stop();
    throw e;
  }
  return { cluster, endpoints, prometheus, stop };
}

/** Polls `f` until it gives a value (not null), or fails after `timeoutMs`. */
export async function eventually<T>(f: () => Promise<T | null>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v !== null) return v;
    if (Date.now() > until) throw new Error(`nothing after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Waits until the store holds at least `scrapes` scrapes (in the last minute) of every target it
 * knows, and of `targets` of them when given: the first read then has a scrape interval to tell.
 */
export async function scrapedAtLeast(prometheusUrl: string, scrapes: number, targets?: number): Promise<void> {
  await eventually(async () => {
    const r = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent('count_over_time(up[1m])')}`);
    const body = (await r.json()) as { data: { result: Array<{ value: [number, string] }> } };
    const found = body.data.result;
    const enough = targets === undefined ? found.length > 0 : found.length === targets;
    return enough && found.every((s) => Number(s.value[1]) >= scrapes) ? true : null;
  });
}

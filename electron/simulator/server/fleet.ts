// The `fleet` scenario served: one simulated cluster per port in this process, each answering as
// its own Flink version, all started at one simulated instant (a manual clock keeps them together).

import type { EpochMs } from '../../../shared/time';
import { epochMs } from '../../../shared/time';
import { Simulation } from '../model/simulation';
import { buildFleet, FLEET_CLUSTERS, type FleetTruth } from '../scenarios/fleet';
import { startSimulatedCluster, type SimulatedCluster, type SimulatedClusterOptions } from './cluster';

export interface SimulatedFleetOptions extends Pick<SimulatedClusterOptions, 'clock' | 'speed' | 'fetchIntervalMs'> {
  seed?: number;
  /** Cluster i listens on port + i; 0 (default) = any free ports. */
  port?: number;
  startTime?: EpochMs;
  /** The first this many clusters only (benchmarks at smaller scale); all 20 by default. */
  clusters?: number;
}

export interface SimulatedFleet {
  clusters: SimulatedCluster[];
  urls: string[];
  truth: FleetTruth;
  advance(ms: number): void;
  close(): Promise<void>;
}

export async function startSimulatedFleet(opts: SimulatedFleetOptions = {}): Promise<SimulatedFleet> {
  const seed = opts.seed ?? 1;
  const startTime = opts.startTime ?? epochMs(Date.now());
  const port = opts.port ?? 0;
  const count = opts.clusters ?? FLEET_CLUSTERS;
  if (!Number.isInteger(count) || count < 1 || count > FLEET_CLUSTERS)
    throw new Error(`a fleet has 1–${FLEET_CLUSTERS} clusters, got ${count}`);
  if (port !== 0 && port + count - 1 > 65535) throw new Error(`ports ${port}–${port + count - 1} do not all exist`);
  const { members, truth } = buildFleet(seed);
  const clusters: SimulatedCluster[] = [];
  const close = () => Promise.all(clusters.map((c) => c.close())).then(() => undefined);
  try {
    for (const [i, m] of members.slice(0, count).entries()) {
      clusters.push(
        await startSimulatedCluster({
          scenario: m.name,
          flinkVersion: m.flinkVersion,
          port: port === 0 ? 0 : port + i,
          clock: opts.clock,
          speed: opts.speed,
          fetchIntervalMs: opts.fetchIntervalMs,
          model: new Simulation(m.name, seed, startTime, m.spec, m.truth),
        }),
      );
    }
  } catch (e) {
    await close();
    throw e;
  }
  return {
    clusters,
    urls: clusters.map((c) => c.url),
    truth,
    advance: (ms) => {
      for (const c of clusters) c.advance(ms);
    },
    close,
  };
}

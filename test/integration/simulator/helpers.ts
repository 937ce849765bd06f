// Shared helpers for the simulator's integration tests: a cluster on a fixture model and a
// plain fetch over real loopback HTTP.

import { startSimulatedCluster } from '../../../electron/simulator';
import type { SimulatedCluster, SimulatedClusterOptions } from '../../../electron/simulator';
import { FixtureModel } from '../../fixtures/sim-fixture';

export async function fixtureCluster(
  opts: Partial<SimulatedClusterOptions> = {},
): Promise<SimulatedCluster & { fixture: FixtureModel }> {
  const fixture = new FixtureModel();
  const cluster = await startSimulatedCluster({ scenario: 'fixture', model: fixture, clock: 'manual', ...opts });
  return Object.assign(cluster, { fixture });
}

export interface Reply {
  status: number;
  contentType: string | null;
  text: string;
  json: unknown;
}

export async function get(cluster: { url: string }, path: string): Promise<Reply> {
  const res = await fetch(cluster.url + path);
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, contentType: res.headers.get('content-type'), text, json };
}

export async function getJson<T = any>(cluster: { url: string }, path: string): Promise<T> {
  const r = await get(cluster, path);
  if (r.status !== 200) throw new Error(`GET ${path} → ${r.status} ${r.text}`);
  return r.json as T;
}

// The scenario catalogue of the simulated cluster.

import type { ClusterSpec } from '../model/spec';
import type { GroundTruth } from '../types';
import { dataSkew, healthy, networkBottleneck, slowSink, sustainedBottleneck } from './basic';
import { incident } from './incident';
import { large } from './large';
import { rescale, restart } from './lifecycle';
import { checkpointSpikes, gcPauses } from './transient';
import type { ScenarioDefinition } from './types';

const SCENARIOS: readonly ScenarioDefinition[] = [
  healthy,
  sustainedBottleneck,
  dataSkew,
  checkpointSpikes,
  gcPauses,
  networkBottleneck,
  slowSink,
  restart,
  rescale,
  incident,
  large,
];

// Many clusters at once: started by startSimulatedFleet, not one cluster's scenario.
export { FLEET, FLEET_CLUSTERS, buildFleet } from './fleet';
export type { FleetIncident, FleetMember, FleetTruth } from './fleet';

export const SCENARIO_NAMES: readonly string[] = SCENARIOS.map((s) => s.name);

function find(name: string): ScenarioDefinition {
  const s = SCENARIOS.find((x) => x.name === name);
  if (!s) throw new Error(`unknown scenario "${name}"; valid scenarios: ${SCENARIO_NAMES.join(', ')}`);
  return s;
}

/** One-paragraph description of what the scenario does and when. */
export function describeScenario(name: string): string {
  return find(name).description;
}

/** The cluster spec and ground truth of a scenario for a seed. */
export function buildScenario(name: string, seed: number): { spec: ClusterSpec; truth: GroundTruth } {
  return find(name).build(seed);
}

// The simulated Flink cluster: a deterministic model behind a real HTTP server that answers the
// Flink REST API of a selectable version.
export { startSimulatedCluster } from './server/cluster';
export type { SimulatedCluster, SimulatedClusterOptions } from './server/cluster';
export type { SimFault } from './server/faults';
export { SCENARIO_NAMES } from './scenarios/index';
export { SIMULATED_VERSIONS, isSimulatedVersion } from './versions/profile';
export type { SimulatedVersion } from './versions/profile';
export type * from './types';

import type { ClusterSpec } from '../model/spec';
import type { GroundTruth } from '../types';

export interface BuiltScenario {
  spec: ClusterSpec;
  truth: GroundTruth;
}

export interface ScenarioDefinition {
  name: string;
  description: string;
  build(seed: number): BuiltScenario;
}

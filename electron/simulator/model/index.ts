// Entry point of the simulated cluster's physical model.

import type { EpochMs } from '../../../shared/time';
import { buildScenario } from '../scenarios/index';
import type { SimModel } from '../types';
import { Simulation } from './simulation';

export interface SimulationOptions {
  scenario: string;
  seed?: number;
  startTime: EpochMs;
}

/** A deterministic simulated cluster running `scenario`; throws listing valid names if unknown. */
export function createSimulation({ scenario, seed = 1, startTime }: SimulationOptions): SimModel {
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  if (!Number.isFinite(startTime)) throw new Error(`startTime must be epoch milliseconds, got ${startTime}`);
  const { spec, truth } = buildScenario(scenario, seed);
  return new Simulation(scenario, seed, startTime, spec, truth);
}

export type { ClusterSpec } from './spec';

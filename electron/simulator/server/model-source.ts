// Creates the physical model for a named scenario.
import type { EpochMs } from '../../../shared/time';
import type { SimModel } from '../types';

export function createModel(opts: { scenario: string; seed: number; startTime: EpochMs }): SimModel {
  throw new Error(`scenario "${opts.scenario}" needs the simulation model, which is not available yet; pass a model`);
}

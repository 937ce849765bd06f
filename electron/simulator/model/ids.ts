// Ids are derived from the scenario and a local key only (not the seed), so a scenario's ground
// truth can name its vertices before any model runs.

import { hexId } from './prng';

export const jobIdFor = (scenario: string, jobKey: string): string => hexId(`${scenario}/job/${jobKey}`);

export const vertexIdFor = (scenario: string, jobKey: string, vertexKey: string): string =>
  hexId(`${scenario}/job/${jobKey}/vertex/${vertexKey}`);

/** Standalone-style TaskManager resource id: `<host>:<dataPort>-<6 hex>`. */
export function taskManagerIdFor(scenario: string, index: number): string {
  return `${taskManagerHost(index)}:${taskManagerPort(index)}-${hexId(`${scenario}/tm/${index}`).slice(0, 6)}`;
}

export const taskManagerHost = (index: number): string => `10.0.1.${11 + index}`;
export const taskManagerPort = (index: number): number => 35_211 + index;

/**
 * Slot sharing puts subtask i of every vertex into slot i; slots are spread round robin over
 * TaskManagers, so each TaskManager hosts subtasks of several vertices.
 */
export const taskManagerOfSlot = (slot: number, taskManagers: number): number => slot % taskManagers;

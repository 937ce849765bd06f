// The viewer's choice of UTC or local time, shared by every view (and kept across reloads).

import { clockIn, instantIn, zoneLabel, type Zone } from './clock';

const KEY = 'backflow.zone';

function stored(): Zone {
  try {
    return globalThis.localStorage?.getItem(KEY) === 'local' ? 'local' : 'utc';
  } catch {
    return 'utc';
  }
}

export const clock = $state<{ zone: Zone }>({ zone: stored() });

export function setZone(zone: Zone): void {
  clock.zone = zone;
  try {
    globalThis.localStorage?.setItem(KEY, zone);
  } catch {
    // private mode: the choice lasts for this page only
  }
}

/** `HH:MM:SS` in the chosen zone (reactive where it is read). */
export const clockText = (ms: number): string => clockIn(clock.zone, ms);
/** A whole instant in the chosen zone. */
export const instantText = (ms: number): string => instantIn(clock.zone, ms);
/** The zone as an axis names it. */
export const zoneText = (at: number): string => zoneLabel(clock.zone, at);

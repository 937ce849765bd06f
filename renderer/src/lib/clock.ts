// Times on screen in UTC (the session's own clock, and what reports and the CLI print) or in the
// viewer's local time zone, chosen in the toolbar and named on every axis.

import { formatClock, formatInstant } from '../../../shared/time';

export type Zone = 'utc' | 'local';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** The local zone's offset from UTC at `ms` as `+01:00`. */
export function localOffset(ms: number): string {
  const off = -new Date(ms).getTimezoneOffset();
  const a = Math.abs(off);
  return `${off < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/** Time of day `HH:MM:SS`. */
export function clockIn(zone: Zone, ms: number): string {
  if (zone === 'utc' || !Number.isFinite(ms)) return formatClock(ms);
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** A whole instant: ISO-8601 in UTC (`…Z`), or local with its offset (`2025-11-24T17:02:30+01:00`). */
export function instantIn(zone: Zone, ms: number): string {
  if (zone === 'utc' || !Number.isFinite(ms)) return formatInstant(ms);
  const d = new Date(ms);
  const frac = d.getMilliseconds() ? `.${pad(d.getMilliseconds(), 3)}` : '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${clockIn('local', ms)}${frac}${localOffset(ms)}`;
}

/** What an axis says about its times: `UTC`, or `local (UTC+01:00)`. */
export function zoneLabel(zone: Zone, at: number): string {
  return zone === 'utc' ? 'UTC' : `local (UTC${localOffset(at)})`;
}

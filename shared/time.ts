// Time in Backflow: instants are epoch milliseconds (wall clock of the recorder, or of the
// JobManager where a response carries one), durations are milliseconds. Branded so an instant
// cannot be passed where a duration is expected.

export type EpochMs = number & { readonly __brand: 'EpochMs' };
export type DurationMs = number & { readonly __brand: 'DurationMs' };

export const epochMs = (n: number): EpochMs => n as EpochMs;
export const durationMs = (n: number): DurationMs => n as DurationMs;

/** Inclusive on both ends. */
export interface TimeRange {
  from: EpochMs;
  to: EpochMs;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses `90s`, `5m`, `1h`, `1h30m`, `250ms` or plain seconds (`30`, `2.5`).
 * Throws an Error naming the bad input; callers turn it into a one-line CLI message.
 */
export function parseDuration(text: string): DurationMs {
  const s = text.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(s)) return durationMs(Math.round(Number(s) * 1000));
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    total += Number(m[1]) * (UNIT_MS[m[2]!] ?? 0);
    matched = re.lastIndex;
  }
  if (s.length === 0 || matched !== s.length) {
    throw new Error(`invalid duration "${text}": use e.g. 90s, 5m, 1h, 1h30m or plain seconds`);
  }
  return durationMs(Math.round(total));
}

/** Compact human form: `850ms`, `12s`, `4m 05s`, `2h 03m`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  const sign = ms < 0 ? '-' : '';
  const a = Math.abs(ms);
  if (a < 1000) return `${sign}${Math.round(a)}ms`;
  if (a < 60_000) {
    const sec = a / 1000;
    return `${sign}${sec < 10 ? sec.toFixed(1).replace(/\.0$/, '') : Math.round(sec)}s`;
  }
  const totalSec = Math.round(a / 1000);
  if (totalSec < 3600) {
    return `${sign}${Math.floor(totalSec / 60)}m ${String(totalSec % 60).padStart(2, '0')}s`;
  }
  const totalMin = Math.round(totalSec / 60);
  return `${sign}${Math.floor(totalMin / 60)}h ${String(totalMin % 60).padStart(2, '0')}m`;
}

/** ISO-8601 in UTC with milliseconds dropped when zero: stable in reports and CLI output. */
export function formatInstant(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

/** Time of day `HH:MM:SS` (UTC) for compact timeline labels. */
export function formatClock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

/**
 * Parses an instant for `--from/--to`: ISO-8601, epoch ms, or an offset from a session's start
 * written as a duration with a leading `+` (`+5m`).
 */
export function parseInstant(text: string, sessionStart?: EpochMs): EpochMs {
  const s = text.trim();
  if (s.startsWith('+')) {
    if (sessionStart === undefined) throw new Error(`relative time "${text}" needs a session start`);
    return epochMs(sessionStart + parseDuration(s.slice(1)));
  }
  if (/^\d{10,}$/.test(s)) return epochMs(Number(s));
  const t = Date.parse(s);
  if (Number.isNaN(t)) throw new Error(`invalid time "${text}": use ISO-8601, epoch ms or +offset like +5m`);
  return epochMs(t);
}

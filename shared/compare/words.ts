// How a change is said: `busy 95 % → 40 %`, `records in 12.3 k/s → 20 k/s`. One place so the CLI
// text, the reports and (later) the UI word the same delta the same way.

import { formatCount } from '../analysis/format';
import { formatDuration } from '../time';
import type { Change } from './change';

export type ValueKind = 'percent' | 'rate' | 'duration' | 'count' | 'per-minute';

export function formatValue(x: number | null, kind: ValueKind): string {
  if (x === null) return 'n/a';
  switch (kind) {
    case 'percent':
      return `${Math.round(x * 100)} %`;
    case 'rate':
      return `${formatCount(x)}/s`;
    case 'duration':
      return formatDuration(x);
    case 'count':
      return String(Math.round(x));
    case 'per-minute':
      return `${formatDuration(x)}/min`;
  }
}

/** `busy 95 % → 40 %`; an unchanged value once, `busy 50 % (unchanged)`; `suffix` after the values. */
export function changeText(label: string, c: Change, kind: ValueKind, suffix = ''): string {
  const a = formatValue(c.a, kind);
  const b = formatValue(c.b, kind);
  // Counted events differ by whole ones: 0 → 1 restart may still be within chance, and says so.
  if (c.direction === 'unchanged' && kind === 'count' && a !== b)
    return `${label} ${a} → ${b}${suffix} (within chance)`;
  if (c.direction === 'unchanged') return `${label} ${a === b ? a : `${a} ≈ ${b}`}${suffix} (unchanged)`;
  return `${label} ${a} → ${b}${suffix}`;
}

const changed = (c: Change): boolean => c.direction === 'up' || c.direction === 'down';

/**
 * The changed ones among labelled changes, worded; the rest left out, except counted events
 * (restarts, failed checkpoints) that either session had: those are always worth a word.
 */
export function changedTexts(items: ReadonlyArray<readonly [string, Change, ValueKind, string?]>): string[] {
  const worth = (c: Change, k: ValueKind): boolean =>
    changed(c) || (k === 'count' && ((c.a ?? 0) > 0 || (c.b ?? 0) > 0));
  return items.filter(([, c, k]) => worth(c, k)).map(([l, c, k, s]) => changeText(l, c, k, s ?? ''));
}

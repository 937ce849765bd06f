// Colours of levels and timeline items, shared by every chart so a report reads consistently.

import type { Level } from '../model';
import type { Tone } from './types';

export const TONE_FILL: Record<Tone, string> = {
  ok: '#a5d6a7',
  low: '#ffca28',
  high: '#e53935',
  gap: '#e0e0e0',
  completed: '#90caf9',
  failed: '#d32f2f',
  'in-progress': '#ffe082',
  gc: '#ce93d8',
  'gc-significant': '#8e24aa',
  sustained: '#b71c1c',
  transient: '#fb8c00',
  annotation: '#1565c0',
  'auto-annotation': '#6d4c41',
  'no-data': '#757575',
};

export function levelFill(level: Level | null): string {
  return level === null ? TONE_FILL.gap : level === 'HIGH' ? TONE_FILL.high : level === 'LOW' ? TONE_FILL.low : TONE_FILL.ok;
}

export const SERIES_STROKE = { ratio: '#c62828', busy: '#1565c0' } as const;

// Colours of levels and timeline items: the replay UI's (renderer/src/app.css, light theme), so a
// report pasted into a post-mortem reads like the screen it came from. A unit test keeps the two
// in step (test/unit/report/palette.test.ts).

import type { Level } from '../model';
import type { Tone } from './types';

export const TONE_FILL: Record<Tone, string> = {
  ok: '#9cc3e0', // --c-ok
  low: '#e69f00', // --c-low
  high: '#cc3d99', // --c-high
  gap: '#e4e5e8', // --c-gap
  completed: '#009e73', // --c-checkpoint
  failed: '#d55e00', // --c-failed
  'in-progress': '#80cfb9', // --c-checkpoint at half strength
  gc: '#2d2f33', // --c-gc
  'gc-significant': '#2d2f33', // --c-gc
  sustained: '#5e3c99', // --c-sustained
  transient: '#e69f00', // --c-low (the UI outlines transients in it)
  annotation: '#0072b2', // --c-accent
  'auto-annotation': '#8a8f99', // the UI's "auto" tag
  'no-data': '#a9acb3', // --c-gap-stripe
};

/** Which CSS custom property of the UI each tone takes its colour from (null: derived). */
export const TONE_CSS_VAR: Record<Tone, string | null> = {
  ok: '--c-ok',
  low: '--c-low',
  high: '--c-high',
  gap: '--c-gap',
  completed: '--c-checkpoint',
  failed: '--c-failed',
  'in-progress': null,
  gc: '--c-gc',
  'gc-significant': '--c-gc',
  sustained: '--c-sustained',
  transient: '--c-low',
  annotation: '--c-accent',
  'auto-annotation': null,
  'no-data': '--c-gap-stripe',
};

/** HIGH is striped in the UI as well as coloured (told apart without colour vision). */
export const HIGH_STRIPE = '#7a1c5a'; // --c-high-stripe

export function levelFill(level: Level | null): string {
  return level === null
    ? TONE_FILL.gap
    : level === 'HIGH'
      ? TONE_FILL.high
      : level === 'LOW'
        ? TONE_FILL.low
        : TONE_FILL.ok;
}

/** The UI's chart colours: busy, idle and backpressured time (VertexDetail's "Time per second"). */
export const SERIES_STROKE = { ratio: '#cc3d99', busy: '#0072b2', idle: '#009e73' } as const;
/** Further backpressure lines of one chart, after the first. */
export const MORE_RATIO_STROKES = ['#7a1c5a', '#d55e00'] as const;

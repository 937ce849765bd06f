// The report draws in the replay UI's colours: every tone that names a CSS custom property of the
// UI's light theme has exactly that colour, so a pasted report reads like the screen.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { HIGH_STRIPE, TONE_CSS_VAR, TONE_FILL } from '../../../shared/report/palette';

const css = readFileSync(path.resolve('renderer/src/app.css'), 'utf8');
// The light theme: the first :root block, before the dark media query.
const light = css.slice(css.indexOf(':root {'), css.indexOf('@media (prefers-color-scheme: dark)'));
const varOf = (name: string): string | undefined =>
  new RegExp(`${name}:\\s*(#[0-9a-fA-F]{6})`).exec(light)?.[1]?.toLowerCase();

it('uses the UI colour of every tone that has one', () => {
  for (const [tone, name] of Object.entries(TONE_CSS_VAR)) {
    if (name === null) continue;
    expect(varOf(name), `${name} in app.css`).toBeDefined();
    expect(TONE_FILL[tone as keyof typeof TONE_FILL].toLowerCase(), tone).toBe(varOf(name));
  }
  expect(HIGH_STRIPE).toBe(varOf('--c-high-stripe'));
});

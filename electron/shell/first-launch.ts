// What the desktop app does when it starts with nothing to show: a user who never opened or
// recorded a session (empty recent list) and did not launch it on a file gets the built-in demo
// cluster recording at once, so the first window already shows backpressure instead of an empty
// start screen. Anyone with history, or with a file to open, gets exactly what they asked for.

import path from 'node:path';
import { DEFAULT_DEMO_SCENARIO, type DemoScenario } from '../../shared/desktop-bridge';
import { SESSION_EXTENSION, sessionFileFromArgv } from './open-args';

/** Simulated seconds per wall-clock second, as `npm start`'s served fallback records the demo. */
export const DEMO_SPEED = 5;
/** Poll interval of a demo recording in simulated time (`backflow demo`'s default). */
export const DEMO_INTERVAL_MS = 10_000;

export function recordDemoOnLaunch(argv: readonly string[], cwd: string, recent: readonly string[]): boolean {
  return sessionFileFromArgv(argv, cwd) === null && recent.length === 0;
}

/** `yyyymmdd-hhmmss` (UTC): default session file names sort by when they were started. */
export function fileStamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/** `<sessionsDir>/demo-<scenario>-<yyyymmdd-hhmmss>.backflow`, suffixed -2, -3… if taken. */
export function demoSessionFile(
  sessionsDir: string,
  scenario: DemoScenario | undefined,
  now: Date,
  exists: (p: string) => boolean,
): string {
  const base = path.join(sessionsDir, `demo-${scenario ?? DEFAULT_DEMO_SCENARIO}-${fileStamp(now)}`);
  let file = `${base}${SESSION_EXTENSION}`;
  for (let i = 2; exists(file); i++) file = `${base}-${i}${SESSION_EXTENSION}`;
  return file;
}

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DEMO_SCENARIO, DEMO_SCENARIOS } from '../../../shared/desktop-bridge';
import { demoSessionFile, recordDemoOnLaunch } from '../../../electron/shell/first-launch';
import { SCENARIO_NAMES } from '../../../electron/simulator/index';

const cwd = '/home/ann';
const exe = '/opt/Backflow/backflow';

describe('first launch', () => {
  it('records the demo only with no session on the command line and nothing recent', () => {
    expect(recordDemoOnLaunch([exe], cwd, [])).toBe(true);
    // Electron's own switches and the app path (`electron .`) are not files to open.
    expect(recordDemoOnLaunch([exe, '.', '--enable-logging', '--no-sandbox'], cwd, [])).toBe(true);
    expect(recordDemoOnLaunch([exe, 'notes.txt'], cwd, [])).toBe(true);

    expect(recordDemoOnLaunch([exe, 'incident.backflow'], cwd, [])).toBe(false);
    expect(recordDemoOnLaunch([exe, '/data/x.BACKFLOW'], cwd, [])).toBe(false);
    expect(recordDemoOnLaunch([exe], cwd, ['/home/ann/old.backflow'])).toBe(false);
    expect(recordDemoOnLaunch([exe, 'a.backflow'], cwd, ['/home/ann/old.backflow'])).toBe(false);
  });

  it('names demo sessions after scenario and time, never reusing a file', () => {
    const dir = '/u/sessions';
    const at = new Date('2026-11-26T09:05:07.123Z');
    expect(demoSessionFile(dir, 'gc-pauses', at, () => false)).toBe(
      path.join(dir, 'demo-gc-pauses-20261126-090507.backflow'),
    );
    expect(demoSessionFile(dir, undefined, at, () => false)).toBe(
      path.join(dir, `demo-${DEFAULT_DEMO_SCENARIO}-20261126-090507.backflow`),
    );
    const taken = new Set([
      path.join(dir, 'demo-incident-20261126-090507.backflow'),
      path.join(dir, 'demo-incident-20261126-090507-2.backflow'),
    ]);
    expect(demoSessionFile(dir, 'incident', at, (p) => taken.has(p))).toBe(
      path.join(dir, 'demo-incident-20261126-090507-3.backflow'),
    );
  });

  it('offers every simulator scenario except the large load test', () => {
    expect([...DEMO_SCENARIOS].sort()).toEqual(SCENARIO_NAMES.filter((s) => s !== 'large').sort());
    expect(DEMO_SCENARIOS).toContain(DEFAULT_DEMO_SCENARIO);
  });
});

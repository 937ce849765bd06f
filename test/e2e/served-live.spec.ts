// Served mode on a session being recorded from the simulated cluster: the page goes straight to
// the session view, waits there for the first tick, then shows the data and keeps the cursor on
// the newest tick until the user moves it back. The recorder is stepped by hand (manual simulator
// clock, one poll per step), so what the page should show is known exactly at every step.
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Recorder } from '../../electron/recorder/recorder';
import { startServer, type ServedSession } from '../../electron/server/server';
import { SessionReader, SessionWriter } from '../../electron/session/index';
import { startSimulatedCluster, type SimulatedCluster } from '../../electron/simulator/index';
import { buildScenario } from '../../electron/simulator/scenarios/index';
import { formatInstant } from '../../shared/time';
import { SHOTS, UI, watchProblems } from './fixtures/served';

const INTERVAL_MS = 10_000;
let dir: string;
let cluster: SimulatedCluster;
let writer: SessionWriter;
let recorder: Recorder;
let served: ServedSession;
let file: string;
let problems: string[] = [];

test.beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'backflow-e2e-live-'));
  file = path.join(dir, 'demo-incident.backflow');
  cluster = await startSimulatedCluster({ scenario: 'incident', seed: 1, clock: 'manual' });
  writer = SessionWriter.create(file, { appVersion: 'e2e', hostName: 'e2e' });
  recorder = new Recorder({
    writer,
    targets: [{ connection: { url: cluster.url }, jobs: [] }],
    intervalMs: INTERVAL_MS,
    detail: 'all',
    clock: () => cluster.now(),
  });
  served = await startServer({ sessionPath: file, port: 0, staticRoot: UI, pollMs: 100 });
});

test.afterAll(async () => {
  await served?.close();
  recorder?.close();
  writer?.close();
  await cluster?.close();
  rmSync(dir, { recursive: true, force: true });
});

test.beforeEach(({ page }) => {
  problems = watchProblems(page);
});

test.afterEach(() => {
  expect(problems).toEqual([]);
});

/** One poll interval of simulated time, then one recorded tick; returns its time. */
async function recordTick(): Promise<number> {
  cluster.advance(INTERVAL_MS);
  await recorder.pollOnce();
  return newestTick();
}

function newestTick(): number {
  const reader = SessionReader.open(file);
  try {
    return reader.timeRange()!.to;
  } finally {
    reader.close();
  }
}

const cursor = (page: Page) => page.getByTestId('cursor-time');

test('opens straight into the session view, waits for the first tick, then follows the newest one', async ({
  page,
}) => {
  await page.goto(served.openUrl);
  // No intermediate card: the session view's own waiting state.
  await expect(page.getByTestId('session-waiting')).toContainText('Waiting for the first tick…');
  await expect(page.getByTestId('start-session')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Open session' })).toHaveCount(0);
  await expect(page.locator('header')).toContainText('demo-incident.backflow');
  await page.screenshot({ path: path.join(SHOTS, '30-served-waiting.png') });

  // The first ticks arrive as live events: the data replaces the waiting state, the cursor sits on
  // the newest tick.
  await recordTick();
  let newest = await recordTick();
  const { spec } = buildScenario('incident', 1);
  await expect(page.getByTestId('session-waiting')).toHaveCount(0);
  await expect(page.getByTestId('lane-label')).toHaveCount(spec.jobs[0]!.vertices.length);
  await expect(page.getByTestId('job-graph')).toContainText(spec.jobs[0]!.name);
  await expect(cursor(page)).toHaveText(formatInstant(newest));
  for (let i = 0; i < 3; i++) {
    newest = await recordTick();
    await expect(cursor(page)).toHaveText(formatInstant(newest));
  }
  await page.waitForTimeout(2000);
  await page.screenshot({ path: path.join(SHOTS, '31-served-live-following.png') });

  // The user steps back one tick: new ticks no longer move the cursor.
  await page.keyboard.press('ArrowLeft');
  const back = newest - INTERVAL_MS;
  await expect(cursor(page)).toHaveText(formatInstant(back));
  await recordTick();
  newest = await recordTick();
  await expect(cursor(page)).toHaveText(formatInstant(back));

  // End: back at the newest tick, and following again.
  await page.keyboard.press('End');
  await expect(cursor(page)).toHaveText(formatInstant(newest));
  newest = await recordTick();
  await expect(cursor(page)).toHaveText(formatInstant(newest));
});

test('a live session opens at its newest tick, not its first', async ({ page }) => {
  const newest = await recordTick();
  await page.goto(served.openUrl);
  await expect(page.getByTestId('lane-label')).not.toHaveCount(0);
  await expect(cursor(page)).toHaveText(formatInstant(newest));
  await expect(page.getByText('● live')).toBeVisible();
});

// The replay UI as a user meets it: `backflow serve` on a recorded session, opened in Chromium.
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, type ServedSession } from '../../electron/server/server';
import { SessionWriter } from '../../electron/session/writer';
import { durationMs, epochMs, formatInstant } from '../../shared/time';
import { JOB_NAME, NAMES, POLL_MS, SUSTAINED, T0, TICKS, V, writeSession } from './fixtures/make-session';
import { serveFixtureSession, SHOTS, UI, watchProblems, type ServedFixture } from './fixtures/served';
import { boxOf } from './fixtures/box';

let fixture: ServedFixture;
let served: ServedSession;
let problems: string[] = [];

test.beforeAll(async () => {
  fixture = await serveFixtureSession('replay');
  served = fixture.served;
});

test.afterAll(async () => {
  await fixture?.close();
});

test.beforeEach(({ page }) => {
  // CSP violations and script errors are bugs, whatever the page looks like.
  problems = watchProblems(page);
});

test.afterEach(() => {
  expect(problems).toEqual([]);
});

async function openSession(page: Page): Promise<void> {
  await page.goto(served.openUrl);
  await expect(page.getByTestId('lane-label')).toHaveCount(4);
}

/**
 * Opens the whole session with the cursor at its start, as a link to that view would (a session
 * opened plainly opens on its worst incident instead: answer.spec.ts).
 */
async function openAtStart(page: Page): Promise<void> {
  await page.goto(`${served.openUrl}&from=${T0}&to=${T0 + (TICKS - 1) * POLL_MS}&t=${T0}`);
  await expect(page.getByTestId('lane-label')).toHaveCount(4);
}

const cursorText = (page: Page) => page.getByTestId('cursor-time').textContent();

test('opens the session and shows one lane per vertex, names as text', async ({ page }) => {
  await page.goto(served.openUrl);
  // Served mode serves one session: the page opens it at once, no card or button in between.
  await expect(page.getByTestId('lane-label')).toHaveText([
    NAMES[V.source],
    NAMES[V.map],
    NAMES[V.window],
    NAMES[V.sink],
  ]);
  await expect(page.getByTestId('start-session')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Open session' })).toHaveCount(0);
  await expect(page.locator('header')).toContainText('incident.backflow');
  // The job name exactly as recorded: markup is text, never HTML.
  await expect(page.getByTestId('job-graph')).toContainText(JOB_NAME);
  expect(await page.locator('img').count()).toBe(0);
  await expect(page.getByTestId('lane-checkpoints')).toBeVisible();
  await expect(page.getByTestId('lane-gc')).toHaveText(['GC tm-1']);
  await expect(page.getByTestId('lane-events')).toBeVisible();
  await expect(page.getByTestId('job-graph')).toContainText(JOB_NAME);
  expect(await page.locator('script:not([src])').count()).toBe(0);
  await expect(page.getByTestId('graph-vertex')).toHaveCount(4);
  const strategies = await page.getByTestId('ship-strategy').allTextContents();
  expect(strategies.sort()).toEqual(['FORWARD', 'HASH', 'REBALANCE']);
  await expect(page.getByTestId('episodes')).toContainText('sustained');
  await page.screenshot({ path: path.join(SHOTS, '01-opened.png') });
});

test('scrubs with the mouse and the keyboard', async ({ page }) => {
  await openAtStart(page);
  expect(await cursorText(page)).toBe(formatInstant(T0));
  const lanes = page.getByTestId('lanes');
  const box = await boxOf(lanes);
  // Drag from a quarter to the middle of the lanes: the cursor follows the mouse.
  await page.mouse.move(box.x + box.width * 0.25, box.y + 10);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + 10, { steps: 5 });
  await page.mouse.up();
  const end = T0 + (TICKS - 1) * POLL_MS;
  const mid = Date.parse((await cursorText(page))!);
  expect(Math.abs(mid - (T0 + end) / 2)).toBeLessThan((end - T0) / 50);

  await page.keyboard.press('Home');
  await expect(page.getByTestId('cursor-time')).toHaveText(formatInstant(T0));
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('cursor-time')).toHaveText(formatInstant(T0 + POLL_MS));
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('cursor-time')).toHaveText(formatInstant(T0 + 2 * POLL_MS));
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('cursor-time')).toHaveText(formatInstant(T0 + POLL_MS));
  await page.keyboard.press('End');
  await expect(page.getByTestId('cursor-time')).toHaveText(formatInstant(end));

  const span = await page.getByTestId('window-span').textContent();
  await page.keyboard.press('w');
  await expect(page.getByTestId('window-span')).not.toHaveText(span!);
  await page.keyboard.press('s');
  await expect(page.getByTestId('window-span')).toHaveText(span!);

  // Space plays (the cursor advances by itself) and pauses.
  await page.keyboard.press('Home');
  await page.keyboard.press(' ');
  await expect(page.getByTestId('play')).toHaveText(/Pause/);
  await expect.poll(async () => Date.parse((await cursorText(page))!)).toBeGreaterThan(T0 + 2000);
  await page.keyboard.press(' ');
  await expect(page.getByTestId('play')).toHaveText(/Play/);
  const paused = await cursorText(page);
  await page.waitForTimeout(300);
  expect(await cursorText(page)).toBe(paused);

  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcuts')).toContainText('previous / next incident');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shortcuts')).toHaveCount(0);
});

test('selecting an incident moves the timeline there and marks the bottleneck in the graph', async ({ page }) => {
  await openAtStart(page);
  await expect(page.getByTestId('graph-vertex').and(page.locator('[data-bottleneck="true"]'))).toHaveCount(0);
  const row = page.getByTestId('episode-row').filter({ hasText: 'sustained' }).filter({ hasText: NAMES[V.source] });
  await row.first().click();
  const at = Date.parse((await cursorText(page))!);
  expect(at).toBeGreaterThan(SUSTAINED.from);
  expect(at).toBeLessThan(SUSTAINED.to);
  const bottleneck = page.locator(`[data-testid="graph-vertex"][data-bottleneck="true"]`);
  await expect(bottleneck).toHaveAttribute('data-vertex-id', V.window);
  await expect(page.getByTestId('bottleneck-note')).toContainText(NAMES[V.window]);
  await expect(page.locator(`[data-testid="graph-vertex"][data-vertex-id="${V.source}"]`)).toHaveAttribute(
    'data-level',
    'HIGH',
  );
  // An incident is about its bottleneck: that is the vertex the detail shows.
  await expect(page.getByTestId('detail-title')).toContainText(NAMES[V.window]);
  // The deep link now carries window, cursor and vertex.
  await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/t=\d+.*v=1~/);
  await page.screenshot({ path: path.join(SHOTS, '02-episode-bottleneck.png') });

  // Shift+→ goes to the next incident in time.
  await page.keyboard.press('Shift+ArrowRight');
  await expect.poll(async () => Date.parse((await cursorText(page))!)).toBeGreaterThan(SUSTAINED.to);
});

test('opening a vertex shows its subtask heatmap, charts and per-subtask values', async ({ page }) => {
  await openSession(page);
  await page.getByTestId('episode-row').filter({ hasText: 'sustained' }).first().click();
  await page.locator(`[data-testid="graph-vertex"][data-vertex-id="${V.window}"]`).click();
  await expect(page.getByTestId('detail-title')).toContainText(NAMES[V.window]);
  const heat = page.getByTestId('heatmap');
  await expect(heat).toHaveAttribute('data-subtasks', '4');
  await expect(page.getByTestId('chart')).toHaveCount(4);
  const rows = page.getByTestId('subtask-table').locator('tbody tr');
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(2)).toContainText('990');
  await expect(rows.nth(0)).toContainText('930');
  await expect(rows.nth(2)).toContainText('tm-1');

  // Read the heatmap of the backpressured source: its cells are bright (HIGH) in the episode.
  await page.getByTestId('lane-label').filter({ hasText: NAMES[V.source] }).click();
  await expect(page.getByTestId('detail-title')).toContainText(NAMES[V.source]);
  await expect(heat).toHaveAttribute('data-subtasks', '2');
  // F fits the window to the selected episode (± 30 s): 42 % is inside it, 10 % is before it.
  await page.keyboard.press('f');
  const pixel = (at: number) =>
    heat.evaluate((el, x) => {
      const c = el as HTMLCanvasElement;
      const [r, g, b] = Array.from(c.getContext('2d')!.getImageData(Math.floor(x * c.width), 2, 1, 1).data);
      const hex = getComputedStyle(document.documentElement).getPropertyValue('--c-high').trim().replace('#', '');
      const high = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
      return Math.hypot(high[0]! - r!, high[1]! - g!, high[2]! - b!);
    }, at);
  await expect.poll(() => pixel(0.42)).toBeLessThan(60);
  expect(await pixel(0.1)).toBeGreaterThan(120);
  await page.screenshot({ path: path.join(SHOTS, '03-vertex-detail.png'), fullPage: true });
});

test('a deep link reopens the same window, cursor and vertex', async ({ page }) => {
  const t = SUSTAINED.from + 60_000;
  await page.goto(
    `${served.url}#token=${served.token}&from=${SUSTAINED.from}&to=${SUSTAINED.to}&t=${t}&v=1~${encodeURIComponent('a1b2c3d4e5f60718293a4b5c6d7e8f90')}~${V.map}`,
  );
  await expect(page.getByTestId('cursor-time')).toHaveText(formatInstant(t));
  await expect(page.getByTestId('detail-title')).toContainText(NAMES[V.map]);
  await expect(page.getByTestId('window-span')).toHaveText('window 3m 00s');
});

test('follows a live recording: new ticks move the cursor at the end along', async ({ page }) => {
  const liveDir = mkdtempSync(path.join(tmpdir(), 'backflow-live-'));
  const file = path.join(liveDir, 'live.backflow');
  writeSession(file);
  const live = await startServer({ sessionPath: file, port: 0, staticRoot: UI, pollMs: 100 });
  try {
    await page.goto(live.openUrl);
    await expect(page.getByTestId('lane-label')).toHaveCount(4);
    await page.keyboard.press('End');
    const last = T0 + (TICKS - 1) * POLL_MS;
    await expect(page.getByTestId('cursor-time')).toHaveText(formatInstant(last));
    const w = SessionWriter.openForAppend(file);
    for (let i = 1; i <= 3; i++) {
      const ts = epochMs(last + i * POLL_MS);
      w.writeTick({
        tick: {
          clusterId: 1,
          ts,
          status: 'ok',
          latencyMs: durationMs(10),
          serverTs: ts,
          fresh: true,
          requests: 1,
          error: null,
        },
      });
    }
    w.close();
    await expect(page.getByTestId('cursor-time')).toHaveText(formatInstant(last + 3 * POLL_MS), { timeout: 10_000 });
  } finally {
    await live.close();
    rmSync(liveDir, { recursive: true, force: true });
  }
});

test('follows the OS dark theme', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await openSession(page);
  await page.getByTestId('episode-row').filter({ hasText: 'sustained' }).first().click();
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).toBe('rgb(21, 23, 27)');
  await page.screenshot({ path: path.join(SHOTS, '04-dark.png') });
});

test('without the token the page explains what is missing', async ({ page }) => {
  await page.goto(served.url);
  await expect(page.getByTestId('start-error')).toContainText('access token');
});

// Issue 15, replay: the evidence captured while recording, as an SRE opens it in a post-mortem.
// The session is recorded from the simulated sustained-bottleneck cluster (flame graphs enabled):
// its sustained incident lists the capture of its bottleneck; the on-CPU flame graph opens on a
// canvas, zooms into a frame and back, searches a frame name (share of samples shown), switches
// to off-CPU and to a 50 000-frame full graph (drawn fluidly, a frame named with markup shown as
// text); the thread dump folds threads by state and stack with the bottleneck's task threads first.
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, type ServedSession } from '../../electron/server/server';
import { createSimulation } from '../../electron/simulator/model/index';
import type { SimulatedCluster } from '../../electron/simulator/index';
import { startSim, steppedRecording, T0, type SteppedRecording } from '../fixtures/recorder/harness';
import {
  BIG_TREE_NODES,
  HOSTILE_FRAME,
  NOT_AVAILABLE_NOTE,
  writeEvidenceSession,
  writeSessionWithoutFlameGraphs,
} from '../fixtures/evidence-session';
import { SHOTS, UI, watchProblems } from './fixtures/served';

let dir = '';
let served: ServedSession;
/** The scripted session of make-session.ts, from a cluster with flame graphs disabled. */
let disabled: ServedSession;
let problems: string[] = [];

test.beforeAll(async () => {
  // Recording takes a second of wall clock per tick (the fetch settle wait): 20 ticks.
  test.setTimeout(90_000);
  dir = mkdtempSync(path.join(tmpdir(), 'backflow-e2e-evidence-'));
  const file = path.join(dir, 'evidence.backflow');
  await writeEvidenceSession(file);
  served = await startServer({ sessionPath: file, port: 0, staticRoot: UI });
  const other = path.join(dir, 'disabled.backflow');
  writeSessionWithoutFlameGraphs(other);
  disabled = await startServer({ sessionPath: other, port: 0, staticRoot: UI });
});
test.afterAll(async () => {
  await served?.close();
  await disabled?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});
test.beforeEach(({ page }) => {
  problems = watchProblems(page);
});
test.afterEach(() => {
  expect(problems).toEqual([]);
});

const ENRICH = /KeyedProcess: Enrich/;
const TASK_THREAD = /^KeyedProcess: Enrich.* \(\d+\/\d+\)#\d+$/;
const canvas = (page: Page) => page.getByTestId('flame-canvas');
const ROW = 18;

/** Clicks the canvas at `x` in row `row` (rows of 18 px, root at the top). */
async function clickRow(page: Page, row: number, x = 6): Promise<void> {
  await canvas(page).click({ position: { x, y: row * ROW + ROW / 2 } });
}

async function openSustainedIncident(page: Page, session = served): Promise<void> {
  await page.goto(session.openUrl);
  const row = page.getByTestId('episode-row').filter({ hasText: 'sustained' }).first();
  await expect(row).toBeVisible();
  if ((await page.getByTestId('incident-detail').count()) === 0) await row.click();
  await expect(page.getByTestId('incident-detail')).toBeVisible();
}

test('the sustained incident lists its capture; the flame graph zooms, searches and switches on/off-CPU', async ({
  page,
}) => {
  await openSustainedIncident(page);
  const list = page.getByTestId('incident-detail').getByTestId('evidence-list');
  await expect(list).toContainText('Evidence captured while recording');
  await expect(list.getByTestId('evidence-capture')).toHaveCount(1);
  await expect(list.getByTestId('evidence-capture')).toContainText(ENRICH);
  const entries = list.getByTestId('evidence-entry');
  await expect(entries.filter({ hasText: 'on-CPU flame graph' })).toContainText('all subtasks');
  await expect(entries.filter({ hasText: 'thread dump' }).first()).toContainText(/subtask \d/);
  await expect(entries.first()).toContainText('captured');
  await page.getByTestId('incident-detail').screenshot({ path: path.join(SHOTS, '15-1-incident-evidence.png') });

  await list.getByTestId('evidence-open').filter({ hasText: 'on-CPU flame graph' }).click();
  const dialog = page.getByTestId('evidence-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('h2')).toContainText(ENRICH);
  await expect(canvas(page)).toHaveAttribute('data-focus', 'root');
  await expect(page.getByTestId('flame-type-ON_CPU')).toHaveAttribute('aria-checked', 'true');

  // Hover: the frame's name, samples and share of the total.
  await canvas(page).hover({ position: { x: 40, y: ROW + ROW / 2 } });
  await expect(page.getByTestId('flame-tooltip')).toContainText(/samples · \d+(\.\d)? % of total/);
  const first = (await page.getByTestId('flame-tooltip').locator('.name').textContent())!;

  // Zoom into the frame under the root, then one level deeper; Up and Root come back.
  await clickRow(page, 1, 40);
  await expect(canvas(page)).toHaveAttribute('data-focus', first);
  await expect(page.getByTestId('flame-crumbs')).toContainText('root');
  await clickRow(page, 3, 40);
  const deeper = await canvas(page).getAttribute('data-focus');
  expect(deeper).not.toBe(first);
  await page.getByTestId('flame-up').click();
  await expect(canvas(page)).not.toHaveAttribute('data-focus', deeper!);
  await page.getByTestId('flame-root').click();
  await expect(canvas(page)).toHaveAttribute('data-focus', 'root');
  // The keyboard too: down to the heaviest callee twice, Enter zooms there.
  await canvas(page).focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('flame-tooltip')).toContainText('Task.run');
  await page.keyboard.press('Enter');
  await expect(canvas(page)).toHaveAttribute('data-focus', /taskmanager\.Task\.run/);
  await page.getByTestId('flame-root').click();

  // Search a frame name: the share of samples it holds, and its heaviest frames to zoom into.
  await page.getByTestId('flame-search').fill('EnrichWithCustomerProfile');
  await expect(page.getByTestId('flame-search-share')).toContainText(/\d+(\.\d)? % of samples in \d+ matching frame/);
  await page.getByTestId('flame-match').first().click();
  await expect(canvas(page)).toHaveAttribute('data-focus', /EnrichWithCustomerProfileFunction/);
  await dialog.screenshot({ path: path.join(SHOTS, '15-2-flame-graph-on-cpu.png') });

  // Off-CPU: another tree of the same instant, from its root.
  await page.getByTestId('flame-type-OFF_CPU').click();
  await expect(page.getByTestId('flame-type-OFF_CPU')).toHaveAttribute('aria-checked', 'true');
  await expect(canvas(page)).toHaveAttribute('data-focus', 'root');
  await page.getByTestId('flame-search').fill('');
  await page.getByTestId('flame-type-ON_CPU').click();
  await expect(page.getByTestId('flame-type-ON_CPU')).toHaveAttribute('aria-checked', 'true');
});

test('a 50 000-frame full graph stays fluid, and a frame named with markup is shown as text', async ({ page }) => {
  await openSustainedIncident(page);
  const incident = page.getByTestId('incident-detail');
  const clicked = Date.now();
  await incident.getByTestId('evidence-open').filter({ hasText: 'full flame graph' }).click();
  await expect(page.getByTestId('flame-stats')).toContainText(`${BIG_TREE_NODES.toLocaleString('en')} frames`);
  await expect(canvas(page)).not.toHaveAttribute('data-draw-ms', '0.00');
  const openMs = Date.now() - clicked;
  const rects = Number(await canvas(page).getAttribute('data-rects'));
  expect(rects).toBeGreaterThan(100);
  expect(rects).toBeLessThan(BIG_TREE_NODES / 4);
  // Hover across the graph: each redraw is measured by the view itself.
  const box = (await canvas(page).boundingBox())!;
  const draws: number[] = [];
  for (let k = 0; k < 30; k++) {
    await page.mouse.move(box.x + 5 + (k * (box.width - 10)) / 30, box.y + ROW * (1 + (k % 6)) + 4);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    draws.push(Number(await canvas(page).getAttribute('data-draw-ms')));
  }
  draws.sort((a, b) => a - b);
  console.log(
    `flame graph of ${BIG_TREE_NODES} frames: opened (fetch, decode, flatten, first draw) in ${openMs} ms; ${rects} rectangles, redraw median ${draws[15]} ms, max ${draws[29]} ms`,
  );
  expect(draws[15]).toBeLessThan(16);

  await page.getByTestId('flame-search').fill('onerror');
  const match = page.getByTestId('flame-match').first();
  await expect(match).toContainText(HOSTILE_FRAME);
  await match.click();
  await expect(canvas(page)).toHaveAttribute('data-focus', HOSTILE_FRAME);
  await expect(page.getByTestId('flame-crumbs')).toContainText('<b>frame</b>');
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(page.getByTestId('evidence-dialog').locator('b', { hasText: 'frame' })).toHaveCount(0);
  await page.getByTestId('flame-root').click();
  await page.getByTestId('evidence-dialog').screenshot({ path: path.join(SHOTS, '15-3-flame-graph-50k-full.png') });
});

test('the thread dump folds threads by state and stack, the bottleneck task threads first', async ({ page }) => {
  await openSustainedIncident(page);
  await page
    .getByTestId('incident-detail')
    .getByTestId('evidence-open')
    .filter({ hasText: 'thread dump' })
    .first()
    .click();
  const dump = page.getByTestId('thread-dump');
  await expect(dump).toBeVisible();
  await expect(dump).toContainText(/\d+ threads in \d+ groups/);
  const groups = dump.getByTestId('thread-group');
  await expect(groups.first().getByTestId('task-badge')).toContainText('task thread');
  await expect(groups.first().getByTestId('thread-name').first()).toHaveText(TASK_THREAD);
  await expect(groups.first().getByTestId('thread-stack')).toContainText('processElement');
  // The other groups fold their stacks until asked.
  const second = groups.nth(1);
  await expect(second.getByTestId('thread-stack')).toHaveCount(0);
  await second.getByRole('button', { name: '▸' }).click();
  await expect(second.getByTestId('thread-stack')).toBeVisible();
  await page.getByTestId('evidence-dialog').screenshot({ path: path.join(SHOTS, '15-4-thread-dump.png') });
  await page.getByTestId('evidence-close').click();
  await expect(page.getByTestId('evidence-dialog')).toHaveCount(0);
});

test('the vertex panel lists the bottleneck capture; the dark theme reads as well', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await openSustainedIncident(page);
  const detail = page.getByTestId('vertex-detail');
  await expect(page.getByTestId('detail-title')).toContainText(ENRICH);
  await expect(detail.getByTestId('evidence-list')).toContainText('on-CPU flame graph');
  // A finished recording: nothing to capture now.
  await expect(detail.getByTestId('capture-now')).toHaveCount(0);
  await detail.getByTestId('evidence-time').first().click();
  await detail.getByTestId('evidence-open').filter({ hasText: 'on-CPU flame graph' }).click();
  await expect(canvas(page)).toHaveAttribute('data-focus', 'root');
  await canvas(page).hover({ position: { x: 60, y: ROW * 2 + ROW / 2 } });
  await page.getByTestId('evidence-dialog').screenshot({ path: path.join(SHOTS, '15-5-flame-graph-dark.png') });
  await page.getByTestId('dump-tm').first().click();
  await expect(page.getByTestId('thread-group').first().getByTestId('task-badge')).toBeVisible();
  await page.getByTestId('evidence-dialog').screenshot({ path: path.join(SHOTS, '15-5-thread-dump-dark.png') });
});

test('a cluster without flame graphs: the incident says so with the setting; thread names with markup are text', async ({
  page,
}) => {
  await openSustainedIncident(page, disabled);
  const list = page.getByTestId('incident-detail').getByTestId('evidence-list');
  const na = list.locator('[data-testid="evidence-entry"][data-status="not-available"]');
  await expect(na).toContainText('flame graph');
  await expect(na).toContainText('not available');
  await expect(na.getByTestId('evidence-note')).toHaveText(NOT_AVAILABLE_NOTE);
  await expect(na.getByTestId('evidence-open')).toHaveCount(0);
  await list.getByTestId('evidence-open').filter({ hasText: 'thread dump' }).click();
  const dump = page.getByTestId('thread-dump');
  await expect(dump.getByTestId('thread-name').first()).toHaveText('Window(Tumbling 10s) <script>x</script> (3/4)#0');
  await expect(dump.getByTestId('task-badge')).toBeVisible();
  await expect(dump.getByTestId('thread-stack')).toHaveText('at <b>Evil</b>.run(Evil.java:1)');
  await expect(dump.locator('b', { hasText: 'Evil' })).toHaveCount(0);
  await page.getByTestId('evidence-close').click();
  await page
    .getByTestId('incident-detail')
    .screenshot({ path: path.join(SHOTS, '15-6-flame-graphs-not-available.png') });
});

test.describe('while this process records the session', () => {
  let cluster: SimulatedCluster;
  let rec: SteppedRecording;
  let live: ServedSession;
  let recording = true;

  test.beforeAll(async () => {
    test.setTimeout(60_000);
    const model = createSimulation({ scenario: 'healthy', seed: 7, startTime: T0 });
    cluster = await startSim({ scenario: 'healthy', model });
    rec = steppedRecording({ file: path.join(dir, 'live.backflow'), targets: [{ url: cluster.url }], models: [model] });
    for (let i = 0; i < 3; i++) await rec.step();
    live = await startServer({
      sessionPath: rec.file,
      port: 0,
      staticRoot: UI,
      pollMs: 100,
      captureEvidence: { active: () => recording, request: (r) => rec.recorder.requestEvidence(r) },
    });
  });
  test.afterAll(async () => {
    await live?.close();
    rec?.finish().close();
    await cluster?.close();
  });

  test('"Capture now" captures the selected vertex from the next poll on, and not twice in 30 s', async ({ page }) => {
    test.setTimeout(60_000);
    const info = await (
      await fetch(`${live.url}api/sessionInfo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-backflow-token': live.token },
        body: '{}',
      })
    ).json();
    const sink = (info as { vertices: { vertexId: string; jobId: string; name: string }[] }).vertices.find((v) =>
      v.name.startsWith('Sink'),
    )!;
    await page.goto(`${live.url}#token=${live.token}&v=1~${sink.jobId}~${sink.vertexId}`);
    const detail = page.getByTestId('vertex-detail');
    await expect(page.getByTestId('detail-title')).toContainText('Sink');
    await expect(detail.getByTestId('evidence-list')).toHaveCount(0);
    await detail.getByTestId('capture-now').click();
    await expect(detail.getByTestId('capture-answer')).toHaveText(
      'flame graphs and thread dumps will be captured from the next poll on',
    );
    await rec.step();
    await rec.step();
    const list = detail.getByTestId('evidence-list');
    await expect(list.getByTestId('evidence-open').filter({ hasText: 'on-CPU flame graph' })).toBeVisible({
      timeout: 10_000,
    });
    await expect(list).toContainText('thread dump');
    await detail.getByTestId('capture-now').click();
    await expect(detail.getByTestId('capture-answer')).toHaveText(/^captured moments ago: ask again in \d+ s$/);
    await page.screenshot({ path: path.join(SHOTS, '15-7-capture-now.png'), fullPage: true });
    recording = false;
  });
});

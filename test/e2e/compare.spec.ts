// Comparing two sessions in the served mode, as a user meets it: `backflow serve before after`
// on two recordings of the simulator (a sustained bottleneck, then a healthy run after the fix),
// the list of both, the compare view with its words, both lane sets on one axis with one cursor,
// the report download, and a session being recorded followed live.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, type ServedSession } from '../../electron/server/server';
import { recordScenario, startRecording, type OpenRecording } from '../fixtures/compare-pair';
import { TempDir } from '../fixtures/recorder/harness';
import { SHOTS, UI, watchProblems } from './fixtures/served';

let tmp: TempDir;
let served: ServedSession;
let live: OpenRecording;
let problems: string[] = [];

test.beforeAll(async () => {
  tmp = new TempDir();
  const before = await recordScenario('sustained-bottleneck', 7, tmp.file('before-fix.backflow'));
  const after = await recordScenario('healthy', 7, tmp.file('after-fix.backflow'));
  live = await startRecording('healthy', 5, tmp.file('recording.backflow'), 6);
  served = await startServer({
    sessionPath: before,
    sessionPaths: [before, after, live.file],
    port: 0,
    staticRoot: UI,
    pollMs: 100,
  });
});

test.afterAll(async () => {
  await served?.close();
  await live?.stop();
  tmp?.remove();
});

test.beforeEach(({ page }) => {
  problems = watchProblems(page);
});
test.afterEach(() => {
  expect(problems).toEqual([]);
});

async function openCompare(page: Page, a: string, b: string): Promise<void> {
  await page.goto(served.openUrl);
  await expect(page.getByTestId('session-card')).toHaveCount(3);
  const pick = (name: string) =>
    page.getByTestId('session-card').filter({ hasText: name }).getByTestId('session-pick').check();
  await pick(a);
  await pick(b);
  await page.getByTestId('compare-open').click();
  await expect(page.getByTestId('compare-screen')).toBeVisible();
  await expect(page.getByTestId('compare-summary')).toBeVisible();
}

const cursorX = async (page: Page, side: 'a' | 'b'): Promise<number> => {
  const box = await page.getByTestId(`compare-lanes-${side}`).getByTestId('lanes-cursor').boundingBox();
  return box!.x;
};

test('lists the served sessions and opens one to replay it', async ({ page }) => {
  await page.goto(served.openUrl);
  await expect(page.getByTestId('session-file')).toHaveText([
    'before-fix.backflow',
    'after-fix.backflow',
    'recording.backflow',
  ]);
  await expect(page.getByTestId('session-card').filter({ hasText: 'recording.backflow' })).toContainText('live');
  await page.getByTestId('session-card').first().getByTestId('session-pick').check();
  await page.screenshot({ path: path.join(SHOTS, '12-compare-session-list.png') });
  await page.getByTestId('session-card').first().getByTestId('session-pick').uncheck();
  await page.getByTestId('session-card').filter({ hasText: 'after-fix.backflow' }).getByTestId('session-open').click();
  await expect(page.locator('header .file')).toHaveText('after-fix.backflow');
  await expect(page.getByTestId('lane-label').first()).toBeVisible();
  await page.getByTestId('back-to-sessions').click();
  await expect(page.getByTestId('session-card')).toHaveCount(3);
});

test('compares before and after the fix: words, aligned lanes, one cursor, the report', async ({ page }) => {
  await openCompare(page, 'before-fix.backflow', 'after-fix.backflow');
  const summary = page.getByTestId('compare-summary');
  await expect(summary).toContainText('Orders Enrichment');
  await expect(page.getByTestId('compare-deltas')).toContainText(/no longer the bottleneck; busy 100 % → \d+ %/);
  await expect(summary.getByTestId('compare-table').locator('tbody tr').first()).toBeVisible();

  // Each vertex's change is drawn on its node in both job graphs: the fixed bottleneck resolved,
  // its busy p95 down from 100 %, inside the node; every vertex of B carries its mark.
  for (const side of ['a', 'b'] as const) {
    const graph = page.getByTestId(`compare-graph-${side}`);
    const enrich = graph.getByTestId('graph-vertex').filter({ hasText: 'KeyedProcess' });
    const mark = enrich.getByTestId('graph-delta');
    await expect(mark).toHaveAttribute('data-verdict', 'resolved');
    await expect(mark).toHaveText(/^resolved · busy 100%→\d+%$/);
    await expect(enrich).toHaveAttribute('aria-label', /compared: .*no longer the bottleneck/);
    const node = (await enrich.locator('rect.body').boundingBox())!;
    const label = (await mark.locator('text').boundingBox())!;
    expect(label.x + label.width).toBeLessThanOrEqual(node.x + node.width);
    expect(label.y + label.height).toBeLessThanOrEqual(node.y + node.height);
  }
  const graphB = page.getByTestId('compare-graph-b');
  await expect(graphB.getByTestId('graph-delta')).toHaveCount(await graphB.getByTestId('graph-vertex').count());

  // Both lane sets: the same vertices by name, drawn on one axis (same track width and start).
  const labelsA = page.getByTestId('compare-lanes-a').getByTestId('lane-label');
  const labelsB = page.getByTestId('compare-lanes-b').getByTestId('lane-label');
  await expect(labelsA.first()).toBeVisible();
  expect(await labelsA.count()).toBe(await labelsB.count());
  const lanesA = (await page.getByTestId('compare-lanes-a').getByTestId('lanes').boundingBox())!;
  const lanesB = (await page.getByTestId('compare-lanes-b').getByTestId('lanes').boundingBox())!;
  expect(lanesB.x).toBe(lanesA.x);
  expect(lanesB.width).toBe(lanesA.width);

  // One cursor: a click in A's lanes moves B's cursor to the same place, and back.
  await page
    .getByTestId('compare-lanes-a')
    .getByTestId('lanes')
    .click({ position: { x: lanesA.width * 0.3, y: 5 } });
  await expect.poll(() => cursorX(page, 'a')).toBeCloseTo(lanesA.x + lanesA.width * 0.3, -1);
  await expect.poll(() => cursorX(page, 'b')).toBeCloseTo(await cursorX(page, 'a'), 0);
  await page
    .getByTestId('compare-lanes-b')
    .getByTestId('lanes')
    .click({ position: { x: lanesB.width * 0.7, y: 5 } });
  await expect.poll(() => cursorX(page, 'a')).toBeCloseTo(lanesA.x + lanesA.width * 0.7, -1);
  await expect.poll(() => cursorX(page, 'b')).toBeCloseTo(await cursorX(page, 'a'), 0);

  // The replay's keys move the one cursor too.
  await page.keyboard.press('Home');
  await expect.poll(() => cursorX(page, 'a')).toBeCloseTo(lanesA.x - 1, -1);
  await expect.poll(() => cursorX(page, 'b')).toBeCloseTo(lanesA.x - 1, -1);
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('compare-cursor')).toContainText('09:00:10');
  await page
    .getByTestId('compare-lanes-a')
    .getByTestId('lanes')
    .click({ position: { x: lanesA.width * 0.7, y: 5 } });
  await page.screenshot({ path: path.join(SHOTS, '12-compare-light.png'), fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: path.join(SHOTS, '12-compare-dark.png'), fullPage: true });
  await page.getByTestId('compare-graph-a').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, '12-compare-graphs-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: path.join(SHOTS, '12-compare-graphs-light.png') });

  // The compare report: the same page `backflow compare --out compare.html` writes.
  const download = page.waitForEvent('download');
  await page.getByTestId('compare-report').click();
  const file = await (await download).path();
  const html = readFileSync(file, 'utf8');
  expect(html).toContain('<h1>Backflow comparison</h1>');
  expect(html).toContain('no longer the bottleneck');
  expect((await download).suggestedFilename()).toBe('compare-before-fix-after-fix.html');
});

test('aligns by the worst incident on request', async ({ page }) => {
  await openCompare(page, 'before-fix.backflow', 'after-fix.backflow');
  await page.getByTestId('align-episode').click();
  await expect(page.getByTestId('align-episode')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('compare-alignment')).toContainText('Aligned by');
  // The address names the comparison: a reload reopens it, aligned the same way.
  expect(new URL(page.url()).hash).toBe('#compare=s1,s2&align=episode');
  await page.reload();
  await expect(page.getByTestId('compare-screen')).toBeVisible();
  await expect(page.getByTestId('align-episode')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('compare-file-b')).toHaveText('after-fix.backflow');
  await page.getByTestId('back-to-sessions').click();
  await expect(page.getByTestId('session-card')).toHaveCount(3);
  expect(new URL(page.url()).hash).toBe('');
});

test('follows a session being recorded: new ticks extend its lanes', async ({ page }) => {
  await openCompare(page, 'before-fix.backflow', 'recording.backflow');
  const info = async () =>
    (await (
      await fetch(`${served.url}api/sessionInfo?session=s3`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-backflow-token': served.token },
        body: '{}',
      })
    ).json()) as { tickCount: number };
  const ticks = (await info()).tickCount;
  const text = async () => page.getByTestId('compare-alignment').textContent();
  const first = await text();
  for (let i = 0; i < 6; i++) await live.step();
  expect((await info()).tickCount).toBe(ticks + 6);
  // B's length in the line above the summary grows with the recording.
  await expect.poll(text, { timeout: 15_000 }).not.toBe(first);
});

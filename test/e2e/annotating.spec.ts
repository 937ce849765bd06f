// Issue 17, item 10: annotating has no side effects. Saving a note must not make the session
// reopen as "live" at its end; a region's length is not mistaken for an offset; a note is about a
// vertex only when the user says so; overlapping notes are drawn side by side, not over each other.
import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import type { AnnotationItem, AnnotationsResult, ApiParams } from '../../shared/api';
import type { ServedSession } from '../../electron/server/server';
import { formatInstant } from '../../shared/time';
import { JOB_ID, NAMES, POLL_MS, T0, TICKS, V } from './fixtures/make-session';
import { callApi, serveFixtureSession, SHOTS, watchProblems, type ServedFixture } from './fixtures/served';
import { boxOf } from './fixtures/box';

const END = T0 + (TICKS - 1) * POLL_MS;
let fixture: ServedFixture;
let served: ServedSession;
let problems: string[] = [];

test.beforeEach(async ({ page }) => {
  fixture = await serveFixtureSession('annotating', { pollMs: 100 });
  served = fixture.served;
  problems = watchProblems(page);
});
test.afterEach(async () => {
  await fixture?.close();
  expect(problems).toEqual([]);
});

const api = <T>(method: string, params: unknown): Promise<T> => callApi<T>(served, method, params);
const seed = (p: Partial<ApiParams<'addAnnotation'>> & { start: number; text: string }) =>
  api<AnnotationItem>('addAnnotation', { end: null, tag: 'note', clusterId: null, jobId: null, vertexId: null, ...p });
const stored = async () =>
  Promise.all(
    (await api<AnnotationsResult>('annotations', {})).annotations.map((a) =>
      api<AnnotationItem>('annotation', { id: a.id }),
    ),
  );

async function openWhole(page: Page): Promise<void> {
  await page.goto(`${served.openUrl}&from=${T0}&to=${END}&t=${T0}`);
  await expect(page.getByTestId('lane-label')).toHaveCount(4);
}

test('after saving notes, the session reopens as it did: not live, the cursor not moved to the end', async ({
  page,
  context,
}) => {
  await page.goto(served.openUrl);
  await expect(page.getByTestId('lane-label')).toHaveCount(4);
  await expect(page.getByTestId('incident-headline-text')).toBeVisible();
  const opened = await page.getByTestId('cursor-time').textContent();
  await expect(page.locator('header')).not.toContainText('live');
  const lanes = await boxOf(page.getByTestId('lanes'));
  await page.keyboard.down('Control');
  await page.mouse.click(lanes.x + lanes.width * 0.4, lanes.y + 9);
  await page.keyboard.up('Control');
  await page.getByTestId('annotation-text').fill('root cause: hot key in the window operator');
  await page.getByTestId('annotation-save').click();
  await expect(page.getByTestId('annotation-row')).toHaveCount(1);

  // Reopen the printed link, as the user did.
  const again = await context.newPage();
  await again.goto(served.openUrl);
  await expect(again.getByTestId('lane-label')).toHaveCount(4);
  await expect(again.getByTestId('incident-headline-text')).toBeVisible();
  await expect(again.getByTestId('annotation-row')).toHaveCount(1);
  await expect(again.locator('header')).not.toContainText('live');
  await expect(again.getByTestId('cursor-time')).toHaveText(opened!);
  expect(await again.getByTestId('cursor-time').textContent()).not.toBe(formatInstant(END));
  await again.screenshot({ path: path.join(SHOTS, '17-10-reopened-after-note.png') });
  await again.close();
});

test('a region in the notes list reads as its times and its length; the header’s offset says T+', async ({ page }) => {
  await seed({ start: T0 + 60_000, end: T0 + 222_000, text: 'consumer lag alert' });
  await openWhole(page);
  await expect(page.getByTestId('annotation-when')).toHaveText('16:01:00–16:03:42 (2m 42s long)');
  await page.getByTestId('annotation-row').getByRole('button').first().click();
  await expect(page.getByTestId('cursor-offset')).toHaveText('T+1m 00s');
  await expect(page.getByTestId('cursor-offset')).toHaveAttribute('title', /since the session's start/);
});

test('a note is about a vertex only when the user picks one, whichever vertex is selected', async ({ page }) => {
  await openWhole(page);
  await page.getByTestId('lane-label').filter({ hasText: NAMES[V.window] }).click();
  await expect(page.getByTestId('detail-title')).toContainText(NAMES[V.window]);
  const lanes = await boxOf(page.getByTestId('lanes'));
  await page.keyboard.down('Control');
  await page.mouse.click(lanes.x + lanes.width * 0.3, lanes.y + 9);
  await page.keyboard.up('Control');
  await expect(page.getByTestId('annotation-vertex')).toHaveValue('');
  await page.getByTestId('annotation-text').fill('deploy');
  await page.getByTestId('annotation-save').click();
  await expect(page.getByTestId('annotation-row')).toHaveCount(1);
  // Picked on purpose: then it is about that vertex.
  await page.keyboard.down('Control');
  await page.mouse.click(lanes.x + lanes.width * 0.6, lanes.y + 9);
  await page.keyboard.up('Control');
  await page.getByTestId('annotation-vertex').selectOption({ label: NAMES[V.map] });
  await page.getByTestId('annotation-text').fill('map restarted');
  await page.getByTestId('annotation-save').click();
  await expect(page.getByTestId('annotation-row')).toHaveCount(2);
  const notes = (await stored()).sort((a, b) => a.start - b.start);
  expect(notes.map((n) => [n.text, n.vertexId])).toEqual([
    ['deploy', null],
    ['map restarted', V.map],
  ]);
  expect(notes[1]!.jobId).toBe(JOB_ID);
});

test('overlapping notes are drawn side by side, each in its own row', async ({ page }) => {
  await seed({ start: T0 + 100_000, end: T0 + 300_000, text: 'incident window', tag: 'incident' });
  await seed({ start: T0 + 200_000, end: T0 + 400_000, text: 'deploy rollout', tag: 'deploy' });
  await seed({ start: T0 + 250_000, text: 'pager fired', tag: 'alert' });
  await openWhole(page);
  const rows = page.getByTestId('lane-annotations');
  await expect(rows).toHaveCount(3);
  const lanes = await boxOf(page.getByTestId('lanes-canvas'));
  const x = lanes.x + ((T0 + 250_000 - T0) / (END - T0)) * lanes.width;
  const rgb = async (y: number) =>
    page.getByTestId('lanes-canvas').evaluate(
      (c, [px, py]) => {
        const cv = c as HTMLCanvasElement;
        const r = cv.getBoundingClientRect();
        const k = cv.width / r.width;
        return Array.from(
          cv.getContext('2d')!.getImageData(Math.round((px! - r.x) * k), Math.round((py! - r.y) * k), 1, 1).data,
        );
      },
      [x, y],
    );
  // At 250 s all three overlap: three rows, three different colours (incident, deploy, alert tags).
  const colours = [];
  for (let i = 0; i < 3; i++) {
    const b = await boxOf(rows.nth(i));
    const px = await rgb(b.y + 9);
    expect(px[3]).toBeGreaterThan(0);
    colours.push(px.slice(0, 3).join(','));
  }
  expect(new Set(colours).size).toBe(3);
  // Each note's tooltip is found in its own row.
  const second = await boxOf(rows.nth(1));
  await page.mouse.move(x, second.y + 9);
  await expect(page.getByTestId('lane-tooltip')).toContainText('deploy rollout');
  await page.screenshot({ path: path.join(SHOTS, '17-10-overlapping-notes.png') });
});

// Annotations as a user makes them in the served mode: Ctrl+click / Ctrl+drag on the timeline,
// edit, delete, undo, search, pinning an episode, and hostile text shown as text. Every test gets
// its own session file (annotations are written into it) and checks what the file holds through
// the same HTTP API a second viewer would use.
import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import {
  ANNOTATION_PREVIEW_CHARS,
  type AnnotationItem,
  type AnnotationsResult,
  type ApiParams,
} from '../../shared/api';
import type { ServedSession } from '../../electron/server/server';
import { JOB_ID, NAMES, POLL_MS, SUSTAINED, T0, TICKS, V } from './fixtures/make-session';
import { callApi, serveFixtureSession, SHOTS, watchProblems, type ServedFixture } from './fixtures/served';
import { boxOf } from './fixtures/box';

const END = T0 + (TICKS - 1) * POLL_MS;
const HOSTILE = '<img src=x onerror=alert(1)>';
let fixture: ServedFixture;
let served: ServedSession;
let problems: string[] = [];

test.beforeEach(async ({ page }) => {
  fixture = await serveFixtureSession('annot', { pollMs: 100 });
  served = fixture.served;
  // An alert() from injected markup would show up here.
  problems = watchProblems(page);
});

test.afterEach(async () => {
  await fixture?.close();
  expect(problems).toEqual([]);
});

const api = <T>(method: string, params: unknown): Promise<T> => callApi<T>(served, method, params);
/** What the file holds: the list (previews) and each annotation fetched whole. */
const stored = async () =>
  Promise.all(
    (await api<AnnotationsResult>('annotations', {})).annotations.map((a) =>
      api<AnnotationItem>('annotation', { id: a.id }),
    ),
  );
const seed = (p: Partial<ApiParams<'addAnnotation'>> & { start: number; text: string }) =>
  api<AnnotationItem>('addAnnotation', { end: null, tag: 'note', clusterId: null, jobId: null, vertexId: null, ...p });

/** Opens the whole session (a link naming that view; a plain one opens on the worst incident). */
async function openSession(page: Page): Promise<void> {
  await page.goto(`${served.openUrl}&from=${T0}&to=${END}&t=${T0}`);
  await expect(page.getByTestId('lane-label')).toHaveCount(4);
}

/** The instant under a fraction of the lanes' width while the window is the whole session. */
const instantAt = (f: number) => T0 + f * (END - T0);

const lanesBox = (page: Page) => boxOf(page.getByTestId('lanes'));

const rows = (page: Page) => page.getByTestId('annotation-row');
const rowTexts = (page: Page) => page.getByTestId('annotation-row-text');

test('Ctrl+click marks an instant, Ctrl+drag a region; edit, delete and undo', async ({ page }) => {
  await openSession(page);
  await expect(page.getByTestId('annotations-panel')).toContainText('No annotations yet');
  const box = await lanesBox(page);

  // Ctrl+click at a quarter of the lanes: a point annotation attached to the window operator.
  await page.keyboard.down('Control');
  await page.mouse.click(box.x + box.width * 0.25, box.y + 9);
  await page.keyboard.up('Control');
  const editor = page.getByTestId('annotation-editor');
  await expect(editor).toBeVisible();
  await expect(page.getByTestId('annotation-save')).toBeDisabled();
  await page.getByTestId('annotation-text').fill('deploy of v2.3');
  await page.getByTestId('annotation-tag').selectOption('deploy');
  await page.getByTestId('annotation-vertex').selectOption({ label: NAMES[V.window] });
  await page.getByTestId('annotation-save').click();
  await expect(editor).toHaveCount(0);
  await expect(rowTexts(page)).toHaveText(['deploy of v2.3']);
  await expect(rows(page).first()).toContainText(NAMES[V.window]);

  // Ctrl+drag from the middle to 70 %: a region.
  await page.keyboard.down('Control');
  await page.mouse.move(box.x + box.width * 0.5, box.y + 27);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, box.y + 27, { steps: 4 });
  await page.mouse.move(box.x + box.width * 0.7, box.y + 27, { steps: 4 });
  await page.mouse.up();
  await page.keyboard.up('Control');
  await expect(editor).toBeVisible();
  await page.getByTestId('annotation-text').fill('Kafka lag alert');
  await page.getByTestId('annotation-tag').selectOption('alert');
  await page.getByTestId('annotation-save').click();
  await expect(rowTexts(page)).toHaveText(['deploy of v2.3', 'Kafka lag alert']);

  // The file holds both, where the mouse put them (one pixel of tolerance per lane width).
  const px = (END - T0) / box.width;
  let all = await stored();
  expect(all).toHaveLength(2);
  const [point, region] = all;
  expect(point).toMatchObject({
    text: 'deploy of v2.3',
    tag: 'deploy',
    end: null,
    source: 'user',
    clusterId: 1,
    jobId: JOB_ID,
    vertexId: V.window,
  });
  expect(Math.abs(point!.start - instantAt(0.25))).toBeLessThanOrEqual(2 * px);
  expect(region).toMatchObject({ text: 'Kafka lag alert', tag: 'alert', vertexId: null });
  expect(Math.abs(region!.start - instantAt(0.5))).toBeLessThanOrEqual(2 * px);
  expect(Math.abs(region!.end! - instantAt(0.7))).toBeLessThanOrEqual(2 * px);
  await page.screenshot({ path: path.join(SHOTS, '10-annotations-created.png') });

  // Edit the point's text and tag in the panel.
  await rows(page).first().getByTestId('annotation-edit').click();
  await page.getByTestId('annotation-text').fill('deploy of v2.4');
  await page.getByTestId('annotation-tag').selectOption('incident');
  await page.getByTestId('annotation-save').click();
  await expect(rowTexts(page)).toHaveText(['deploy of v2.4', 'Kafka lag alert']);
  expect((await stored()).find((a) => a.id === point!.id)).toMatchObject({
    text: 'deploy of v2.4',
    tag: 'incident',
    start: point!.start,
  });

  // Delete the region; Ctrl+Z brings it back (same times, text and tag), a second Ctrl+Z undoes the edit.
  await rows(page).nth(1).getByTestId('annotation-delete').click();
  await expect(rowTexts(page)).toHaveText(['deploy of v2.4']);
  expect(await stored()).toHaveLength(1);
  await page.keyboard.press('Control+z');
  await expect(rowTexts(page)).toHaveText(['deploy of v2.4', 'Kafka lag alert']);
  all = await stored();
  expect(all[1]).toMatchObject({ text: 'Kafka lag alert', tag: 'alert', start: region!.start, end: region!.end });
  await page.keyboard.press('Control+z');
  await expect(rowTexts(page)).toHaveText(['deploy of v2.3', 'Kafka lag alert']);
  expect((await stored())[0]).toMatchObject({ text: 'deploy of v2.3', tag: 'deploy' });

  // Escape in a fresh form cancels without writing anything.
  await page.keyboard.down('Control');
  await page.mouse.click(box.x + box.width * 0.9, box.y + 9);
  await page.keyboard.up('Control');
  await page.getByTestId('annotation-text').fill('never mind');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('annotation-editor')).toHaveCount(0);
  expect(await stored()).toHaveLength(2);
  await page.screenshot({ path: path.join(SHOTS, '11-annotations-after-undo.png') });
});

test('the search box filters the panel by text and tag', async ({ page }) => {
  await seed({ start: T0 + 30_000, text: 'Deploy of v2.3 to production', tag: 'deploy' });
  await seed({ start: T0 + 90_000, end: T0 + 150_000, text: 'Kafka consumer lag alert', tag: 'alert' });
  await seed({ start: T0 + 200_000, text: 'Window operator GC storm', tag: 'incident' });
  await openSession(page);
  await expect(rows(page)).toHaveCount(3);
  const search = page.getByTestId('annotation-search');
  await search.fill('kafka');
  await expect(rowTexts(page)).toHaveText(['Kafka consumer lag alert']);
  await search.fill('INCIDENT');
  await expect(rowTexts(page)).toHaveText(['Window operator GC storm']);
  await search.fill('o');
  await expect(rows(page)).toHaveCount(3);
  await search.fill('no such thing');
  await expect(rows(page)).toHaveCount(0);
  await search.fill('');
  await expect(rows(page)).toHaveCount(3);
  // Selecting a row moves the cursor to it.
  await rows(page).nth(1).getByRole('button').first().click();
  await expect.poll(async () => Date.parse((await page.getByTestId('cursor-time').textContent())!)).toBe(T0 + 90_000);
});

test('an incident found by the analysis can be pinned as an annotation', async ({ page }) => {
  await openSession(page);
  const row = page.getByTestId('episode-row').filter({ hasText: 'sustained' }).filter({ hasText: NAMES[V.source] });
  await row.first().click();
  await page.getByTestId('episode-pin').click();
  // The pin says what the incident's one-line summary says, on its bottleneck.
  const text = (await page.getByTestId('incident-detail').locator('.headline').textContent())!;
  expect(text).toContain(`backpressure on ${NAMES[V.source]} and`);
  await expect(rowTexts(page)).toHaveText([text]);
  await expect(rows(page).first()).toContainText('pinned');
  // Pinning it again keeps the one annotation, and one Ctrl+Z takes the pin back.
  await page.getByTestId('episode-pin').click();
  await expect(rows(page)).toHaveCount(1);
  const [pinned] = await stored();
  expect(await stored()).toHaveLength(1);
  expect(pinned).toMatchObject({
    source: 'auto',
    pinned: true,
    tag: 'auto',
    text,
    clusterId: 1,
    jobId: JOB_ID,
    vertexId: V.window,
  });
  expect(pinned!.autoKey).toMatch(/^incident:/);
  // The pin spans the incident the analysis found inside the scripted sustained stretch.
  expect(pinned!.start).toBeGreaterThanOrEqual(SUSTAINED.from - POLL_MS);
  expect(pinned!.end).toBeLessThanOrEqual(SUSTAINED.to + POLL_MS);
  expect(pinned!.end! - pinned!.start).toBeGreaterThan(60_000);
  await page.screenshot({ path: path.join(SHOTS, '12-annotation-pinned.png') });
  await page.keyboard.press('Control+z');
  await expect(rows(page)).toHaveCount(0);
  expect(await stored()).toEqual([]);
  // Nothing is left to undo: the repeated pin added no step of its own.
  await expect(page.getByTestId('annotation-undo')).toHaveCount(0);
});

test('hostile annotation text is shown as text, to this viewer and to another one watching', async ({
  page,
  browser,
}) => {
  await openSession(page);
  const other = await browser.newPage();
  other.on('dialog', (d) => {
    problems.push(`unexpected dialog in the second viewer: ${d.message()}`);
    void d.dismiss();
  });
  await other.goto(served.openUrl);
  await expect(other.getByTestId('annotations-panel')).toContainText('No annotations yet');

  const box = await lanesBox(page);
  await page.keyboard.down('Control');
  await page.mouse.click(box.x + box.width * 0.4, box.y + 9);
  await page.keyboard.up('Control');
  await page.getByTestId('annotation-text').fill(HOSTILE);
  await page.getByTestId('annotation-save').click();
  await expect(rowTexts(page)).toHaveText([HOSTILE]);
  // The second viewer is told over SSE and shows it too, as text.
  await expect(other.getByTestId('annotation-row-text')).toHaveText([HOSTILE], { timeout: 10_000 });

  // Hovering its mark in the annotation lane shows the text in the tooltip, as text.
  const annotationLane = await boxOf(page.getByTestId('lane-annotations'));
  await page.mouse.move(box.x + box.width * 0.4, annotationLane.y + annotationLane.height / 2);
  await expect(page.locator('.hover')).toContainText(HOSTILE);
  for (const p of [page, other]) {
    expect(await p.locator('img').count()).toBe(0);
    expect(await p.evaluate(() => document.body.innerHTML.includes('<img'))).toBe(false);
  }
  await page.screenshot({ path: path.join(SHOTS, '13-annotation-hostile-text.png') });
  await other.close();
});

test('a long note is listed as a preview, fetched whole only when opened or edited, and found by words past its preview', async ({
  page,
}) => {
  const long = `${'Consumer lag grew on every partition. '.repeat(200)}END-OF-NOTE`;
  const note = await seed({ start: T0 + 30_000, text: long, tag: 'incident' });
  await seed({ start: T0 + 60_000, text: 'short note', tag: 'note' });
  // Every whole-note fetch the page makes, by id.
  const fetched: number[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/api/annotation')) fetched.push((JSON.parse(r.postData() ?? '{}') as { id: number }).id);
  });
  await openSession(page);
  const row = rows(page).first();
  const text = row.getByTestId('annotation-row-text');

  // The preview: its first characters and an ellipsis, nothing fetched yet.
  await expect(text).toHaveText(`${long.slice(0, ANNOTATION_PREVIEW_CHARS)}…`);
  await expect(row.getByTestId('annotation-more')).toHaveAttribute(
    'title',
    `The whole note: ${long.length.toLocaleString('en')} characters`,
  );
  await expect(rows(page).nth(1).getByTestId('annotation-more')).toHaveCount(0);
  expect(fetched).toEqual([]);

  // Show all fetches and shows the whole note; Show less goes back to the preview.
  await row.getByTestId('annotation-more').click();
  await expect(text).toHaveText(long);
  expect(fetched).toEqual([note.id]);
  await row.getByTestId('annotation-less').click();
  await expect(text).toHaveText(`${long.slice(0, ANNOTATION_PREVIEW_CHARS)}…`);

  // The search looks at the whole texts on the main side.
  await page.getByTestId('annotation-search').fill('end-of-note');
  await expect(rowTexts(page)).toHaveCount(1);
  await expect(rowTexts(page).first()).toHaveText(`${long.slice(0, ANNOTATION_PREVIEW_CHARS)}…`);
  await page.getByTestId('annotation-search').fill('');
  await expect(rows(page)).toHaveCount(2);

  // Editing opens the whole text; changing only the tag keeps every character of it.
  await rows(page).first().getByTestId('annotation-edit').click();
  await expect(page.getByTestId('annotation-text')).toHaveValue(long);
  await page.getByTestId('annotation-tag').selectOption('alert');
  await page.getByTestId('annotation-save').click();
  await expect(page.getByTestId('annotation-editor')).toHaveCount(0);
  // The editor closes at once; the write follows.
  await expect.poll(async () => (await stored()).find((a) => a.id === note.id)?.tag).toBe('alert');
  expect((await stored()).find((a) => a.id === note.id)?.text).toBe(long);
  // Undo puts the tag back, the text untouched.
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await stored()).find((a) => a.id === note.id)?.tag).toBe('incident');
  expect((await stored()).find((a) => a.id === note.id)?.text).toBe(long);
});

// Export report… in the UI: range and content chosen in the dialog, the live preview (the
// report's own HTML in a sandboxed frame under the app's CSP), the served mode's download, and
// the desktop app's save going through the exportReport action with exactly the chosen values.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ServedSession } from '../../electron/server/server';
import { bridgeCalls, fireCommand, installFakeBridge } from './fixtures/fake-bridge';
import { JOB_NAME, POLL_MS, T0, TICKS } from './fixtures/make-session';
import { callApi, serveFixtureSession, SHOTS, watchProblems, type ServedFixture } from './fixtures/served';

const END = T0 + (TICKS - 1) * POLL_MS;
const NOTE = 'deploy of v2.3 <b>here</b>';
let fixture: ServedFixture;
let served: ServedSession;
let problems: string[] = [];

test.beforeEach(async ({ page }) => {
  fixture = await serveFixtureSession('export', { pollMs: 100 });
  served = fixture.served;
  await callApi(served, 'addAnnotation', {
    start: T0 + 90_000,
    end: null,
    text: NOTE,
    tag: 'deploy',
    clusterId: null,
    jobId: null,
    vertexId: null,
  });
  problems = watchProblems(page);
});

test.afterEach(async () => {
  await fixture?.close();
  expect(problems).toEqual([]);
});

const preview = (page: Page) => page.frameLocator('[data-testid=report-preview]');
/** Class words of the preview's incident sections ("#1 sustained HIGH Window(…): overloaded, …"). */
async function episodeClasses(page: Page): Promise<string[]> {
  // The frame reloads with each new preview; a read during that reload just tries again.
  const titles = await preview(page)
    .locator('#incidents article h3')
    .allTextContents()
    .catch(() => ['(reloading)']);
  return [...new Set(titles.map((t) => t.split(' ')[1] ?? ''))].sort();
}

test('served mode: choose range and content, the preview follows, and the HTML downloads', async ({ page }) => {
  await page.goto(served.openUrl);
  await expect(page.getByTestId('episode-row').first()).toBeVisible();
  await page.getByTestId('export-report').click();
  const dialog = page.getByTestId('export-dialog');
  await expect(dialog).toBeVisible();

  // The whole session: both incidents, the note, the tables; the hostile job name is text.
  const frame = preview(page);
  await expect(frame.locator('#summary')).toContainText('sustained');
  await expect.poll(() => episodeClasses(page)).toEqual(['sustained', 'transient']);
  await expect(frame.locator('#notes')).toContainText(NOTE);
  await expect(frame.locator('#session')).toContainText(JOB_NAME);
  await expect(frame.locator('img, script, b:text("here")')).toHaveCount(0);
  for (const id of ['#checkpoints', '#gc']) await expect(frame.locator(id)).toHaveCount(1);
  // The report's stylesheet applies inside the frame (the app's CSP allows exactly it).
  expect(await frame.locator('body').evaluate((b) => getComputedStyle(b).maxWidth)).toBe('1000px');
  await expect(page.getByTestId('export-range')).toContainText(new Date(T0).toISOString().slice(11, 19));
  await page.screenshot({ path: path.join(SHOTS, '40-export-dialog.png') });

  // Leave parts out: they vanish from the preview.
  await page.getByTestId('include-transient').uncheck();
  await page.getByTestId('include-annotations').uncheck();
  await page.getByTestId('include-gc').uncheck();
  await expect.poll(() => episodeClasses(page)).toEqual(['sustained']);
  await expect(frame.locator('#notes')).toHaveCount(0);
  await expect(frame.locator('#gc')).toHaveCount(0);
  await expect(frame.locator('#checkpoints')).toHaveCount(1);
  await expect(frame.locator('body')).not.toContainText('deploy of v2.3');

  // The download is exactly the previewed page.
  const shown = await frame.locator('#summary').innerText();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-download').click()]);
  expect(download.suggestedFilename()).toBe('incident-report.html');
  const saved = readFileSync((await download.path())!, 'utf8');
  expect(saved.startsWith('<!doctype html>')).toBe(true);
  expect(saved).toContain('<section id="checkpoints">');
  expect(saved).not.toContain('<section id="gc">');
  expect(saved).not.toContain('deploy of v2.3');
  expect(saved).toContain('&lt;img src=x onerror=alert(1)&gt;');
  expect(shown.length).toBeGreaterThan(0);

  // Range: the selected (transient) incident only.
  await page.getByTestId('include-transient').check();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await page.getByTestId('episode-row').filter({ hasText: 'transient' }).first().click();
  await page.getByTestId('export-report').click();
  await page.getByTestId('range-episode').check();
  await expect.poll(() => episodeClasses(page)).toEqual(['transient']);
  await page.getByTestId('range-session').check();
  await expect.poll(() => episodeClasses(page)).toEqual(['sustained', 'transient']);
});

test('desktop app: the menu command opens the dialog and Save calls exportReport with the chosen values', async ({
  page,
}) => {
  await installFakeBridge(page, {
    url: served.url,
    token: served.token,
    recent: [{ id: '0123456789abcdef', fileName: 'incident.backflow' }],
    servedId: '0123456789abcdef',
    recordInto: 'unused.backflow',
  });
  await page.goto(served.url);
  await page.evaluate(() => sessionStorage.setItem('fake:open', 'true'));
  await page.reload();
  await expect(page.getByTestId('episode-row').first()).toBeVisible();
  await expect(page.getByTestId('threshold')).toHaveValue('60');

  await fireCommand(page, 'export-report');
  await expect(page.getByTestId('export-dialog')).toBeVisible();
  await expect(page.getByTestId('export-download')).toHaveCount(0);
  await expect.poll(() => episodeClasses(page)).toEqual(['sustained', 'transient']);
  await page.getByTestId('include-checkpoints').uncheck();
  await page.getByTestId('include-annotations').uncheck();
  await page.getByTestId('export-format').selectOption('pdf');
  await expect(preview(page).locator('#checkpoints')).toHaveCount(0);
  await page.screenshot({ path: path.join(SHOTS, '41-export-dialog-desktop.png') });
  await page.getByTestId('export-save').click();
  await expect(page.getByTestId('export-saved')).toHaveText('Saved incident-report.pdf');

  const calls = (await bridgeCalls(page)).filter((c) => c.action === 'exportReport');
  expect(calls).toEqual([
    {
      action: 'exportReport',
      arg: {
        from: T0,
        to: END,
        sustainedAfterMs: 60_000,
        include: { transientEpisodes: true, annotations: false, checkpointTable: false, gcTable: true },
        format: 'pdf',
      },
    },
  ]);
});

// Issue 17, item 8: a report to paste into a post-mortem. The user annotated the root cause of a
// hot-key incident (and pinned a finding), exports the report and reads it: the summary and their
// note first, one section for the incident (not one per backpressured vertex), the evidence in
// words with its raw values in a compact table, the records delayed, the slow and the failed
// checkpoint highlighted among ordinary ones, no checkpoint named just for running meanwhile, and
// the colours of the screen it came from.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  annotate,
  FAILED_CHECKPOINT,
  NAMES,
  ROOT_CAUSE_NOTE,
  SLOW_CHECKPOINT,
  V,
  writeSkewSession,
} from '../fixtures/skew-session';
import { servedSessionForSpec, SHOTS } from './fixtures/served';

const session = servedSessionForSpec('hot-key', (file) => {
  writeSkewSession(file);
  annotate(file);
});

const preview = (page: Page) => page.frameLocator('[data-testid=report-preview]');

test('the exported report reads like a post-mortem: summary and notes first, one section per incident, evidence in words', async ({
  page,
}) => {
  await page.goto(session.served.openUrl);
  await expect(page.getByTestId('incident-headline-text')).toContainText('Window(…) subtask 1: data skew');
  await page.getByTestId('export-report').click();
  const frame = preview(page);
  await expect(frame.locator('#summary')).toContainText('2 incidents of backpressure');
  await page.screenshot({ path: path.join(SHOTS, '17-8-export-dialog.png') });

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-download').click()]);
  const html = readFileSync((await download.path())!, 'utf8');
  // Read it as the person pasting it would: the page itself, in the browser.
  const report = await page.context().newPage();
  await report.setContent(html, { waitUntil: 'load' });
  const text = await report.locator('body').innerText();
  const at = (s: string) => {
    const i = text.indexOf(s);
    expect(i, s).toBeGreaterThanOrEqual(0);
    return i;
  };

  // Summary, the user's root cause, then the incidents; pinned findings after them.
  expect(at('Summary')).toBeLessThan(at(ROOT_CAUSE_NOTE));
  expect(at(ROOT_CAUSE_NOTE)).toBeLessThan(at('Incidents\n'));
  expect(at('Incidents\n')).toBeLessThan(at('Pinned findings'));
  await expect(report.locator('#summary li')).toHaveCount(2);
  await expect(report.locator('#summary')).toContainText(
    'Window(…) subtask 1: data skew, backpressure on Source: Kafka Orders and KeyedProcess: Enrich 16:02:30–16:05:10 (2m 40s, sustained)',
  );
  await expect(report.locator('#summary')).toContainText('records delayed');

  // One section for the incident, both vertices inside it; the hints once, in words.
  const incident = report.locator('#incidents article').first();
  await expect(report.locator('#incidents article')).toHaveCount(2);
  await expect(incident.locator('table.facts')).toContainText(NAMES[V.source]);
  await expect(incident.locator('table.facts')).toContainText(NAMES[V.enrich]);
  await expect(incident.locator('table.facts')).toContainText('Impact');
  await expect(incident.locator('table.facts')).toContainText('records delayed');
  await expect(incident.locator('ul.hints li')).toHaveCount(2);
  await expect(incident.locator('ul.hints')).toContainText('only subtask 1 of 4 busy');
  // The raw values in a compact table, never "vertexId=…, busyMax=…" inline.
  await expect(incident.locator('table.evidence')).toContainText('busy, busiest subtask');
  await expect(incident.locator('table.evidence')).toContainText('100 %');
  expect(text).not.toMatch(/\b(vertexId|busyMax)=/);
  // A checkpoint ran during the incident, aligned for 15 ms: not named as an overlap.
  await expect(incident).not.toContainText('Explained in part by');
  expect(text).not.toContain('overlaps checkpoint');
  // The GC incident is explained by its pause: that one is named.
  await expect(report.locator('#incidents article').nth(1).locator('table.facts')).toContainText(
    'Explained in part by',
  );

  // The skewed bottleneck in the job graph: marked, with its busiest subtask, not a green "OK 0.00".
  const graph = incident.locator('figure svg').nth(1);
  await expect(graph).toContainText('BOTTLENECK');
  await expect(graph).toContainText('skew: subtask 1 busiest');
  expect(text).not.toContain('OK 0.00');

  // Outlier checkpoints highlighted, the ordinary ones in one line.
  const cps = report.locator('#checkpoints');
  const standOut = cps.locator('table').first().locator('tbody tr');
  await expect(standOut).toHaveCount(2);
  await expect(standOut.nth(0)).toContainText(String(SLOW_CHECKPOINT.id));
  await expect(standOut.nth(0)).toContainText('aligned barriers for 12s');
  await expect(standOut.nth(1)).toContainText(`${FAILED_CHECKPOINT}FAILED`);
  await expect(cps).toContainText('completed normally: median');
  // Every checkpoint is still there, folded away.
  await expect(cps.locator('details summary')).toHaveText(/All \d+ checkpoints/);

  // The screen's colours: the sustained incident in the UI's violet, OK in the UI's blue.
  expect(await incident.evaluate((el) => getComputedStyle(el).borderLeftColor)).toBe('rgb(94, 60, 153)');
  expect(html).toContain('#9cc3e0');

  await report.screenshot({ path: path.join(SHOTS, '17-8-report-top.png') });
  await incident.screenshot({ path: path.join(SHOTS, '17-8-report-incident.png') });
  await cps.screenshot({ path: path.join(SHOTS, '17-8-report-checkpoints.png') });
  await report.screenshot({ path: path.join(SHOTS, '17-8-report-full.png'), fullPage: true });
  await report.close();
});

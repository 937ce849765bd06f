// Issue 16, item 4: a job with more vertices than one overview answer carries shows its lanes a
// page at a time. 450 vertices: pages 1–200, 201–400 and 401–450; vertex 321 is backpressured
// by the busy vertex 322, on the second page.
import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import { MAX_OVERVIEW_LANES } from '../../shared/api';
import { WIDE_JOB_ID, wideVertexId, wideVertexName, writeWideSession, type WideShape } from '../fixtures/wide-session';
import { servedSessionForSpec, SHOTS } from './fixtures/served';

const SHAPE: WideShape = { vertices: 450, ticks: 60, intervalMs: 10_000, t0: 1_764_000_000_000, backpressured: [321] };
const TO = SHAPE.t0 + (SHAPE.ticks - 1) * SHAPE.intervalMs;

const session = servedSessionForSpec('lane-pages', (file) => writeWideSession(file, SHAPE));

const range = (page: Page) => page.getByTestId('lane-page-range');
const labels = (page: Page) => page.getByTestId('lane-label');

test('opens on the page of the worst incident, and pages by keyboard with labelled buttons', async ({ page }) => {
  expect(MAX_OVERVIEW_LANES).toBe(200);
  await page.goto(session.served.openUrl);
  // The first analysis frames the worst incident: its bottleneck is on the second page.
  await expect(range(page)).toHaveText('Vertices 201–400 of 450');
  await expect(labels(page)).toHaveCount(200);
  await expect(labels(page).first()).toHaveText(wideVertexName(200));
  await expect(page.locator('[data-testid="lane-label"].selected')).toHaveText(wideVertexName(322));
  await page.screenshot({ path: path.join(SHOTS, '16-4-lane-pages.png') });

  const prev = page.getByRole('button', { name: 'Previous 200 vertices' });
  const next = page.getByRole('button', { name: 'Next 200 vertices' });
  await prev.focus();
  await page.keyboard.press('Enter');
  await expect(range(page)).toHaveText('Vertices 1–200 of 450');
  await expect(labels(page).first()).toHaveText(wideVertexName(0));
  await expect(prev).toBeDisabled();
  // Paged away from the selected vertex: one click brings it back.
  await expect(page.getByTestId('lane-page-selected')).toHaveText(`Show the selected vertex (${wideVertexName(322)})`);

  await next.focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await expect(range(page)).toHaveText('Vertices 401–450 of 450');
  await expect(labels(page)).toHaveCount(50);
  await expect(labels(page).last()).toHaveText(wideVertexName(449));
  await expect(next).toBeDisabled();
  // The other rows stay: the episodes lane shows the whole job's episodes on every page.
  await expect(page.getByTestId('lane-episodes')).toHaveCount(1);

  await page.getByTestId('lane-page-selected').click();
  await expect(range(page)).toHaveText('Vertices 201–400 of 450');
  await expect(page.getByTestId('lane-page-selected')).toHaveCount(0);
});

test('the page list names where the backpressure is', async ({ page }) => {
  await page.goto(`${session.served.openUrl}&v=1~${WIDE_JOB_ID}~${wideVertexId(5)}&from=${SHAPE.t0}&to=${TO}`);
  await expect(range(page)).toHaveText('Vertices 1–200 of 450');
  const select = page.getByRole('combobox', { name: 'Page of vertex lanes' });
  await expect(select.locator('option')).toHaveText(['1–200', '201–400 · 1 backpressured', '401–450']);
  await expect(page.getByTestId('lane-page-summary')).toHaveText('backpressure on 1 page');
  await select.selectOption({ label: '201–400 · 1 backpressured' });
  await expect(range(page)).toHaveText('Vertices 201–400 of 450');
  await expect(labels(page).nth(121)).toHaveText(wideVertexName(321));
});

test('a deep link, an incident and the job graph each show the page of their vertex', async ({ page }) => {
  await page.goto(`${session.served.openUrl}&v=1~${WIDE_JOB_ID}~${wideVertexId(420)}&from=${SHAPE.t0}&to=${TO}`);
  await expect(range(page)).toHaveText('Vertices 401–450 of 450');
  await expect(page.locator('[data-testid="lane-label"].selected')).toHaveText(wideVertexName(420));

  // Selecting the incident (its bottleneck on page 2) switches to that page.
  await page.getByTestId('episode-row').first().click();
  await expect(range(page)).toHaveText('Vertices 201–400 of 450');
  await expect(page.locator('[data-testid="lane-label"].selected')).toHaveText(wideVertexName(322));

  // A vertex picked in the job graph (keyboard: Enter) shows its page.
  const inGraph = page.locator(`[data-testid="graph-vertex"][data-vertex-id="${wideVertexId(17)}"]`);
  await inGraph.focus();
  await page.keyboard.press('Enter');
  await expect(range(page)).toHaveText('Vertices 1–200 of 450');
  await expect(page.locator('[data-testid="lane-label"].selected')).toHaveText(wideVertexName(17));
  await page.getByRole('button', { name: 'Next 200 vertices' }).click();

  // A lane label selects as before; the page stays.
  await labels(page).nth(3).click();
  await expect(range(page)).toHaveText('Vertices 201–400 of 450');
  await expect(page.locator('[data-testid="lane-label"].selected')).toHaveText(wideVertexName(203));
});

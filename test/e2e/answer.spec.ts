// Issue 17, items 1, 2, 3 and 6, as an SRE reviewing a hot-key incident meets them: the session
// opens on its worst incident with a one-line answer above the timeline; the incident is one row
// for the two vertices it backpressured, its time counted once; the skewed bottleneck shows its
// busiest subtask in the graph and, switched to busy time, in the heatmap; a tick that repeated
// the JobManager's answer holds the last values instead of "no data", which stays for real gaps.
// The session is recorded while the JobManager refreshed every 10 s and Backflow polled every 5 s.
import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import { formatInstant } from '../../shared/time';
import { ERROR_GAP, JOB_ID, NAMES, SKEW, T0, V, writeSkewSession } from '../fixtures/skew-session';
import { servedSessionForSpec, SHOTS } from './fixtures/served';
import { boxOf } from './fixtures/box';

const session = servedSessionForSpec('hot-key', (file) => {
  writeSkewSession(file);
});

const HEADLINE =
  'Window(…) subtask 1: data skew, backpressure on Source: Kafka Orders and KeyedProcess: Enrich 16:02:30–16:05:10 (2m 40s, sustained)';
const cursorAt = async (page: Page) => Date.parse((await page.getByTestId('cursor-time').textContent())!);
const node = (page: Page, id: string) => page.locator(`[data-testid="graph-vertex"][data-vertex-id="${id}"]`);
/** A link to one instant with one vertex selected, as a copied link would carry it. */
const linkAt = (at: number, vertexId: string, from = T0 + 100_000, to = T0 + 400_000) =>
  `${session.served.url}#token=${session.served.token}&from=${from}&to=${to}&t=${at}&v=1~${JOB_ID}~${vertexId}`;

test('opens on the worst incident with its answer in one line, never "busy 100 %" at the first sample', async ({
  page,
}) => {
  await page.goto(session.served.openUrl);
  await expect(page.getByTestId('incident-headline-text')).toHaveText(HEADLINE);
  await expect(page.getByTestId('incident-headline')).toContainText('sustained HIGH');
  await expect(page.getByTestId('incident-headline')).toContainText('records delayed');
  // Like an alert link: the window framed around the incident, the cursor in it, its bottleneck selected.
  // The cursor where both vertices are backpressured (Source from 16:02:50), so the graph tells it all.
  await expect.poll(() => cursorAt(page)).toBeGreaterThanOrEqual(SKEW.sourceFrom);
  expect(await cursorAt(page)).toBeLessThanOrEqual(SKEW.to);
  for (const id of [V.source, V.enrich]) await expect(node(page, id)).toHaveAttribute('data-level', 'HIGH');
  await expect(page.getByTestId('window-span')).toHaveText(/window [34]m \d\ds/);
  await expect(page.getByTestId('bottleneck-note')).toContainText(NAMES[V.window]);
  await expect(page.getByTestId('detail-title')).toContainText(NAMES[V.window]);
  await page.screenshot({ path: path.join(SHOTS, '17-1-opens-on-the-answer.png') });

  // The first sample has nothing to difference against: unknown, never the just-started task's 100 %.
  await page.keyboard.press('Home');
  await expect(page.getByTestId('cursor-time')).toHaveText(formatInstant(T0));
  await expect(page.getByTestId('bottleneck-note')).toContainText(
    'No values at this instant: first sample, nothing to compare with yet',
  );
  for (const id of Object.values(V)) {
    await expect(node(page, id).getByTestId('vertex-stat')).toHaveText('no data: first sample');
  }
  await expect(page.getByTestId('job-graph')).not.toContainText('100%');
  await expect(page.getByTestId('values-gap')).toContainText('first sample');
  await page.screenshot({ path: path.join(SHOTS, '17-1-first-sample-unknown.png') });
});

test('lists one incident for the two vertices one bottleneck backpressured, its time counted once', async ({
  page,
}) => {
  await page.goto(session.served.openUrl);
  const rows = page.getByTestId('episode-row');
  await expect(rows).toHaveCount(2);
  await expect(page.getByTestId('episodes')).toContainText('Incidents (2)');
  // 2m 40s and 10 s: 2m 50s in all, not the 5m 10s of three per-vertex episodes.
  await expect(page.getByTestId('incidents-total')).toContainText(
    '2m 50s of backpressure, each moment counted once · 3 episodes on single vertices',
  );
  const first = rows.filter({ hasText: 'sustained' });
  await expect(first).toContainText('Source: Kafka Orders, KeyedProcess: Enrich');
  await expect(first).toContainText('2m 40s');
  // Opened on it: its detail is unfolded, each vertex's own episode inside.
  const detail = page.getByTestId('incident-detail');
  await expect(detail.getByTestId('incident-vertex')).toHaveCount(2);
  await expect(detail.getByTestId('incident-vertex').first()).toContainText('sustained HIGH, 2m 20s from 16:02:50');
  await expect(detail).toContainText('Bottleneck: ' + NAMES[V.window] + ' (busy subtask 1)');
  await expect(detail).toContainText('records delayed');
  await page.getByTestId('episodes').screenshot({ path: path.join(SHOTS, '17-2-incidents.png') });
  // On the lanes: both of its episodes outlined, not just the lead one; the bottleneck's label marked.
  const outlineEdges = async () => {
    const row = await boxOf(page.getByTestId('lane-episodes').first());
    const lanes = await boxOf(page.getByTestId('lanes-canvas'));
    return page.getByTestId('lanes-canvas').evaluate((el, y) => {
      const c = el as HTMLCanvasElement;
      const scale = c.width / c.getBoundingClientRect().width;
      // Mid-row, an outline shows as its left and right edges (in the foreground colour).
      const d = c.getContext('2d')!.getImageData(0, Math.floor((y + 9) * scale), c.width, 1).data;
      const fg = getComputedStyle(document.documentElement).getPropertyValue('--c-fg').trim().replace('#', '');
      const [r, g, b] = [0, 2, 4].map((i) => parseInt(fg.slice(i, i + 2), 16));
      let runs = 0;
      let inRun = false;
      for (let i = 0; i < d.length; i += 4) {
        const on = Math.hypot(d[i]! - r!, d[i + 1]! - g!, d[i + 2]! - b!) < 40;
        if (on && !inRun) runs++;
        inRun = on;
      }
      return runs;
    }, row.y - lanes.y);
  };
  // Two outlines starting at different instants: at least three edges in view (one outline has two).
  await expect.poll(outlineEdges).toBeGreaterThanOrEqual(3);
  const marked = page.locator('[data-testid="lane-label"].bottleneck');
  await expect(marked).toHaveCount(1);
  await expect(marked).toContainText(NAMES[V.window]);

  // The transient GC incident is the other row; Shift+→ steps to it.
  await page.keyboard.press('Shift+ArrowRight');
  await expect(page.getByTestId('incident-headline-text')).toContainText(
    'KeyedProcess: Enrich subtask 1: GC pause, backpressure on Source: Kafka Orders',
  );
  await expect(rows.filter({ hasText: 'transient' })).toHaveClass(/selected/);
});

test('shows the skew where the eye is: Busy (max) on the node, the busy heatmap, the bottleneck marked', async ({
  page,
}) => {
  await page.goto(session.served.openUrl);
  await expect(page.getByTestId('incident-headline-text')).toHaveText(HEADLINE);
  const window = node(page, V.window);
  await expect(window).toHaveAttribute('data-bottleneck', 'true');
  await expect(window.getByTestId('bottleneck-badge')).toBeVisible();
  await expect(window.getByTestId('vertex-stat')).toHaveText('OK · bp max 0% · busy max 100%');
  await expect(window.getByTestId('vertex-spread')).toHaveText('skew: only subtask 1 of 4 busy');
  await expect(node(page, V.enrich).getByTestId('vertex-stat')).toContainText('HIGH · bp max 85%');
  await expect(page.getByTestId('detail-bottleneck')).toContainText('bottleneck: busy subtask 1');

  // The heatmap opened on busy time: subtask 1 is the one dark row.
  const heat = page.getByTestId('heatmap');
  await expect(heat).toHaveAttribute('data-metric', 'busy');
  await expect(page.getByTestId('heatmap-metric-busy')).toHaveAttribute('aria-checked', 'true');
  /** Mean opacity (0..255) of a subtask's row in the middle of the window (the incident). */
  const rowInk = (subtask: number) =>
    heat.evaluate((el, row) => {
      const c = el as HTMLCanvasElement;
      const rowH = c.height / 4;
      const d = c
        .getContext('2d')!
        .getImageData(Math.floor(c.width * 0.45), Math.floor(rowH * (row + 0.5)), Math.floor(c.width * 0.1), 1).data;
      // Cells are painted with an opacity that grows with the value over a transparent canvas.
      let ink = 0;
      for (let i = 0; i < d.length; i += 4) ink += d[i + 3]!;
      return ink / (d.length / 4);
    }, subtask);
  // The subtask labels beside the rows stay on their rows with the switch above the heatmap.
  const rowsBox = await boxOf(heat);
  const labelsBox = await boxOf(page.locator('canvas.labels'));
  expect(Math.abs(labelsBox.y - rowsBox.y)).toBeLessThan(1.5);
  await expect.poll(() => rowInk(1)).toBeGreaterThan(230);
  for (const r of [0, 2, 3]) expect(await rowInk(r)).toBeLessThan(60);
  await page.screenshot({ path: path.join(SHOTS, '17-3-skew-busy-heatmap.png'), fullPage: true });

  // Idle: the other way round. Backpressure: all OK (the window is not backpressured).
  await page.getByTestId('heatmap-metric-idle').click();
  await expect(heat).toHaveAttribute('data-metric', 'idle');
  await expect.poll(() => rowInk(1)).toBeLessThan(60);
  expect(await rowInk(0)).toBeGreaterThan(200);
  await page.getByTestId('heatmap-metric-backpressure').click();
  await expect(heat).toHaveAttribute('data-metric', 'backpressure');
});

test('holds the last values at a tick that repeated the JobManager\'s answer; "no data" only for real gaps', async ({
  page,
}) => {
  // 16:03:25 repeated the 16:03:20 fetch (the JobManager refreshes every 10 s, Backflow polled every 5 s).
  await page.goto(linkAt(T0 + 205_000, V.enrich));
  await expect(page.getByTestId('cursor-time')).toHaveText(formatInstant(T0 + 205_000));
  await expect(page.getByTestId('graph-repeated')).toHaveText('repeated · values of the 16:03:20 fetch');
  for (const id of [V.source, V.enrich]) await expect(node(page, id)).toHaveAttribute('data-level', 'HIGH');
  await expect(page.getByTestId('job-graph')).not.toContainText('no data');
  await expect(page.getByTestId('values-repeated')).toContainText('16:03:20');
  await expect(page.getByTestId('bottleneck-note')).toContainText(NAMES[V.window]);

  // The heatmap of the backpressured vertex: no hatched "no data" column anywhere in the incident.
  const heat = page.getByTestId('heatmap');
  await expect(heat).toHaveAttribute('data-metric', 'backpressure');
  const gapPixels = () =>
    heat.evaluate(
      (el, span) => {
        const c = el as HTMLCanvasElement;
        const x0 = Math.ceil(c.width * span[0]!);
        const x1 = Math.floor(c.width * span[1]!);
        const d = c.getContext('2d')!.getImageData(x0, Math.floor(c.height / 4), x1 - x0, 1).data;
        const hex = getComputedStyle(document.documentElement)
          .getPropertyValue('--c-gap-stripe')
          .trim()
          .replace('#', '');
        const stripe = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
        let n = 0;
        for (let i = 0; i < d.length; i += 4)
          if (Math.hypot(d[i]! - stripe[0]!, d[i + 1]! - stripe[1]!, d[i + 2]! - stripe[2]!) < 30) n++;
        return n;
      },
      [(SKEW.from + 5_000 - (T0 + 100_000)) / 300_000, (SKEW.to - 5_000 - (T0 + 100_000)) / 300_000],
    );
  await expect.poll(() => gapPixels()).toBe(0);
  await page.screenshot({ path: path.join(SHOTS, '17-6-repeated-held.png'), fullPage: true });

  // A failed poll is a real gap: "no data", with the reason.
  await page.goto('about:blank');
  await page.goto(linkAt(ERROR_GAP.from + 10_000, V.enrich, T0 + 400_000, T0 + 595_000));
  await expect(page.getByTestId('cursor-time')).toHaveText(formatInstant(ERROR_GAP.from + 10_000));
  await expect(node(page, V.source).getByTestId('vertex-stat')).toHaveText('no data: poll failed');
  await expect(node(page, V.source)).toHaveAttribute('aria-label', /no data, the poll failed/);
  await expect(page.getByTestId('graph-repeated')).toHaveCount(0);
  await page.screenshot({ path: path.join(SHOTS, '17-6-real-gap.png') });
});

// Issue 17, items 4, 5, 11 and 12, as a user meets them in the served mode: values at the
// pointer, legends that act, one crosshair; zooming with the wheel, a drag and a history; lanes
// that say what they show; charts that line up with the lanes, and UTC or local time.
import { expect, test, type Locator, type Page } from '@playwright/test';
import path from 'node:path';
import type { ServedSession } from '../../electron/server/server';
import { parseHash } from '../../renderer/src/lib/hash-state';
import { JOB_ID, POLL_MS, SUSTAINED, T0, TICKS, TRANSIENT, V } from './fixtures/make-session';
import { serveFixtureSession, SHOTS, watchProblems, type ServedFixture } from './fixtures/served';
import { boxOf } from './fixtures/box';

const END = T0 + (TICKS - 1) * POLL_MS;
let fixture: ServedFixture;
let served: ServedSession;
let problems: string[] = [];

test.beforeAll(async () => {
  fixture = await serveFixtureSession('interactions');
  served = fixture.served;
});
test.afterAll(async () => fixture?.close());
test.beforeEach(({ page }) => {
  problems = watchProblems(page);
});
test.afterEach(() => expect(problems).toEqual([]));

/** Opens a deep link on a window, cursor and (optionally) vertex. */
async function openAt(
  page: Page,
  from: number,
  to: number,
  cursor = from,
  vertex: string | null = null,
): Promise<void> {
  await page.goto(`${served.openUrl}&from=${from}&to=${to}&t=${cursor}${vertex ? `&v=1~${JOB_ID}~${vertex}` : ''}`);
  await expect(page.getByTestId('lane-label')).toHaveCount(4);
  if (vertex) await expect(page.getByTestId('chart')).toHaveCount(4);
}

/** The window the address shows (kept in step with the view). */
async function windowOf(page: Page): Promise<{ from: number; to: number }> {
  let w = { from: 0, to: 0 };
  await expect
    .poll(async () => {
      const s = parseHash(await page.evaluate(() => location.hash));
      w = { from: s.from ?? 0, to: s.to ?? 0 };
      return w.to > w.from;
    })
    .toBe(true);
  return w;
}

/** Page x of instant t in an element that spans the window [from, to]. */
const xIn = (b: { x: number; width: number }, w: { from: number; to: number }, t: number) =>
  b.x + ((t - w.from) / (w.to - w.from)) * b.width;
const overs = (page: Page) => page.locator('[data-testid="chart"] .u-over');
const chart = (page: Page, title: string) => page.locator(`figure:has([data-title="${title}"])`);

test.describe('4: values on hover, legends that act', () => {
  test('every chart shows its values at the pointer; one crosshair runs through lanes, heatmap and charts', async ({
    page,
  }) => {
    const w = { from: T0, to: END };
    await openAt(page, w.from, w.to, T0, V.window);
    const over = overs(page).first();
    const ob = await boxOf(over);
    const at = T0 + 150_000;
    await page.mouse.move(xIn(ob, w, at), ob.y + 40);
    const tip = page.getByTestId('chart-tooltip');
    await expect(tip).toHaveCount(1);
    // Busy over the window operator's four subtasks: 930 ms/s on three, 990 on the hot one.
    await expect(tip).toContainText('busy 930 – 990 ms/s');
    await expect(tip).toContainText('idle');
    await expect(tip).toContainText('backpressured 0.00 ms/s');
    // The crosshair at the same x in the lanes, the heatmap and every other chart.
    const x = xIn(ob, w, at);
    const lineX = async (l: Locator) => {
      const b = await boxOf(l);
      return b.x + b.width / 2;
    };
    await expect(page.getByTestId('lanes-hover')).toBeVisible();
    expect(Math.abs((await lineX(page.getByTestId('lanes-hover'))) - x)).toBeLessThan(2);
    expect(Math.abs((await lineX(page.getByTestId('heatmap-track').locator('.hover-line'))) - x)).toBeLessThan(2);
    for (let i = 1; i < 4; i++)
      expect(Math.abs((await lineX(overs(page).nth(i).locator('.hover-line'))) - x)).toBeLessThan(2);
    await page.screenshot({ path: path.join(SHOTS, '17-4-chart-tooltip.png') });

    // Hovering a lane: the lane's level with the vertex's values there, the charts' crosshair follows.
    const lanes = await boxOf(page.getByTestId('lanes'));
    const sourceY = (await boxOf(page.getByTestId('lane-label').nth(0))).y + 9;
    const at2 = T0 + 120_000;
    await page.mouse.move(xIn(lanes, w, at2), sourceY);
    const laneTip = page.getByTestId('lane-tooltip');
    await expect(laneTip).toContainText('HIGH');
    await expect(page.getByTestId('lane-tooltip-values')).toHaveText(
      'backpressure max 82 % (subtask 0 of 2) · busy max 100 ms/s',
    );
    expect(Math.abs((await lineX(overs(page).nth(2).locator('.hover-line'))) - xIn(lanes, w, at2))).toBeLessThan(2);
    await expect(tip).toHaveCount(0);

    // The heatmap: which subtask, its value, where it runs; and a colour scale beside it.
    const heat = await boxOf(page.getByTestId('heatmap'));
    await page.mouse.move(xIn(heat, w, at), heat.y + heat.height * (2.5 / 4));
    const heatTip = page.getByTestId('heatmap-tooltip');
    await expect(heatTip).toContainText('Subtask 2 of 4');
    await expect(heatTip).toContainText('backpressure 0 % (OK)');
    await expect(heatTip).toContainText('TaskManager tm-1');
    await expect(page.getByTestId('heatmap-scale')).toBeVisible();
    await page.screenshot({ path: path.join(SHOTS, '17-4-heatmap-tooltip.png') });
  });

  test('a click on a legend entry isolates its series, another click shows all, Ctrl+click hides one', async ({
    page,
  }) => {
    await openAt(page, T0, END, T0, V.window);
    const time = chart(page, 'Time per second');
    const plot = time.getByTestId('chart');
    const key = (label: string) => time.getByTestId('chart-legend').filter({ hasText: label });
    await expect(plot).toHaveAttribute('data-series', '3');
    await key('idle').click();
    await expect(plot).toHaveAttribute('data-series', '1');
    await expect(key('busy')).toHaveAttribute('aria-pressed', 'false');
    // The tooltip then lists only what is shown.
    const ob = await boxOf(time.locator('.u-over'));
    await page.mouse.move(ob.x + ob.width * 0.3, ob.y + 30);
    await expect(page.getByTestId('chart-tooltip')).toContainText('idle');
    await expect(page.getByTestId('chart-tooltip')).not.toContainText('busy');
    await page.screenshot({ path: path.join(SHOTS, '17-4-legend-isolated.png') });
    await key('idle').click();
    await expect(plot).toHaveAttribute('data-series', '3');
    await key('busy').click({ modifiers: ['ControlOrMeta'] });
    await expect(plot).toHaveAttribute('data-series', '2');
    await expect(key('busy')).toHaveAttribute('aria-pressed', 'false');

    // The timeline's legend acts on its marks the same way.
    await page.getByTestId('legend-gc').click();
    await expect(page.getByTestId('lane-gc')).toHaveCount(1);
    await expect(page.getByTestId('lane-checkpoints')).toHaveCount(0);
    await expect(page.getByTestId('lane-episodes')).toHaveCount(0);
    await page.getByTestId('legend-gc').click();
    await expect(page.getByTestId('lane-checkpoints')).toHaveCount(1);
    await page.getByTestId('legend-checkpoints').click({ modifiers: ['ControlOrMeta'] });
    await expect(page.getByTestId('lane-checkpoints')).toHaveCount(0);
    await expect(page.getByTestId('lane-episodes')).toHaveCount(1);
    await expect(page.getByTestId('legend-checkpoints')).toHaveAttribute('aria-pressed', 'false');
  });
});

test.describe('5: zoom like everyone else', () => {
  test('Ctrl+wheel zooms at the pointer, a drag on a chart or the axis zooms to it, and zoom back / forward retrace it', async ({
    page,
  }) => {
    await openAt(page, T0, END, T0, V.window);
    const whole = await windowOf(page);
    const lanes = await boxOf(page.getByTestId('lanes'));
    const px = lanes.x + lanes.width * 0.25;
    const under = (w: { from: number; to: number }) => w.from + ((px - lanes.x) / lanes.width) * (w.to - w.from);
    await page.mouse.move(px, lanes.y + 30);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -400);
    await page.keyboard.up('Control');
    await expect
      .poll(async () => (await windowOf(page)).to - (await windowOf(page)).from)
      .toBeLessThan((whole.to - whole.from) * 0.7);
    const wheeled = await windowOf(page);
    // The instant under the pointer stayed under it.
    expect(Math.abs(under(wheeled) - under(whole))).toBeLessThan((whole.to - whole.from) / 400);

    // Drag across a chart from 30 % to 60 % of its width: the window becomes that range.
    const ob = await boxOf(overs(page).first());
    await page.mouse.move(ob.x + ob.width * 0.3, ob.y + 50);
    await page.mouse.down();
    await page.mouse.move(ob.x + ob.width * 0.45, ob.y + 50, { steps: 4 });
    await page.mouse.move(ob.x + ob.width * 0.6, ob.y + 50, { steps: 4 });
    await page.mouse.up();
    const want = {
      from: wheeled.from + 0.3 * (wheeled.to - wheeled.from),
      to: wheeled.from + 0.6 * (wheeled.to - wheeled.from),
    };
    await expect.poll(async () => Math.abs((await windowOf(page)).from - want.from)).toBeLessThan(2000);
    const dragged = await windowOf(page);
    expect(Math.abs(dragged.to - want.to)).toBeLessThan(2000);
    await page.screenshot({ path: path.join(SHOTS, '17-5-drag-zoomed.png') });

    // Back: the wheel's window, then the whole session; forward again; keys do the same.
    await page.getByTestId('zoom-back').click();
    await expect.poll(async () => (await windowOf(page)).from).toBe(Math.round(wheeled.from));
    await page.keyboard.press('z');
    await expect.poll(async () => (await windowOf(page)).from).toBe(whole.from);
    await expect(page.getByTestId('zoom-back')).toBeDisabled();
    await page.getByTestId('zoom-forward').click();
    await expect.poll(async () => (await windowOf(page)).from).toBe(Math.round(wheeled.from));
    await page.keyboard.press('Shift+Z');
    await expect.poll(async () => (await windowOf(page)).from).toBe(Math.round(dragged.from));
    await expect(page.getByTestId('zoom-forward')).toBeDisabled();

    // Dragging along the time axis zooms to that range too.
    const axis = await boxOf(page.getByTestId('axis'));
    await page.mouse.move(axis.x + axis.width * 0.5, axis.y + 9);
    await page.mouse.down();
    await page.mouse.move(axis.x + axis.width * 0.75, axis.y + 9, { steps: 5 });
    await page.mouse.up();
    await expect
      .poll(async () => (await windowOf(page)).from)
      .toBeGreaterThan(dragged.from + 0.45 * (dragged.to - dragged.from));
  });

  test('W zooms in down to a few samples and no further; the charts still draw', async ({ page }) => {
    await openAt(page, T0, END, T0 + 150_000, V.window);
    for (let i = 0; i < 12; i++) await page.keyboard.press('w');
    // Five samples of 5 s.
    await expect(page.getByTestId('window-span')).toHaveText('window 25s');
    await expect.poll(async () => ((w) => w.to - w.from)(await windowOf(page))).toBe(5 * POLL_MS);
    await expect(page.getByTestId('chart-empty')).toHaveCount(0);
    await page.screenshot({ path: path.join(SHOTS, '17-5-narrowest-window.png') });
  });

  test('next / previous episode keeps the zoom, unless the episode does not fit', async ({ page }) => {
    await openAt(page, T0 + 300_000, T0 + 420_000, T0 + 300_000);
    await expect(page.getByTestId('window-span')).toHaveText('window 2m 00s');
    await expect(page.getByTestId('episode-row')).not.toHaveCount(0);
    // The transient episode (20 s) fits in two minutes: same zoom, cursor in it.
    await page.keyboard.press('Shift+ArrowRight');
    await expect
      .poll(async () => Date.parse((await page.getByTestId('cursor-time').textContent())!))
      .toBeGreaterThan(TRANSIENT.from);
    expect(Date.parse((await page.getByTestId('cursor-time').textContent())!)).toBeLessThan(TRANSIENT.to + POLL_MS);
    await expect(page.getByTestId('window-span')).toHaveText('window 2m 00s');
    // The sustained one (3 min) does not: the window grows just enough to show it whole.
    await page.keyboard.press('Shift+ArrowLeft');
    await expect(page.getByTestId('window-span')).not.toHaveText('window 2m 00s');
    await expect.poll(async () => (await windowOf(page)).from).toBeLessThanOrEqual(SUSTAINED.from + POLL_MS);
    const w = await windowOf(page);
    expect(w.to).toBeGreaterThanOrEqual(SUSTAINED.to);
    expect(w.to - w.from).toBeLessThan(5 * 60_000);
  });
});

test.describe('11: lanes that say what they show', () => {
  test('a legend entry for every mark, sustained episodes unlike HIGH, checkpoints told as Flink tells them, only significant GC drawn', async ({
    page,
  }) => {
    await openAt(page, T0, END);
    const legend = page.getByTestId('timeline-legend');
    for (const entry of [
      'OK',
      'LOW',
      'HIGH',
      'no data',
      'note',
      'sustained episode',
      'transient episode',
      'checkpoint',
      'failed checkpoint',
      'in progress',
      'GC pause',
      'job event',
      'restart / exception',
    ]) {
      await expect(legend).toContainText(entry);
    }
    const bg = (cls: string) => legend.locator(`i.${cls}`).evaluate((e) => getComputedStyle(e).backgroundColor);
    expect(await bg('sust')).not.toBe(await bg('high'));

    // The failed checkpoint (id 3, 176–180 s): timing, alignment, sizes and why it failed.
    const lanes = await boxOf(page.getByTestId('lanes'));
    const w = { from: T0, to: END };
    const cpY = (await boxOf(page.getByTestId('lane-checkpoints'))).y + 9;
    await page.mouse.move(xIn(lanes, w, T0 + 178_000), cpY);
    const tip = page.getByTestId('lane-tooltip');
    await expect(tip).toContainText('Checkpoint 3 · failed');
    await expect(tip).toContainText('end-to-end duration 4s');
    await expect(tip).toContainText('alignment 3.5s (longest of the vertices)');
    await expect(tip).toContainText('checkpointed 976.6 kB, full state 4.8 MB');
    await expect(tip).toContainText('failure: Checkpoint expired before completing.');
    await page.screenshot({ path: path.join(SHOTS, '17-11-checkpoint-tooltip.png') });

    // GC on tm-1: a 1.8 s pause at 130–135 s is drawn; 120 ms of collection in 5 s is background, not drawn.
    const gcY = (await boxOf(page.getByTestId('lane-gc'))).y + 9;
    const alpha = (t: number) =>
      page.getByTestId('lanes-canvas').evaluate(
        (c, [x, y]) => {
          const cv = c as HTMLCanvasElement;
          const r = cv.getBoundingClientRect();
          const k = cv.width / r.width;
          return cv.getContext('2d')!.getImageData(Math.round((x! - r.x) * k), Math.round((y! - r.y) * k), 1, 1)
            .data[3]!;
        },
        [xIn(lanes, w, t), gcY],
      );
    expect(await alpha(T0 + 132_500)).toBeGreaterThan(100);
    expect(await alpha(T0 + 42_500)).toBe(0);
    expect(await alpha(T0 + 87_500)).toBe(0);
    await page.mouse.move(xIn(lanes, w, T0 + 132_500), gcY);
    await expect(tip).toContainText('GC pause on tm-1');
    await expect(tip).toContainText('1.8s GC in 5s (1×, G1 Old Generation)');
  });
});

test.describe('12: layout', () => {
  test('the charts and the heatmap share the lanes’ time axis: an instant is at the same x in all of them', async ({
    page,
  }) => {
    await openAt(page, T0 + 30_000, T0 + 330_000, T0 + 100_000, V.window);
    const lanes = await boxOf(page.getByTestId('lanes-canvas'));
    const all = [page.getByTestId('heatmap'), ...(await overs(page).all())];
    for (const l of all) {
      const b = await boxOf(l);
      expect(Math.abs(b.x - lanes.x)).toBeLessThan(1);
      expect(Math.abs(b.width - lanes.width)).toBeLessThan(1);
    }
    // And the time under the pointer in a chart is the time the lanes put there.
    const ob = await boxOf(overs(page).nth(1));
    await page.mouse.move(ob.x + ob.width * 0.63, ob.y + 40);
    const hover = await boxOf(page.getByTestId('lanes-hover'));
    expect(Math.abs(hover.x + hover.width / 2 - (ob.x + ob.width * 0.63))).toBeLessThan(1.5);
    // Scrolled down to the charts, the time axis is still on screen above them.
    await page.locator('main.main').evaluate((m) => (m.scrollTop = m.scrollHeight));
    await expect(page.getByTestId('axis')).toBeInViewport();
    await page.screenshot({ path: path.join(SHOTS, '17-12-aligned-axes.png') });
  });

  test('at 1024×700 the episode start times are whole', async ({ page }) => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await openAt(page, T0, END);
    const table = page.getByTestId('episodes');
    await expect(table.getByTestId('episode-row')).not.toHaveCount(0);
    const start = await table
      .locator('th')
      .evaluateAll((ths) => ths.findIndex((th) => th.textContent?.startsWith('Start')));
    expect(start).toBeGreaterThanOrEqual(0);
    const cut = await table.getByTestId('episode-row').evaluateAll(
      (rows, k) =>
        rows
          .map((r) => (r as HTMLTableRowElement).cells[k]!)
          .filter((c) => c.scrollWidth > c.clientWidth || !/^\d\d:\d\d:\d\d$/.test(c.textContent!.trim()))
          .map((c) => c.textContent),
      start,
    );
    expect(cut).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, '17-12-1024x700.png') });
  });
});

test.describe('12: UTC or local time, said on the axis', () => {
  test.use({ timezoneId: 'Europe/Berlin' });
  test('the switch shows local times everywhere and the axis says which', async ({ page }) => {
    await openAt(page, T0, END, T0 + 150_000, V.window);
    await expect(page.getByTestId('axis-zone')).toHaveText('UTC');
    await expect(page.getByTestId('cursor-time')).toHaveText(
      new Date(T0 + 150_000).toISOString().replace('.000Z', 'Z'),
    );
    await page.getByTestId('zone-local').click();
    await expect(page.getByTestId('axis-zone')).toHaveText('local (UTC+01:00)');
    const utcClock = new Date(T0 + 150_000).toISOString().slice(11, 19);
    const localClock = `${String((Number(utcClock.slice(0, 2)) + 1) % 24).padStart(2, '0')}${utcClock.slice(2)}`;
    await expect(page.getByTestId('cursor-time')).toHaveText(new RegExp(`T${localClock}\\+01:00$`));
    const ob = await boxOf(overs(page).first());
    await page.mouse.move(ob.x + ob.width * 0.5, ob.y + 40);
    await expect(page.getByTestId('chart-tooltip')).toContainText(localClock.slice(0, 3));
    // The charts' time axes too.
    await expect(chart(page, 'Time per second').getByTestId('chart')).toHaveAttribute(
      'data-time-labels',
      /(^| )17:0\d:\d\d/,
    );
    // The incident list too: the sustained incident began at 16:01:00 UTC.
    await expect(page.getByTestId('episode-row').filter({ hasText: 'sustained' })).toContainText('17:01:00');
    // The headline above the timeline and the job graph's instant as well.
    await expect(page.getByTestId('incident-headline-text')).toContainText(' 17:01:00–');
    await expect(page.getByTestId('incident-headline-text')).not.toContainText(' 16:01:00–');
    await expect(page.getByTestId('job-graph')).toContainText(/at \d{4}-\d\d-\d\dT17:0\d:\d\d\+01:00/);
    await page.screenshot({ path: path.join(SHOTS, '17-12-local-time.png') });
    // The choice is kept on reload; UTC again on a click.
    await page.reload();
    await expect(page.getByTestId('axis-zone')).toHaveText('local (UTC+01:00)');
    await page.getByTestId('zone-utc').click();
    await expect(page.getByTestId('axis-zone')).toHaveText('UTC');
  });
});

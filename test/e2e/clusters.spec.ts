// Issue 17, item 7: a session recorded from two clusters that run a job of the same name. The
// user must be able to tell which lane, GC window, episode and graph belongs to which cluster.
import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import {
  CLUSTERS,
  ENRICH_B_PARALLELISM,
  GC_PAUSE,
  JOB_NAME,
  NAMES,
  SUSTAINED_B,
  T0,
  TMS,
  VERTEX,
  writeTwoClusterSession,
} from './fixtures/make-two-clusters';
import { callApi, servedSessionForSpec, SHOTS } from './fixtures/served';
import { boxOf } from './fixtures/box';

const session = servedSessionForSpec('two-clusters', (file) => {
  writeTwoClusterSession(file);
});

async function open(page: Page): Promise<void> {
  await page.goto(`${session.served.openUrl}&from=${T0}&to=${T0 + 355_000}&t=${T0}`);
  await expect(page.getByTestId('lane-label')).toHaveCount(6);
}

test('lanes come in track groups per cluster and job, each lane saying its cluster, GC lanes naming TaskManager and host', async ({
  page,
}) => {
  await open(page);
  const groups = page.getByTestId('lane-group');
  // GC lanes only for TaskManagers with a significant pause: cluster A's collect a few ms per poll.
  await expect(groups).toHaveText([
    `▾${CLUSTERS.a.name}`,
    `▾${JOB_NAME}`,
    `▾${CLUSTERS.b.name}`,
    `▾${JOB_NAME}`,
    '▾GC pauses · 1 TaskManager',
  ]);
  // The same job and vertex names in both clusters: every lane carries its cluster.
  await expect(page.getByTestId('lane-cluster')).toHaveText([...Array(3).fill('flink-a'), ...Array(3).fill('flink-b')]);
  await expect(page.getByTestId('lane-label').nth(3)).toHaveAttribute(
    'title',
    `${CLUSTERS.b.name} · ${JOB_NAME} · ${NAMES.src}`,
  );
  // Each job has its own episode, checkpoint and event lanes; GC lanes sit under their cluster.
  await expect(page.getByTestId('lane-episodes')).toHaveCount(2);
  await expect(page.getByTestId('lane-checkpoints')).toHaveCount(2);
  const gc = page.getByTestId('lane-gc');
  await expect(gc).toHaveText(['flink-bGC 10.0.2.12 (tm b2b2b2)']);
  await expect(gc).toHaveAttribute(
    'title',
    `GC on TaskManager ${TMS.b[1]} (host 10.0.2.12), cluster ${CLUSTERS.b.name}`,
  );
  await page.screenshot({ path: path.join(SHOTS, '17-7-track-groups.png') });

  // Collapsing cluster A (Perfetto-style) hides its rows; its header then summarises its lanes.
  await groups.nth(0).click();
  await expect(groups.nth(0)).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByTestId('lane-label')).toHaveCount(3);
  await expect(page.getByTestId('lane-cluster')).toHaveText(Array(3).fill('flink-b'));
  await expect(page.getByTestId('lane-gc')).toHaveCount(1);
  await page.screenshot({ path: path.join(SHOTS, '17-7-group-collapsed.png') });
  await groups.nth(0).click();
  await expect(page.getByTestId('lane-label')).toHaveCount(6);
});

test('only the significant GC pause is drawn, on its TaskManager, and hovering it names both', async ({ page }) => {
  await open(page);
  const box = await boxOf(page.getByTestId('lanes'));
  const row = await boxOf(page.getByTestId('lane-gc'));
  const xAt = (ms: number) => box.x + ((ms - T0) / 355_000) * box.width;
  await page.mouse.move(xAt(GC_PAUSE.from + 5000), row.y + row.height / 2);
  const tip = page.getByTestId('lane-tooltip');
  await expect(tip).toContainText(`GC pause on ${TMS.b[1]}`);
  await expect(tip).toContainText('7s GC in 10s');
  await expect(tip).toContainText('G1 Old Generation');
  // Before the pause the same TaskManager only collected young generation for a few ms: nothing drawn.
  await page.mouse.move(xAt(GC_PAUSE.from - 60_000), row.y + row.height / 2);
  await expect(tip).toHaveCount(0);
  const painted = (ms: number) =>
    page.getByTestId('lanes-canvas').evaluate(
      (c, [x, y]) => {
        const cv = c as HTMLCanvasElement;
        const r = cv.getBoundingClientRect();
        const k = cv.width / r.width;
        return cv.getContext('2d')!.getImageData(Math.round((x! - r.x) * k), Math.round((y! - r.y) * k), 1, 1).data[3]!;
      },
      [xAt(ms), row.y + row.height / 2],
    );
  expect(await painted(GC_PAUSE.from + 5000)).toBeGreaterThan(200);
  expect(await painted(GC_PAUSE.from - 60_000)).toBe(0);
});

test('episodes say their cluster, and the job graph shows the job the user picks', async ({ page }) => {
  await open(page);
  const table = page.getByTestId('episodes');
  await expect(table.locator('th').first()).toHaveText(/Cluster/);
  await expect(table.getByTestId('episode-row').filter({ hasText: 'sustained' }).first()).toContainText(
    CLUSTERS.b.name,
  );

  // The picker lists both jobs by cluster, the one with most backpressure first, saying how much;
  // choosing one shows its graph.
  const picker = page.getByTestId('graph-job');
  await expect(picker.locator('option')).toHaveText([
    `${CLUSTERS.b.name} · ${JOB_NAME} · 3m 00s sustained HIGH`,
    `${CLUSTERS.a.name} · ${JOB_NAME} · 20s LOW`,
  ]);
  await picker.selectOption({ label: `${CLUSTERS.a.name} · ${JOB_NAME} · 20s LOW` });
  await expect(page.locator(`[data-testid="graph-vertex"][data-vertex-id="${VERTEX.a.src}"]`)).toHaveCount(1);
  await picker.selectOption({ label: `${CLUSTERS.b.name} · ${JOB_NAME} · 3m 00s sustained HIGH` });
  await expect(page.locator(`[data-testid="graph-vertex"][data-vertex-id="${VERTEX.b.src}"]`)).toHaveCount(1);
  await expect(page.locator(`[data-testid="graph-vertex"][data-vertex-id="${VERTEX.a.src}"]`)).toHaveCount(0);
  // Selecting a lane of the other cluster takes the graph along.
  await page.getByTestId('lane-label').nth(1).click();
  await expect(picker).toHaveValue(`1/${CLUSTERS.a.job}`);
  await expect(page.locator(`[data-testid="graph-vertex"][data-vertex-id="${VERTEX.a.enr}"]`)).toHaveCount(1);
  await page.screenshot({ path: path.join(SHOTS, '17-7-job-picker.png') });
});

test('item 12: a vertex with 24 subtasks lists them all in the page itself, no scroll box of its own; missing record rates are said', async ({
  page,
}) => {
  await page.goto(
    `${session.served.openUrl}&from=${T0}&to=${T0 + 355_000}&t=${T0 + 120_000}&v=2~${CLUSTERS.b.job}~${VERTEX.b.enr}`,
  );
  const table = page.getByTestId('subtask-table');
  await expect(table).toHaveAttribute('data-subtasks', String(ENRICH_B_PARALLELISM));
  // Nothing between the table and the page's one scrolling area scrolls by itself.
  const boxes = await table.evaluate((t) => {
    const out: string[] = [];
    for (let e = t as HTMLElement | null; e && !e.matches('main.main'); e = e.parentElement) {
      const s = getComputedStyle(e);
      if (/(auto|scroll)/.test(s.overflowY) && e.scrollHeight > e.clientHeight + 1) out.push(e.className);
    }
    return out;
  });
  expect(boxes).toEqual([]);
  // Scrolling the page to its end shows the last subtask, its values in place.
  await page.locator('main.main').evaluate((m) => (m.scrollTop = m.scrollHeight));
  const last = table.locator('tbody tr').filter({ has: page.locator('td:first-child', { hasText: /^23$/ }) });
  await expect(last).toBeInViewport();
  await expect(last.locator('td').nth(1)).toHaveText(TMS.b[1]);
  // The table's head stays readable below the sticky time axis.
  await expect(table.locator('thead')).toBeInViewport();
  await page.screenshot({ path: path.join(SHOTS, '17-12-subtasks-in-page.png') });
  // This session has no record rates at all: the chart says so instead of staying blank.
  await expect(page.locator('figure:has([data-title="Records per second"])').getByTestId('chart-empty')).toHaveText(
    'Flink reported no record rates for this vertex in this window.',
  );
});
test('the report groups its incidents by cluster and job', async () => {
  const r = await callApi<{ html: string }>(session.served, 'reportPreview', {
    from: T0,
    to: T0 + 355_000,
    include: { transientEpisodes: true, annotations: true, checkpointTable: true, gcTable: true },
  });
  const headings = [...r.html.matchAll(/<h3 class="job"[^>]*>([^<]*)<\/h3>/g)].map((m) => m[1]);
  expect(headings).toEqual([`${JOB_NAME} (${CLUSTERS.a.url})`, `${JOB_NAME} (${CLUSTERS.b.url})`]);
  // Cluster A's transient incident under A's heading; B's sustained one, ranked first, under B's.
  const a = r.html.indexOf(`<h3 class="job">${JOB_NAME} (${CLUSTERS.a.url})`);
  const b = r.html.indexOf(`<h3 class="job">${JOB_NAME} (${CLUSTERS.b.url})`);
  const articles = [...r.html.matchAll(/<article id="([^"]+)" class="(sustained|transient)"/g)].map((m) => ({
    at: m.index!,
    cls: m[2],
  }));
  expect(articles.map((x) => x.cls)).toEqual(['transient', 'sustained']);
  expect(articles[0]!.at).toBeGreaterThan(a);
  expect(articles[0]!.at).toBeLessThan(b);
  expect(articles[1]!.at).toBeGreaterThan(b);
  expect(r.html).toContain(new Date(SUSTAINED_B.from).toISOString().slice(11, 16));
});

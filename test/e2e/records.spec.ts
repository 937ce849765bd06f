// Issue 17, item 12: "Records per second" was empty on every vertex. Not a missing metric: the
// recorder keeps record rates as the cluster's per-vertex aggregate and the subtasks' record
// counters, which the view did not read. Recorded here the way a user records: `backflow demo`
// against the built-in simulated cluster, then opened in the served mode.
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, type ServedSession } from '../../electron/server/server';
import { SHOTS, UI, watchProblems } from './fixtures/served';

let dir: string;
let served: ServedSession;
let problems: string[] = [];

test.beforeAll(async () => {
  test.setTimeout(60_000);
  dir = mkdtempSync(path.join(tmpdir(), 'backflow-e2e-records-'));
  const file = path.join(dir, 'demo.backflow');
  execFileSync(
    process.execPath,
    [
      path.resolve('out/cli/backflow.mjs'),
      'demo',
      '--scenario',
      'incident',
      '--duration',
      '4m',
      '--speed',
      '60',
      '--interval',
      '5s',
      '--out',
      file,
    ],
    { stdio: 'pipe' },
  );
  served = await startServer({ sessionPath: file, port: 0, staticRoot: UI });
});
test.afterAll(async () => {
  await served?.close();
  rmSync(dir, { recursive: true, force: true });
});
test.beforeEach(({ page }) => {
  problems = watchProblems(page);
});
test.afterEach(() => expect(problems).toEqual([]));

test('every vertex of a recorded session charts its records per second, and the subtasks show theirs', async ({
  page,
}) => {
  await page.goto(served.openUrl);
  const labels = page.getByTestId('lane-label');
  await expect(labels).toHaveCount(4);
  const records = page.locator('figure:has([data-title="Records per second"])');
  for (let i = 0; i < 4; i++) {
    const name = (await labels.nth(i).getAttribute('title'))!;
    await labels.nth(i).click();
    await expect(page.getByTestId('detail-title')).toContainText(name.slice(0, 20));
    await expect(records.getByTestId('chart')).toBeVisible();
    await expect(records.getByTestId('chart-empty'), `records per second of ${name}`).toHaveCount(0);
  }
  // The source at the worst incident (where the recorder fetched its subtasks' counters): each
  // subtask's records out per second.
  await labels.nth(0).click();
  await page.getByTestId('incident-headline-text').click();
  await labels.nth(0).click();
  const rows = page.getByTestId('subtask-table').locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  await expect.poll(() => rows.first().locator('td').nth(9).textContent()).toMatch(/^\d+$/);
  await records.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, '17-12-records-per-second.png') });
});

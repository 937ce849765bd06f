// Issue 17, item 9: links that can be shared. The address carries the view (window, cursor,
// vertex), never the per-run token; Copy link copies that; whoever opens it without the token is
// asked for it; a restarted `backflow serve` (a new token) asks for the new link and keeps the view.
import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import { startServer, type ServedSession } from '../../electron/server/server';
import { JOB_ID, SUSTAINED, T0, V } from './fixtures/make-session';
import { serveFixtureSession, SHOTS, UI, watchProblems, type ServedFixture } from './fixtures/served';

let fixture: ServedFixture;
let problems: string[] = [];

test.beforeEach(async ({ page }) => {
  fixture = await serveFixtureSession('links');
  problems = watchProblems(page);
});
test.afterEach(async () => {
  await fixture?.close();
  // After a restart, requests in flight are refused (401) until the page has the new token: the
  // prompt is what the user sees; the refusals themselves are expected.
  expect(problems.filter((p) => !/401|missing or wrong x-backflow-token/.test(p))).toEqual([]);
});

const cursorText = (page: Page) => page.getByTestId('cursor-time').textContent();

async function openView(page: Page, served: ServedSession): Promise<void> {
  await page.goto(
    `${served.openUrl}&from=${SUSTAINED.from}&to=${SUSTAINED.to}&t=${T0 + 120_000}&v=1~${JOB_ID}~${V.map}`,
  );
  await expect(page.getByTestId('lane-label')).toHaveCount(4);
  await expect(page.getByTestId('detail-title')).toBeVisible();
}

test('the address keeps the view and not the token; Copy link copies it; another browser is asked for the token and gets the view', async ({
  page,
  context,
  browser,
}) => {
  const served = fixture.served;
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: served.url.replace(/\/$/, '') });
  await openView(page, served);
  await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#from=\d+&to=\d+&t=\d+&v=1~/);
  expect(page.url()).not.toContain('token');
  expect(page.url()).not.toContain(served.token);

  await page.getByTestId('copy-link').click();
  await expect(page.getByTestId('copy-link-status')).toContainText('copied');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toBe(page.url());
  expect(link).not.toContain(served.token);
  await page.screenshot({ path: path.join(SHOTS, '17-9-link-copied.png') });
  const cursor = await cursorText(page);

  // The same browser opens the link straight away (the token is kept for this server's address).
  const again = await context.newPage();
  await again.goto(link);
  await expect(again.getByTestId('cursor-time')).toHaveText(cursor!);
  await expect(again.getByTestId('detail-title')).toBeVisible();
  await again.close();

  // Another browser has no token: it asks for it, and the printed link brings the copied view.
  const other = await browser.newContext();
  const stranger = await other.newPage();
  await stranger.goto(link);
  await expect(stranger.getByTestId('token-prompt')).toContainText('access token');
  await stranger.screenshot({ path: path.join(SHOTS, '17-9-asks-for-token.png') });
  await stranger.getByTestId('token-input').fill('not a token');
  await stranger.getByTestId('token-submit').click();
  await expect(stranger.getByTestId('token-wrong')).toBeVisible();
  await stranger.getByTestId('token-input').fill(served.openUrl);
  await stranger.getByTestId('token-submit').click();
  await expect(stranger.getByTestId('cursor-time')).toHaveText(cursor!);
  await expect(stranger.getByTestId('window-span')).toHaveText('window 3m 00s');
  expect(stranger.url()).not.toContain('token');
  await other.close();
});

test('after serve restarts with a new token, the page asks for the new link and keeps the view', async ({ page }) => {
  const served = fixture.served;
  await openView(page, served);
  await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/t=\d+/);
  const cursor = await cursorText(page);
  const port = Number(new URL(served.url).port);
  const beforeGap = problems.length;
  await served.close();
  const restarted = await startServer({
    sessionPath: fixture.file,
    port,
    staticRoot: UI,
    token: 'a-new-token-for-the-second-run',
  });
  // A request the page sent while nothing listened on the port (its periodic refresh) was refused
  // by the OS: that is the restart gap itself, not a defect. Anything else logged then still counts.
  problems.splice(beforeGap, Infinity, ...problems.slice(beforeGap).filter((p) => !/ERR_CONNECTION_REFUSED/.test(p)));
  try {
    // The open page finds out at its next request: it asks, over the view it shows.
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('token-prompt')).toContainText('restarted');
    await page.screenshot({ path: path.join(SHOTS, '17-9-restarted-asks.png') });
    // A reload of the old address asks too (the saved token is refused), and the new link keeps the view.
    await page.reload();
    await expect(page.getByTestId('token-prompt')).toContainText('restarted');
    await page.getByTestId('token-input').fill(restarted.openUrl);
    await page.getByTestId('token-submit').click();
    await expect(page.getByTestId('cursor-time')).toHaveText(cursor!);
    await expect(page.getByTestId('window-span')).toHaveText('window 3m 00s');
    await expect(page.getByTestId('detail-title')).toBeVisible();
    expect(page.url()).not.toContain('a-new-token');
  } finally {
    await restarted.close();
  }
});

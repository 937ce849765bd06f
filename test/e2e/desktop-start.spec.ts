// The desktop app's start screen in Chromium: `window.backflow` is a fake preload bridge
// (fixtures/fake-bridge.ts) over a served session, so the renderer runs its real desktop code
// path — start screen, recent sessions, the recording form and its hand-over to the main side,
// the recording status, and the menu commands.
import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import type { ServedSession } from '../../electron/server/server';
import { bridgeCalls, cancelNextSaveDialog, fireCommand, installFakeBridge } from './fixtures/fake-bridge';
import { NAMES, V } from './fixtures/make-session';
import { serveFixtureSession, SHOTS, watchProblems, type ServedFixture } from './fixtures/served';

const SERVED_ID = '0123456789abcdef';
const GONE_ID = 'fedcba9876543210';
const SECRET = 's3cr3t-Pa55word!';
let fixture: ServedFixture;
let served: ServedSession;
let problems: string[] = [];

test.beforeAll(async () => {
  fixture = await serveFixtureSession('desktop');
  served = fixture.served;
});

test.afterAll(async () => {
  await fixture?.close();
});

test.beforeEach(async ({ page }) => {
  problems = watchProblems(page);
  await installFakeBridge(page, {
    url: served.url,
    token: served.token,
    recent: [
      { id: SERVED_ID, fileName: 'incident.backflow' },
      { id: GONE_ID, fileName: 'moved-away.backflow' },
    ],
    servedId: SERVED_ID,
    recordInto: 'backflow-20261126-090000.backflow',
  });
});

test.afterEach(() => {
  expect(problems).toEqual([]);
});

/** The desktop page: no token anywhere, the bridge is the only way to the main side. */
async function openApp(page: Page): Promise<void> {
  await page.goto(served.url);
  await expect(page.getByTestId('desktop-start')).toBeVisible();
}

test('the start screen offers opening, recent sessions and recording; a recent session opens on click', async ({
  page,
}) => {
  await openApp(page);
  await expect(page.getByTestId('open-session-dialog')).toHaveText('Open Session…');
  await expect(page.getByTestId('recent-session')).toHaveText(['incident.backflow', 'moved-away.backflow']);
  await expect(page.getByTestId('open-recording-form')).toBeVisible();
  // The served mode's single-session card is not shown in the desktop app.
  await expect(page.getByTestId('start-session')).toHaveCount(0);
  await page.screenshot({ path: path.join(SHOTS, '20-desktop-start.png') });

  // A session that moved away: the main side refuses, the page says why and stays usable.
  await page.getByTestId('recent-session').filter({ hasText: 'moved-away' }).click();
  await expect(page.getByTestId('start-action-error')).toHaveText(
    'that session is no longer in the recent list (moved or deleted?)',
  );

  await page.getByTestId('recent-session').filter({ hasText: 'incident.backflow' }).click();
  // The shell reloads the window with the session: the session view opens directly.
  await expect(page.getByTestId('lane-label')).toHaveText([
    NAMES[V.source],
    NAMES[V.map],
    NAMES[V.window],
    NAMES[V.sink],
  ]);
  await expect(page.getByTestId('desktop-start')).toHaveCount(0);
  expect((await bridgeCalls(page)).filter((c) => c.action === 'openRecent').map((c) => c.arg)).toEqual([
    GONE_ID,
    SERVED_ID,
  ]);
});

test('Open Session… asks the main side for its dialog', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('open-session-dialog').click();
  await expect(page.getByTestId('lane-label')).toHaveCount(4);
  expect((await bridgeCalls(page)).map((c) => c.action)).toContain('openSessionDialog');
});

test('the recording form explains each invalid input beside its field', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('open-recording-form').click();
  const form = page.getByTestId('recording-form');
  await expect(page.getByTestId('rec-url')).toBeFocused();

  // Nothing entered, an interval too short, basic auth without a user.
  await page.getByTestId('rec-interval').fill('0.5');
  await page.getByTestId('rec-auth-basic').check();
  await page.getByTestId('rec-start').click();
  await expect(page.getByTestId('rec-url-error')).toHaveText(
    'Enter the JobManager URL, e.g. http://flink-jobmanager:8081',
  );
  await expect(page.getByTestId('rec-interval-error')).toHaveText('Poll at most once a second (interval ≥ 1s)');
  await expect(page.getByTestId('rec-username-error')).toHaveText('Enter the user name for Basic authentication');
  await expect(page.getByTestId('rec-url')).toHaveAttribute('aria-invalid', 'true');

  // Messages follow the typing after the first submit.
  await page.getByTestId('rec-url').fill('flink-jm:8081');
  await expect(page.getByTestId('rec-url-error')).toHaveText('Use an http:// or https:// URL (got flink-jm://)');
  await page.getByTestId('rec-url').fill('not a url');
  await expect(page.getByTestId('rec-url-error')).toHaveText(
    '"not a url" is not a URL; include the scheme, e.g. http://not a url',
  );
  await page.getByTestId('rec-url').fill('http://admin:pw@flink-jm:8081');
  await expect(page.getByTestId('rec-url-error')).toHaveText(
    'Do not put credentials into the URL; choose Basic or Bearer authentication below',
  );
  await page.getByTestId('rec-interval').fill('ten seconds');
  await expect(page.getByTestId('rec-interval-error')).toHaveText(
    '"ten seconds" is not a duration; use e.g. 10s, 1m or plain seconds',
  );
  await page.getByTestId('rec-interval').fill('2h');
  await expect(page.getByTestId('rec-interval-error')).toHaveText('Poll at least once an hour (interval ≤ 1h)');
  await page.getByTestId('rec-auth-bearer').check();
  await expect(page.getByTestId('rec-token-error')).toHaveText('Enter the bearer token');
  await page.getByTestId('rec-jobs').fill(`ok-job, ${'x'.repeat(201)}`);
  await expect(page.getByTestId('rec-jobs-error')).toContainText('A job id or name is at most 200 characters');
  await page.screenshot({ path: path.join(SHOTS, '21-recording-form-invalid.png') });

  // Fixed: every message is gone. Nothing reached the main side while the form was invalid.
  await page.getByTestId('rec-url').fill('https://flink-jm.example:8081/');
  await page.getByTestId('rec-interval').fill('15s');
  await page.getByTestId('rec-token').fill('tok');
  await page.getByTestId('rec-jobs').fill('ok-job');
  await expect(form.locator('.invalid')).toHaveCount(0);
  expect(
    (await bridgeCalls(page)).map((c) => c.action).filter((a) => a === 'startRecording' || a === 'saveCredential'),
  ).toEqual([]);
});

test('submitting hands exactly the entered values to the main side and keeps no copy of the secret', async ({
  page,
}) => {
  await openApp(page);
  await page.getByTestId('open-recording-form').click();
  await page.getByTestId('rec-url').fill('  http://flink-jm.example:8081  ');
  await page.getByTestId('rec-auth-basic').check();
  await page.getByTestId('rec-username').fill('flink-reader');
  await page.getByTestId('rec-password').fill(SECRET);
  await expect(page.getByTestId('rec-password')).toHaveAttribute('type', 'password');
  await page.getByTestId('rec-interval').fill('5s');
  await page
    .getByTestId('rec-jobs')
    .fill('a1b2c3d4e5f60718293a4b5c6d7e8f90,\nOrders pipeline, a1b2c3d4e5f60718293a4b5c6d7e8f90');
  await page.getByTestId('rec-detail').selectOption('all');
  // The user cancels the save dialog the first time.
  await cancelNextSaveDialog(page);
  await page.getByTestId('rec-start').click();
  await expect(page.getByTestId('rec-outcome')).toHaveText('Recording not started: no file was chosen to record into.');

  const calls = await bridgeCalls(page);
  expect(calls.filter((c) => c.action === 'saveCredential')).toEqual([
    {
      action: 'saveCredential',
      arg: { url: 'http://flink-jm.example:8081', basicAuth: { username: 'flink-reader', password: SECRET } },
    },
  ]);
  const request = {
    url: 'http://flink-jm.example:8081',
    intervalMs: 5000,
    jobs: ['a1b2c3d4e5f60718293a4b5c6d7e8f90', 'Orders pipeline'],
    detail: 'all',
    useSavedCredential: true,
  };
  expect(calls.filter((c) => c.action === 'startRecording')).toEqual([{ action: 'startRecording', arg: request }]);

  // The secret went to the main side once; the page holds it nowhere, and the form now uses the saved credential.
  await expect(page.getByTestId('rec-auth-saved')).toBeChecked();
  await expect(page.getByTestId('rec-password')).toHaveCount(0);
  expect(await page.content()).not.toContain(SECRET);
  const inputValues = await page
    .locator('input, textarea')
    .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
  expect(inputValues.join('\n')).not.toContain(SECRET);
  await page.screenshot({ path: path.join(SHOTS, '22-recording-form-saved-credential.png') });

  // Second try: the saved credential is used and recording starts; the window opens the new
  // session and the status line follows the recorder.
  await page.getByTestId('rec-start').click();
  await expect(page.getByTestId('lane-label')).toHaveCount(4);
  await expect(page.getByTestId('recording-file')).toHaveText('backflow-20261126-090000.backflow');
  await expect(page.getByTestId('recording-ticks')).toHaveText(/^[1-9]\d* ticks?$/);
  const first = await page.getByTestId('recording-ticks').textContent();
  await expect(page.getByTestId('recording-ticks')).not.toHaveText(first!);
  const after = await bridgeCalls(page);
  expect(after.filter((c) => c.action === 'startRecording').map((c) => c.arg)).toEqual([request, request]);
  expect(after.filter((c) => c.action === 'saveCredential')).toHaveLength(1);
  expect(await page.content()).not.toContain(SECRET);
  await page.screenshot({ path: path.join(SHOTS, '23-desktop-recording.png') });

  await page.getByTestId('recording-stop').click();
  await expect(page.getByTestId('recording-status')).toHaveCount(0);
  expect((await bridgeCalls(page)).map((c) => c.action)).toContain('stopRecording');
});

test('a recording without authentication sends no credential', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('open-recording-form').click();
  await page.getByTestId('rec-url').fill('http://127.0.0.1:8081');
  await page.getByTestId('rec-start').click();
  // The window reloads with the new session, the status line on top.
  await expect(page.getByTestId('lane-label')).toHaveCount(4);
  await expect(page.getByTestId('recording-file')).toBeVisible();
  const calls = await bridgeCalls(page);
  expect(calls.filter((c) => c.action === 'saveCredential')).toEqual([]);
  expect(calls.filter((c) => c.action === 'startRecording').map((c) => c.arg)).toEqual([
    { url: 'http://127.0.0.1:8081', intervalMs: 10_000, jobs: [], detail: 'hot', useSavedCredential: false },
  ]);
});

test('menu commands: New Recording opens the form, Keyboard Shortcuts the map, on both screens', async ({ page }) => {
  await openApp(page);
  await expect(page.getByTestId('recording-form')).toHaveCount(0);
  await fireCommand(page, 'new-recording');
  await expect(page.getByTestId('recording-form')).toBeVisible();
  await fireCommand(page, 'show-keyboard-map');
  await expect(page.getByTestId('shortcuts')).toContainText('previous / next incident');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shortcuts')).toHaveCount(0);

  // With a session open, New Recording shows the form in a dialog over the session.
  await page.getByTestId('recent-session').filter({ hasText: 'incident.backflow' }).click();
  await expect(page.getByTestId('lane-label')).toHaveCount(4);
  await fireCommand(page, 'new-recording');
  await expect(page.getByTestId('recording-dialog').getByTestId('recording-form')).toBeVisible();
  // Typing in the form does not drive the timeline underneath.
  const cursor = await page.getByTestId('cursor-time').textContent();
  await page.getByTestId('rec-url').fill('http://d.example:8081');
  await page.getByTestId('rec-url').press('End');
  await expect(page.getByTestId('cursor-time')).toHaveText(cursor!);
  await page.screenshot({ path: path.join(SHOTS, '24-desktop-new-recording-dialog.png') });
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('recording-dialog')).toHaveCount(0);
  await fireCommand(page, 'show-keyboard-map');
  await expect(page.getByTestId('shortcuts')).toBeVisible();
});

test('served mode (no bridge) goes straight to its one session and shows no desktop-only buttons', async ({
  browser,
}) => {
  const page = await browser.newPage();
  await page.goto(served.openUrl);
  await expect(page.getByTestId('lane-label')).toHaveCount(4);
  await expect(page.getByTestId('desktop-start')).toHaveCount(0);
  for (const id of [
    'open-session-dialog',
    'open-recording-form',
    'recent-session',
    'recording-status',
    'start-demo',
    'demo-note',
    'start-session',
  ]) {
    await expect(page.getByTestId(id)).toHaveCount(0);
  }
  await page.close();
});

test('Record the demo cluster: the chosen scenario goes to the main side, the window shows the live demo session', async ({
  page,
}) => {
  await openApp(page);
  // Every simulator scenario except the large load test, the incident story preselected.
  await expect(page.getByTestId('demo-scenario')).toHaveValue('incident');
  const options = await page.getByTestId('demo-scenario').locator('option').allTextContents();
  expect(options).toContain('gc-pauses');
  expect(options).not.toContain('large');
  await page.screenshot({ path: path.join(SHOTS, '25-desktop-start-demo.png') });

  await page.getByTestId('demo-scenario').selectOption('gc-pauses');
  await page.getByTestId('start-demo').click();
  // The shell reloads the window on the new session; the page says it is the demo and how to record a real cluster.
  await expect(page.getByTestId('lane-label')).toHaveCount(4);
  await expect(page.getByTestId('recording-file')).toHaveText('demo-gc-pauses-20261126-090000.backflow');
  await expect(page.getByTestId('demo-note')).toContainText(
    'Recording the built-in demo cluster — open your own cluster from File › New Recording',
  );
  expect((await bridgeCalls(page)).filter((c) => c.action === 'startDemoRecording')).toEqual([
    { action: 'startDemoRecording', arg: { scenario: 'gc-pauses' } },
  ]);
  await page.screenshot({ path: path.join(SHOTS, '26-desktop-demo-recording.png') });

  // Stop works as for any recording; the demo note goes with it.
  await page.getByTestId('recording-stop').click();
  await expect(page.getByTestId('recording-status')).toHaveCount(0);
  await expect(page.getByTestId('demo-note')).toHaveCount(0);
});

// Playwright e2e: the replay UI in Debian's Chromium against the served mode on real session
// files. Never `playwright install` here: the system Chromium is used.
import { defineConfig } from '@playwright/test';
import { DEFAULT_CHROMIUM, QUIET_CHROMIUM_FLAGS } from './electron/report/pdf';

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/e2e',
  workers: 1,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: 'list',
  use: {
    browserName: 'chromium',
    viewport: { width: 1600, height: 1000 },
    launchOptions: {
      executablePath: DEFAULT_CHROMIUM,
      args: QUIET_CHROMIUM_FLAGS,
    },
  },
});

// An imported session says where it came from in the session info panel; a REST recording does not.
import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from '../../electron/server/server';
import { SessionWriter } from '../../electron/session/writer';
import { writeSession } from './fixtures/make-session';
import { UI, watchProblems } from './fixtures/served';

async function serve(withSource: boolean) {
  const dir = mkdtempSync(path.join(tmpdir(), 'backflow-e2e-provenance-'));
  const file = path.join(dir, 'incident.backflow');
  writeSession(file);
  if (withSource) {
    const w = SessionWriter.openForAppend(file);
    w.setSource({
      kind: 'prometheus',
      url: 'https://prom.example:9090',
      selector: '{cluster="prod"}',
      jobs: [],
      stepMs: 15_000,
      stepFromScrape: true,
      from: Date.UTC(2026, 11, 5, 9),
      to: Date.UTC(2026, 11, 5, 10),
      follow: false,
      topologyFrom: 'http://jobmanager:8081',
    });
    w.close();
  }
  const served = await startServer({ sessionPath: file, port: 0, staticRoot: UI });
  return {
    served,
    close: async () => {
      await served.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

for (const imported of [true, false]) {
  test(`the session info panel ${imported ? 'shows the store an imported session came from' : 'shows no source for a REST recording'}`, async ({
    page,
  }) => {
    const problems = watchProblems(page);
    const s = await serve(imported);
    try {
      await page.goto(s.served.openUrl);
      await page.getByRole('button', { name: 'Session info' }).click();
      await expect(page.getByTestId('session-info').first()).toBeVisible();
      if (imported)
        await expect(page.getByTestId('session-source').first()).toContainText(
          'imported from Prometheus https://prom.example:9090 {cluster="prod"}, jobs: all in the window, step 15s (scrape interval)',
        );
      else await expect(page.getByTestId('session-source')).toHaveCount(0);
      expect(problems).toEqual([]);
    } finally {
      await s.close();
    }
  });
}

// `--follow` watches a job that changes under it: the simulated `rescale` job (Window 2 → 6
// subtasks at 250 s, here at 10× speed) scraped by a real Prometheus. The new subtasks' series
// appear in the store after the follow started; the session must carry them from then on.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readAnalysisInput } from '../../../electron/session/analysis-input';
import { SessionReader } from '../../../electron/session/index';
import { buildCli, startCli, type BuiltCli } from '../../fixtures/recorder/cli';
import { eventually, scrapedAtLeast, startScrapedSimulator, type ScrapedSimulator } from './scraped-simulator';

let chain: ScrapedSimulator;
let cli: BuiltCli;
const dir = mkdtempSync(path.join(tmpdir(), 'backflow-follow-rescale-'));

beforeAll(async () => {
  [chain, cli] = await Promise.all([
    startScrapedSimulator({ scenario: 'rescale', flinkVersion: '1.20', clock: 'realtime', speed: 10 }),
    buildCli(),
  ]);
}, 60_000);

afterAll(async () => {
  await chain?.stop();
  cli?.remove();
  rmSync(dir, { recursive: true, force: true });
});

/** The Window vertex's parallelism per frame, oldest first (empty while the file is not readable yet). */
function windowParallelism(file: string): number[] {
  try {
    const r = SessionReader.open(file);
    try {
      const input = readAnalysisInput(r);
      const window = input.vertices.find((v) => v.name.startsWith('Window'));
      return window
        ? input.frames
            .filter((f) => f.vertexId === window.vertexId)
            .sort((a, b) => a.ts - b.ts)
            .map((f) => f.parallelism)
        : [];
    } finally {
      r.close();
    }
  } catch {
    return [];
  }
}

it('picks up the subtasks a rescale adds after the follow started', async () => {
  // From once every TaskManager was scraped: an instant before a TaskManager's first scrape has
  // none of its subtasks' series (the Window's second subtask then reads as missing, parallelism 1).
  // Then a few scrapes more, for the import to tell the scrape interval from the window.
  await scrapedAtLeast(chain.prometheus.url, 1, chain.endpoints.all.length);
  const from = Date.now();
  await new Promise((resolve) => setTimeout(resolve, 4_000));
  const file = path.join(dir, 'rescaled.backflow');
  const run = startCli(
    cli,
    ['import', 'prometheus', chain.prometheus.url, '--out', file, '--from', String(from), '--follow'],
    dir,
  );
  try {
    // Before the rescale (model 250 s = 25 s here) the Window runs 2 subtasks.
    const before = await eventually(async () => {
      if (run.child.exitCode !== null) throw new Error(`import ended: ${run.stderr()}`);
      const p = windowParallelism(file);
      return p.length > 0 ? p : null;
    }, 30_000);
    expect(before[0]).toBe(2);
    const after = await eventually(async () => {
      if (run.child.exitCode !== null) throw new Error(`import ended: ${run.stderr()}`);
      const p = windowParallelism(file);
      return p.some((n) => n === 6) ? p : null;
    }, 60_000);
    // Once scaled up, every later frame has the 6 subtasks.
    expect(after.slice(after.indexOf(6))).toEqual(after.slice(after.indexOf(6)).map(() => 6));
  } finally {
    run.child.kill('SIGTERM');
  }
  const done = await run.done;
  expect(done.code, done.stderr).toBe(0);
}, 150_000);

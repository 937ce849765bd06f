// `backflow import prometheus --follow` against a real Prometheus scraping a simulated cluster
// running in real time: the built CLI imports the window up to now, then keeps adding ticks as
// the store receives them; while it does, the session reads as live (what `backflow serve` shows),
// and SIGTERM ends it cleanly with every tick read written and the file closed.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createService } from '../../../electron/service/service';
import { SessionReader } from '../../../electron/session/index';
import { buildCli, startCli, type BuiltCli } from '../../fixtures/recorder/cli';
import { eventually, scrapedAtLeast, startScrapedSimulator, type ScrapedSimulator } from './scraped-simulator';

let chain: ScrapedSimulator;
let cli: BuiltCli;
const dir = mkdtempSync(path.join(tmpdir(), 'backflow-follow-'));

beforeAll(async () => {
  [chain, cli] = await Promise.all([
    startScrapedSimulator({ scenario: 'incident', flinkVersion: '1.20', clock: 'realtime' }),
    buildCli(),
  ]);
}, 60_000);

afterAll(async () => {
  await chain?.stop();
  cli?.remove();
  rmSync(dir, { recursive: true, force: true });
});

const ticksIn = (file: string): number => {
  const r = SessionReader.open(file);
  try {
    return r.info().ticks;
  } finally {
    r.close();
  }
};

it('keeps importing new samples as they arrive, reads as live meanwhile, and ends cleanly on SIGTERM', async () => {
  const from = Date.now();
  // Some samples in the store first: the first read has a scrape interval to tell.
  await scrapedAtLeast(chain.prometheus.url, 5);
  const file = path.join(dir, 'followed.backflow');
  const run = startCli(
    cli,
    ['import', 'prometheus', chain.prometheus.url, '--out', file, '--from', String(from), '--follow'],
    dir,
  );
  try {
    const first = await eventually(async () => {
      if (run.child.exitCode !== null) throw new Error(`import ended: ${run.stderr()}`);
      return existsSync(file) && ticksIn(file) >= 2 ? ticksIn(file) : null;
    }, 30_000);
    // Growing at the scrape interval (1 s) while the import follows.
    const grown = await eventually(async () => (ticksIn(file) >= first + 3 ? ticksIn(file) : null), 15_000);
    const reader = SessionReader.open(file);
    const service = createService(reader);
    try {
      const info = await service.sessionInfo({});
      expect(info.live).toBe(true);
      expect(info.source).toMatchObject({ kind: 'prometheus', follow: true, stepMs: 1000 });
      expect(info.tickCount).toBeGreaterThanOrEqual(grown);
    } finally {
      service.close();
      reader.close();
    }
    expect(run.stderr()).toContain('following: ');
  } finally {
    run.child.kill('SIGTERM');
  }
  const done = await run.done;
  expect(done.stderr).not.toMatch(/error|retrying/i);
  expect(done.code).toBe(0);
  expect(done.stdout).toMatch(/followed\.backflow: 1 job\(s\), \d+ vertices, \d+ ticks at 1s/);
  // Closed: one self-contained file, its source's window ending at the last tick written.
  expect(existsSync(`${file}-wal`)).toBe(false);
  const r = SessionReader.open(file);
  try {
    const range = r.timeRange()!;
    expect(r.source()!.to).toBe(range.to);
    expect(r.info().ticks).toBeGreaterThanOrEqual(5);
    expect(r.info().gaps).toEqual([]);
  } finally {
    r.close();
  }
}, 120_000);

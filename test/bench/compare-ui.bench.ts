// Compare-view benchmark (`npm run bench -- compare-ui`): two 1-hour `large` sessions (20 vertices ×
// 256 subtasks at 10 s each, the second recorded a day later) served together, compared in
// Debian's Chromium. Measures what a user feels against the UI's frame budget (issue 12: "scrubbing
// stays within the UI's frame budget with two large sessions open"): open → both lane sets painted,
// the comparison's answer, and the p95 frame while scrubbing the one cursor across A's lanes (both
// lane sets and both graphs follow). Lanes come from each session's bucketed overview call only.

import { chromium } from '@playwright/test';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_CHROMIUM, QUIET_CHROMIUM_FLAGS } from '../../electron/report/pdf';
import { startServer } from '../../electron/server/server';
import { LARGE, writeLargeSession } from '../e2e/fixtures/make-large-session';
import { recordedFrames, recordFrames } from './ui-measure';

const UI = path.resolve('out/renderer');
const pct = (xs: number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;
const rows: [string, number, string, number][] = [];
const report = (what: string, value: number, unit: string, goal: number) => rows.push([what, value, unit, goal]);

if (!existsSync(path.join(UI, 'index.html'))) throw new Error('out/renderer is not built: run `npm run build` first');
const dir = mkdtempSync(path.join(tmpdir(), 'backflow-compare-uibench-'));
const a = path.join(dir, 'monday.backflow');
const b = path.join(dir, 'tuesday.backflow');
let t = performance.now();
writeLargeSession(a);
writeLargeSession(b, { ...LARGE, t0: LARGE.t0 + 86_400_000 });
console.log(
  `two sessions: ${LARGE.vertices} vertices × ${LARGE.subtasks} subtasks × ${LARGE.ticks} ticks each, written in ${((performance.now() - t) / 1000).toFixed(1)} s`,
);

const served = await startServer({ sessionPath: a, sessionPaths: [a, b], port: 0, staticRoot: UI });
const browser = await chromium.launch({ executablePath: DEFAULT_CHROMIUM, args: QUIET_CHROMIUM_FLAGS });

try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(served.openUrl);
  await page.getByTestId('session-pick').nth(0).check();
  await page.getByTestId('session-pick').nth(1).check();
  t = performance.now();
  await page.getByTestId('compare-open').click();
  const painted = (side: 'a' | 'b') =>
    page.evaluate(
      (s) =>
        Number(
          document.querySelector<HTMLCanvasElement>(`[data-testid="compare-lanes-${s}"] [data-testid="lanes-canvas"]`)
            ?.dataset.paints ?? 0,
        ),
      side,
    );
  while ((await painted('a')) === 0 || (await painted('b')) === 0) await new Promise((r) => setTimeout(r, 20));
  report('open compare → both lane sets painted', performance.now() - t, 'ms', 1000);
  await page.getByTestId('compare-summary').waitFor({ timeout: 120_000 });
  report('open compare → summary shown (first analysis of both)', performance.now() - t, 'ms', 5000);

  // Scrub the one cursor across A's lanes with the mouse, recording every frame.
  const target = page.locator('[data-testid="compare-lanes-a"] [data-testid="lanes"]');
  await target.scrollIntoViewIfNeeded();
  const box = (await target.boundingBox())!;
  const y = box.y + 10;
  await page.mouse.move(box.x + 1, y);
  await recordFrames(page);
  const calls0 = await page.evaluate(() => performance.getEntriesByType('resource').length);
  await page.mouse.down();
  const steps = 240;
  for (let i = 1; i <= steps; i++) await page.mouse.move(box.x + 1 + ((box.width - 2) * i) / steps, y);
  await page.mouse.up();
  const frames = await recordedFrames(page);
  const calls = await page.evaluate(
    (n) =>
      performance
        .getEntriesByType('resource')
        .slice(n)
        .map((e) => e.name.split('/api/')[1]?.split('?')[0] ?? '')
        .filter(Boolean),
    calls0,
  );
  const VSYNC = 1000 / 60;
  const vsyncs = frames.map((f) => Math.max(1, Math.round(f / VSYNC)) * VSYNC);
  report(`scrub p95 frame, two sessions (${frames.length} frames)`, pct(vsyncs, 0.95), 'ms', 16.7);
  const counts = new Map<string, number>();
  for (const c of calls) counts.set(c, (counts.get(c) ?? 0) + 1);
  console.log(
    `  frames p50 ${pct(frames, 0.5).toFixed(1)} ms, p95 ${pct(frames, 0.95).toFixed(1)} ms, max ${Math.max(...frames).toFixed(1)} ms (raw); ${vsyncs.filter((v) => v > VSYNC + 1).length} dropped`,
  );
  console.log(`  API calls during the scrub: ${[...counts].map(([k, v]) => `${k} ×${v}`).join(', ') || 'none'}`);
  const cursors = await page.getByTestId('compare-cursor').textContent();
  console.log(`  cursor after the scrub: ${cursors?.replace(/\s+/g, ' ')}`);
  if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
} finally {
  await browser.close();
  await served.close();
  rmSync(dir, { recursive: true, force: true });
}

for (const [what, value, unit, goal] of rows)
  console.log(
    `${value <= goal ? 'ok  ' : 'SLOW'} ${what}: ${value.toFixed(1)} ${unit} (goal ≤ ${goal} ${unit}, ${(value / goal).toFixed(2)}×)`,
  );

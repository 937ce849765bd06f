// The replay UI measured on one session file, as a user meets it: the served mode started as its
// own process (the built CLI, `backflow serve FILE`), Debian's Chromium driven by Playwright.
// Used by the UI bench (a 1-hour `large` session) and the scale bench (1 h / 6 h / 24 h).
// Measures open → first paint of the lanes, scrubbing and hovering frames, zoom/pan redraws, the
// renderer's JS heap, and the served process' peak RSS (VmHWM after the whole run) and RSS at the end.
// Needs the built CLI and UI (out/cli, out/renderer; npm run bench builds first).
// `performance` here is the global one: functions handed to the page are sent as source text, so
// no bundler-renamed import may appear in them.

import { chromium, type Browser, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_CHROMIUM, QUIET_CHROMIUM_FLAGS } from '../../electron/report/pdf';

/** Starts recording the page's animation frames: the interval before each (ms). */
export async function recordFrames(page: Page): Promise<void> {
  // In the page: the global `performance` (a bundler may rename an imported one).
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __rec: boolean };
    w.__frames = [];
    w.__rec = true;
    let last = performance.now();
    const tick = (now: number) => {
      w.__frames.push(now - last);
      last = now;
      if (w.__rec) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

/** Stops recording and returns the frame intervals since recordFrames (the first, partial one left out). */
export function recordedFrames(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __rec: boolean };
    w.__rec = false;
    return w.__frames.slice(1);
  });
}

export interface UiRow {
  /** Short stable name (firstPaint, scrub, zoomPan, rssPeak…), for callers that pick rows. */
  key: string;
  what: string;
  value: number;
  unit: string;
  goal: number;
}

export interface UiMeasureOptions {
  /** The built CLI (default out/cli/backflow.mjs; BENCH_CLI overrides). */
  cli?: string;
  /** Goal for the served process' RSS (MB): 250 for 1 h, 300 for 24 h. */
  rssGoalMb?: number;
  /** Also open a vertex (heatmap, charts) and scrub and hover there (default true). */
  vertexDetail?: boolean;
  log?: (line: string) => void;
}

export interface UiMeasurement {
  rows: UiRow[];
  /** Lines worth printing with the table (API calls, analysis time…). */
  notes: string[];
}

export const pct = (xs: number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;

/** Judged at the precision printed: a frame interval of one vsync (16.67 ms) is 60 fps, not a miss. */
export const within = (r: UiRow): boolean => Number(r.value.toFixed(1)) <= r.goal;

/** One `| measure | value | goal | ok |` table. */
export function printUiTable(rows: UiRow[], log: (line: string) => void = console.log): void {
  log('\n| measure | value | goal | |\n|---|---:|---:|---|');
  for (const r of rows)
    log(`| ${r.what} | ${r.value.toFixed(1)} ${r.unit} | ≤ ${r.goal} ${r.unit} | ${within(r) ? 'ok' : 'MISSED'} |`);
}

/**
 * From a Chromium trace: the renderer main thread's busy time in each 16.7 ms slot (top-level
 * tasks, clipped to the slot). The frame intervals above can never go below one vsync; this shows
 * how much of each frame the page's own work took, i.e. the margin left.
 */
function busyPerFrame(trace: Buffer): number[] {
  const events = (
    JSON.parse(trace.toString()) as {
      traceEvents: {
        ph: string;
        name: string;
        pid: number;
        tid: number;
        ts: number;
        dur?: number;
        args?: { name?: string };
      }[];
    }
  ).traceEvents;
  const main = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}/${e.tid}`),
  );
  const found = events
    .filter(
      (e) =>
        e.ph === 'X' &&
        (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') &&
        e.dur &&
        main.has(`${e.pid}/${e.tid}`),
    )
    .sort((a, b) => a.ts - b.ts);
  // Union of the task intervals (nested task events must not count twice).
  const tasks: { ts: number; dur: number }[] = [];
  for (const e of found) {
    const last = tasks.at(-1);
    if (last && e.ts <= last.ts + last.dur) last.dur = Math.max(last.dur, e.ts + e.dur! - last.ts);
    else tasks.push({ ts: e.ts, dur: e.dur! });
  }
  if (tasks.length === 0) return [];
  const slot = 16_667;
  const t0 = Math.min(...tasks.map((e) => e.ts));
  const t1 = Math.max(...tasks.map((e) => e.ts + e.dur));
  const busy = new Array<number>(Math.ceil((t1 - t0) / slot) || 1).fill(0);
  for (const e of tasks) {
    for (let k = Math.floor((e.ts - t0) / slot); k * slot + t0 < e.ts + e.dur; k++) {
      const a = Math.max(e.ts, t0 + k * slot);
      const b = Math.min(e.ts + e.dur, t0 + (k + 1) * slot);
      if (b > a && k < busy.length) busy[k]! += (b - a) / 1000;
    }
  }
  return busy;
}

const paints = (page: Page) =>
  page.evaluate(() =>
    Number(document.querySelector<HTMLCanvasElement>('[data-testid="lanes-canvas"]')?.dataset.paints ?? 0),
  );

/**
 * Runs `act` (a key press) and returns the ms from the keydown until the lanes canvas was painted
 * again (`first`), and until it was painted with the exact buckets of the new window (`exact`).
 * Paints before the keydown (a previous key's data arriving late) do not count.
 */
async function timeRedraw(page: Page, act: () => Promise<void>): Promise<{ first: number; exact: number }> {
  await page.evaluate(() => {
    const w = window as unknown as { __redraw: Promise<{ first: number; exact: number }>; __t0: number | undefined };
    const c = document.querySelector<HTMLCanvasElement>('[data-testid="lanes-canvas"]')!;
    w.__t0 = undefined;
    w.__redraw = new Promise((resolve) => {
      let first: number | null = null;
      const mo = new MutationObserver(() => {
        if (w.__t0 === undefined) return;
        const dt = performance.now() - w.__t0;
        first ??= dt;
        if (c.dataset.exact !== 'false') {
          mo.disconnect();
          resolve({ first, exact: dt });
        }
      });
      mo.observe(c, { attributes: true, attributeFilter: ['data-paints'] });
    });
    document.addEventListener('keydown', () => (w.__t0 = performance.now()), { capture: true, once: true });
  });
  await act();
  return page.evaluate(() => (window as unknown as { __redraw: Promise<{ first: number; exact: number }> }).__redraw);
}

interface Served {
  child: ChildProcess;
  openUrl: string;
  url: string;
  token: string;
  stop(): Promise<void>;
}

/** `backflow serve FILE` as a child process; resolves once it printed the address to open. */
async function serveChild(cli: string, file: string): Promise<Served> {
  if (!existsSync(cli)) throw new Error(`${cli} is not built: run \`npm run build\` first`);
  // BENCH_SERVE_NODE_ARGS: Node flags for the served process (to try V8 heap settings).
  const nodeArgs = (process.env.BENCH_SERVE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, cli, 'serve', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
    // BENCH_UI_TRACE=1: what the served process says (a worker that fell back, …) as it says it.
    if (process.env.BENCH_UI_TRACE === '1') process.stderr.write(`    [served] ${d.toString()}`);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const openUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^Open (\S+)$/m.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code, signal) =>
      reject(new Error(`backflow serve exited (${code ?? signal}) before serving: ${stderr.slice(-800)}`)),
    );
  });
  const u = new URL(openUrl);
  const token = new URLSearchParams(u.hash.slice(1)).get('token') ?? '';
  return {
    child,
    openUrl,
    url: `${u.origin}${u.pathname}`,
    token,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * A process and its descendants (the served mode's analysis process), sampled every 100 ms from
 * /proc until stopped, in MB: the children's own peak RSS, and the largest of what they hold
 * together: their private pages plus the shared pages of the one that has more. An RSS sum counts
 * a page both map (Node's own code, its libraries) twice; a PSS sum splits such a page with every
 * other process mapping it (here the bench's own Node), so it would count too little.
 */
export function sampleTree(pid: number): { stop(): { childPeakMb: number; rssSumMb: number; togetherMb: number } } {
  let childPeak = 0;
  let rssSum = 0;
  let together = 0;
  const kb = (file: string, field: string) => {
    try {
      return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(file, 'utf8'))?.[1] ?? 0);
    } catch {
      return 0; // ended between the listing and the read
    }
  };
  const descendants = (): number[] => {
    const parent = new Map<number, number>();
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        // pid (comm) state ppid …: comm may hold spaces, so read after its closing parenthesis.
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      } catch {
        // ended meanwhile
      }
    }
    const out: number[] = [];
    const walk = (p: number) => {
      for (const [c, pp] of parent) {
        if (pp !== p) continue;
        out.push(c);
        walk(c);
      }
    };
    walk(pid);
    return out;
  };
  const timer = setInterval(() => {
    const kids = descendants();
    const rss = (p: number) => kb(`/proc/${p}/status`, 'VmRSS');
    const pages = (p: number) => {
      let text = '';
      try {
        text = readFileSync(`/proc/${p}/smaps_rollup`, 'utf8');
      } catch {
        return { own: 0, shared: 0 }; // ended meanwhile
      }
      const field = (f: string) => Number(new RegExp(`${f}:\\s+(\\d+) kB`).exec(text)?.[1] ?? 0);
      return {
        own: field('Private_Clean') + field('Private_Dirty'),
        shared: field('Shared_Clean') + field('Shared_Dirty'),
      };
    };
    const kidsRss = kids.reduce((sum, c) => sum + rss(c), 0);
    childPeak = Math.max(childPeak, kidsRss);
    rssSum = Math.max(rssSum, rss(pid) + kidsRss);
    const all = [pid, ...kids].map(pages);
    together = Math.max(together, all.reduce((sum, x) => sum + x.own, 0) + Math.max(...all.map((x) => x.shared)));
  }, 100);
  return {
    stop: () => {
      clearInterval(timer);
      return { childPeakMb: childPeak / 1024, rssSumMb: rssSum / 1024, togetherMb: together / 1024 };
    },
  };
}

/** VmHWM (peak) and VmRSS (now) of a process, in MB. */
export function processMemory(pid: number): { peakMb: number; rssMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return { peakMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 };
}

/** Measures the replay UI on `file` (see the top of this module). */
export async function measureUi(file: string, opts: UiMeasureOptions = {}): Promise<UiMeasurement> {
  const cli = path.resolve(opts.cli ?? process.env.BENCH_CLI ?? 'out/cli/backflow.mjs');
  const log = opts.log ?? ((line: string) => console.log(line));
  const rows: UiRow[] = [];
  const notes: string[] = [];
  const note = (line: string) => {
    notes.push(line);
    log(line);
  };
  const report = (key: string, what: string, value: number, unit: string, goal: number) =>
    rows.push({ key, what, value, unit, goal });

  const served = await serveChild(cli, file);
  const tree = sampleTree(served.child.pid!);
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({ executablePath: DEFAULT_CHROMIUM, args: QUIET_CHROMIUM_FLAGS });
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // BENCH_UI_TRACE=1: every API call as it finishes, its size and the served process' RSS then.
    if (process.env.BENCH_UI_TRACE === '1')
      page.on('requestfinished', (req) => {
        if (!req.url().includes('/api/')) return;
        void req.sizes().then((sizes) => {
          const mem = processMemory(served.child.pid!);
          const timing = req.timing();
          log(
            `    ${req.url().split('/api/')[1]} ${(req.postData() ?? '').slice(0, 160)} → ${(sizes.responseBodySize / 1024).toFixed(0)} kB in ${(timing.responseEnd - timing.requestStart).toFixed(0)} ms; served rss ${mem.rssMb.toFixed(0)} MB (peak ${mem.peakMb.toFixed(0)})`,
          );
        });
      });
    const info = (await (
      await fetch(`${served.url}api/sessionInfo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-backflow-token': served.token },
        body: '{}',
      })
    ).json()) as {
      range: { from: number; to: number };
      vertices: { clusterId: number; jobId: string; vertexId: string }[];
    };
    const range = info.range;

    // 1. Open a deep link to the whole session until the lanes are painted with data, timed inside
    // the page from navigation start.
    await page.addInitScript(() => {
      const w = window as unknown as { __firstPaint?: number };
      const look = () => {
        if (Number(document.querySelector<HTMLCanvasElement>('[data-testid="lanes-canvas"]')?.dataset.paints ?? 0) > 0)
          w.__firstPaint = performance.now();
        else requestAnimationFrame(look);
      };
      requestAnimationFrame(look);
    });
    const t = performance.now();
    await page.goto(`${served.openUrl}&from=${range.from}&to=${range.to}&t=${range.from}`);
    await page
      .waitForFunction(() => (window as unknown as { __firstPaint?: number }).__firstPaint !== undefined, undefined, {
        timeout: 120_000,
      })
      .catch(async (err: Error) => {
        const shown = await page.evaluate(() => document.body.innerText.slice(0, 600)).catch(() => '');
        throw new Error(`${err.message}; page errors: ${errors.join('; ') || 'none'}; page shows: ${shown}`);
      });
    const firstPaint = await page.evaluate(() => (window as unknown as { __firstPaint: number }).__firstPaint);
    report('firstPaint', 'open → first paint of the lanes', firstPaint, 'ms', 1000);
    const calls = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((e) => e.name.includes('/api/'))
        .map(
          (e) =>
            `${e.name.split('/api/')[1]} @${e.startTime.toFixed(0)} +${e.duration.toFixed(0)} ms ${((e as PerformanceResourceTiming).encodedBodySize / 1024).toFixed(0)} kB`,
        ),
    );
    note(`  API calls until first paint: ${calls.join(', ')}`);
    const atPaint = processMemory(served.child.pid!);
    note(`  served process at first paint: rss ${atPaint.rssMb.toFixed(0)} MB, peak ${atPaint.peakMb.toFixed(0)} MB`);
    // While the first analysis of the session runs, API calls must still be answered.
    const during = await page.evaluate(async (token) => {
      const lat: number[] = [];
      while (document.querySelectorAll('[data-testid="episode-row"]').length === 0 && lat.length < 5000) {
        const t0 = performance.now();
        await fetch('./api/tickNear', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-backflow-token': token },
          body: '{"at":0,"step":0}',
        });
        lat.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 20));
      }
      return lat;
    }, served.token);
    note(
      `  API calls while the analysis ran: ${during.length}, slowest ${Math.max(0, ...during).toFixed(0)} ms, p50 ${pct(during, 0.5).toFixed(0)} ms`,
    );
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="episode-row"]').length > 0, undefined, {
      timeout: 300_000,
    });
    note(
      `  analysis (episodes listed) after ${((performance.now() - t) / 1000).toFixed(2)} s; ${await paints(page)} lane paints so far`,
    );

    // 2. Scrub the cursor across the whole timeline with the mouse, recording every frame. The same
    // sweep without a button pressed is a hover: crosshair and tooltip follow the pointer.
    const scrub = async (key: string, label: string, how: { hover?: boolean; over?: string } = {}) => {
      const target = page.locator(how.over ?? '[data-testid="lanes"]').first();
      await target.scrollIntoViewIfNeeded();
      const box = (await target.boundingBox())!;
      const y = box.y + 10;
      await page.mouse.move(box.x + 1, y);
      await recordFrames(page);
      await browser!.startTracing(page, { categories: ['toplevel', 'devtools.timeline'] });
      if (!how.hover) await page.mouse.down();
      const steps = 240;
      for (let i = 1; i <= steps; i++) await page.mouse.move(box.x + 1 + ((box.width - 2) * i) / steps, y);
      if (!how.hover) await page.mouse.up();
      const frames = await recordedFrames(page);
      const busy = busyPerFrame(await browser!.stopTracing());
      // A frame lasts a whole number of vsyncs; rAF timestamps jitter by ~0.1 ms around them, so
      // each interval is counted in vsyncs (a dropped frame still shows as 33.3 ms).
      const VSYNC = 1000 / 60;
      const vsyncs = frames.map((f) => Math.max(1, Math.round(f / VSYNC)) * VSYNC);
      report(
        key,
        `${how.hover ? 'hover' : 'scrub'} p95 frame (${label}, ${frames.length} frames)`,
        pct(vsyncs, 0.95),
        'ms',
        16.7,
      );
      report(`${key}Work`, `  main-thread work per frame p95 (${label})`, pct(busy, 0.95), 'ms', 16.7);
      note(
        `  ${label}: frames p50 ${pct(frames, 0.5).toFixed(1)} ms, p95 ${pct(frames, 0.95).toFixed(1)} ms, max ${Math.max(...frames).toFixed(1)} ms (raw); ${vsyncs.filter((v) => v > VSYNC + 1).length} dropped; main-thread work per frame p50 ${pct(busy, 0.5).toFixed(1)} ms`,
      );
    };
    await scrub('scrub', 'overview and graph');

    // 3. Zoom and pan with the keyboard: time from key press to the lanes redrawn with new data.
    // From the middle of the session, so that every key moves the window: the scrub above left the
    // cursor at the end, where W zooms onto the end and D then leaves the window where it is (a
    // key that changes nothing redraws nothing, and there would be no redraw to time).
    const lanesBox = (await page.getByTestId('lanes').boundingBox())!;
    await page.mouse.click(lanesBox.x + lanesBox.width / 2, lanesBox.y + 10);
    await page.mouse.move(lanesBox.x + lanesBox.width / 2, lanesBox.y - 40);
    const redraws: number[] = [];
    const exact: number[] = [];
    for (const key of ['w', 'w', 'w', 'd', 'd', 'a', 's', 's', 's']) {
      const r = await timeRedraw(page, () => page.keyboard.press(key));
      redraws.push(r.first);
      exact.push(r.exact);
    }
    report('zoomPan', `zoom/pan redraw p95 (${redraws.length} keys)`, pct(redraws, 0.95), 'ms', 50);
    note(
      `  zoom/pan: redrawn at once from fetched buckets p50 ${pct(redraws, 0.5).toFixed(1)} ms; exact buckets of the new window painted p50 ${pct(exact, 0.5).toFixed(1)} ms, p95 ${pct(exact, 0.95).toFixed(1)} ms`,
    );

    // 4. With a vertex open (heatmap, charts, every subtask's row) scrubbing and hovering again.
    const v = info.vertices[0];
    if ((opts.vertexDetail ?? true) && v) {
      await page.goto('about:blank'); // a changed fragment alone would not reload the app
      await page.goto(
        `${served.openUrl}&from=${range.from}&to=${range.to}&t=${range.from}&v=${v.clusterId}~${v.jobId}~${v.vertexId}`,
      );
      await page.getByTestId('heatmap').waitFor({ timeout: 120_000 });
      await scrub('scrubDetail', 'vertex detail open');
      await scrub('hoverLanes', 'lanes, crosshair and tooltip with values', { hover: true });
      await scrub('hoverChart', 'a chart, crosshair and tooltip', {
        hover: true,
        over: '[data-testid="chart"] .u-over',
      });
    }

    // 5. Renderer heap after all of the above (after a GC, as the steady state), and the served
    // process' memory: its peak over the whole run and what it holds at the end.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    report('heap', 'renderer JS heap', heap.usedSize / 2 ** 20, 'MB', 300);
    const mem = processMemory(served.child.pid!);
    const rssGoal = opts.rssGoalMb ?? 250;
    report('rssPeak', 'served-mode process peak RSS (VmHWM, whole UI run)', mem.peakMb, 'MB', rssGoal);
    report('rssEnd', 'served-mode process RSS at the end', mem.rssMb, 'MB', rssGoal);
    // The analysis runs in a child process of the served one (analysis-host.ts): its own peak,
    // and the two together, so that no memory is left out of the account.
    const both = tree.stop();
    report('rssChild', 'analysis process peak RSS (sampled every 100 ms)', both.childPeakMb, 'MB', rssGoal);
    report(
      'together',
      'served mode and its analysis process together, peak (private pages of both + the shared ones once; sampled)',
      both.togetherMb,
      'MB',
      rssGoal,
    );
    note(`  together, peak RSS sum (pages both map counted twice): ${both.rssSumMb.toFixed(0)} MB`);
    if (errors.length) note(`  page errors: ${errors.join('; ')}`);
  } finally {
    tree.stop();
    await browser?.close();
    await served.stop();
  }
  return { rows, notes };
}

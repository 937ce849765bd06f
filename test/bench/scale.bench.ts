// Scale benchmark (`npm run bench -- scale`), issue 13. Recorder rows: one recorder, 1, 5 and 20
// clusters of the `fleet` scenario (5 jobs × 8 vertices each, parallelism 4–64, Flink 1.12–2.3)
// served by a child process on a manual clock, so the CPU measured is the recorder's own (HTTP,
// validation, poll plan, SQLite). Each cluster count records BENCH_SCALE_TICKS ticks, +10 s each.
// BENCH_SCALE_SOAK_TICKS=N (≥ 290; 600 ≈ 15 min here) then records N ticks of the 20 clusters and prints
// the heap's trend after the warm-up.
//
// Long-session rows: one recording of the `large` job (20 vertices × 256 subtasks × 14 metrics,
// 10 s ticks) written straight through the session writer by test/fixtures/long-session.ts (noise,
// a day's load curve, bursts with a bottleneck and backpressured upstream, growing counters),
// copied as it stands at 1 h, 6 h and 24 h (BENCH_LONG_HOURS, e.g. "1,6"). At each length: the first
// full analysis as the app runs it (document + every vertex's level series, fresh reader, best of
// two) and the peak RSS of a process running it in the analysis worker; the next ticks written
// and, after each, the whole session analysed again as the worker does while a recording grows
// (SessionAnalyser) and the recorder's live episode tracker; a report of a 10-minute range around
// a burst (model + HTML, fresh reader, best of three), and the file's bytes per stored value.
// Then the replay UI on each copy (test/bench/ui-measure.ts: `backflow serve` as a child process,
// Chromium: open → first paint, scrub, zoom/pan, the served process' peak RSS; BENCH_SCALE_UI=0 skips).
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Recorder } from '../../electron/recorder/recorder';
import { renderHtml } from '../../electron/report/html';
import { loadReport } from '../../electron/report/load';
import { analyzeSessionFile, SessionAnalyser } from '../../electron/service/analysis-runner';
import { analysisWorkerPath } from '../../electron/service/analysis-worker-path';
import { readAnalysisInput } from '../../electron/session/analysis-input';
import { saveCopy, SessionReader, SessionWriter } from '../../electron/session/index';
import { analyzeSession } from '../../shared/analysis/index';
import { LiveEpisodeTracker } from '../../shared/analysis/live';
import { allocSubtaskBuffers } from '../../shared/analysis/ratios';
import { reduceSample } from '../../shared/analysis/series';
import type { VertexFrame } from '../../shared/model';
import { longSession, LONG_INTERVAL_MS } from '../fixtures/long-session';
import { startFleetProcess } from '../fixtures/recorder/fleet-process';
import { TempDir, T0 } from '../fixtures/recorder/harness';
import { measureUi, within, type UiRow } from './ui-measure';

const ROOT = process.cwd();
const INTERVAL_MS = 10_000;
const TICKS = Number(process.env.BENCH_SCALE_TICKS ?? 10);
/** 30 % of one core per 10 s tick. */
const CPU_GOAL_MS = 3_000;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

interface Scale {
  clusters: number;
  cpuMs: number;
  firstCpuMs: number;
  wallMs: number;
  requests: number;
  firstRequests: number;
  /** Heap after GC every 10 ticks (soak runs only). */
  heap: number[];
}

/** Heap after a full GC, when the bench runs with --expose-gc (npm run bench does); NaN otherwise. */
function heapAfterGcMb(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return NaN;
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

async function measure(tmp: TempDir, clusters: number, ticks = TICKS): Promise<Scale> {
  const fleet = await startFleetProcess(ROOT, { clusters });
  const writer = SessionWriter.create(tmp.file(`fleet-${clusters}.backflow`), { appVersion: 'bench' });
  const recorder = new Recorder({
    writer,
    targets: fleet.urls.map((url) => ({ connection: { url }, jobs: [] })),
    intervalMs: INTERVAL_MS,
    detail: 'hot',
    clock: () => fleet.now(),
  });
  const cpu: number[] = [];
  const wall: number[] = [];
  const requests: number[] = [];
  const heap: number[] = [];
  try {
    // Past the start, when the JobManagers' metric stores are still empty.
    await fleet.advance(30_000);
    for (let i = 0; i < ticks; i++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await recorder.pollOnce();
      wall.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
      requests.push(recorder.status().clusters.reduce((n, s) => n + s.lastRequests, 0));
      if (ticks > TICKS && i % 10 === 0) heap.push(heapAfterGcMb());
      await fleet.advance(INTERVAL_MS);
    }
  } finally {
    recorder.close();
    writer.close();
    await fleet.close();
  }
  // Steady state: every tick after the first, which also connects and looks up every vertex's metrics.
  return {
    clusters,
    cpuMs: median(cpu.slice(1)),
    firstCpuMs: cpu[0]!,
    wallMs: median(wall.slice(1)),
    requests: median(requests.slice(1)),
    firstRequests: requests[0]!,
    heap,
  };
}

/**
 * The recorder's heap over a long run of the 20-cluster fleet (BENCH_SCALE_SOAK_TICKS, e.g. 600;
 * a stepped tick of 20 clusters takes ≈1.4 s here, so a simulated day would take hours): after a
 * GC every 10 ticks. The first ≈250 ticks are warm-up: V8 compiles more of the code as it runs
 * (heap snapshots: the growth is compiled code and its dependency lists, the app's own objects
 * do not grow), so the trend is taken from tick SOAK_WARMUP_TICKS on.
 */
const SOAK_WARMUP_TICKS = 250;

function printSoak(r: Scale, ticks: number): void {
  const h = r.heap.slice(SOAK_WARMUP_TICKS / 10);
  if (h.length < 4 || h.some(Number.isNaN))
    return void console.log(`soak: needs --expose-gc and ≥ ${SOAK_WARMUP_TICKS + 40} ticks`);
  // Least-squares slope per sample (10 ticks).
  const n = h.length;
  const mx = (n - 1) / 2;
  const my = h.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  h.forEach((y, x) => {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  });
  const perTick = num / den / 10;
  console.log(
    `\n### recorder soak: 20 clusters, ${ticks} ticks (${((ticks * INTERVAL_MS) / 3_600_000).toFixed(1)} simulated h)\n` +
      `heap after GC at tick 20: ${r.heap[2]?.toFixed(1)} MB (warm-up); from tick ${SOAK_WARMUP_TICKS}: ${h[0]!.toFixed(1)} → ${h.at(-1)!.toFixed(1)} MB (min ${Math.min(...h).toFixed(1)}, max ${Math.max(...h).toFixed(1)}); ` +
      `trend ${(perTick * 1000).toFixed(2)} MB per 1,000 ticks = ${(perTick * 8640).toFixed(1)} MB per simulated day at 10 s`,
  );
}

function printRecorder(rows: Scale[]): void {
  const one = rows[0]!;
  const f = (n: number) => n.toFixed(0);
  console.log(
    `\n### recorder: one process, 1 / 5 / 20 clusters of the fleet, --detail hot, ${TICKS} ticks each (medians after the first)`,
  );
  console.log('| measure | clusters | value | per cluster | × 1 cluster | goal | ok |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const ok = r.cpuMs <= CPU_GOAL_MS ? 'ok' : 'MISSED';
    console.log(
      `| recorder CPU ms/tick | ${r.clusters} | ${f(r.cpuMs)} (first ${f(r.firstCpuMs)}) | ${f(r.cpuMs / r.clusters)} | ${(r.cpuMs / one.cpuMs).toFixed(1)} | ≤ ${CPU_GOAL_MS} | ${ok} |`,
    );
  }
  for (const r of rows) {
    console.log(
      `| requests/tick | ${r.clusters} | ${f(r.requests)} (first ${f(r.firstRequests)}) | ${f(r.requests / r.clusters)} | ${(r.requests / one.requests).toFixed(1)} | – | – |`,
    );
  }
  for (const r of rows) console.log(`| wall ms/tick (stepped) | ${r.clusters} | ${f(r.wallMs)} | – | – | – | – |`);
  const missed = rows.filter((r) => r.cpuMs > CPU_GOAL_MS);
  console.log(
    missed.length === 0
      ? 'All recorder rows within their goal.'
      : `MISSED: ${missed.map((r) => `${r.clusters} clusters at ${f(r.cpuMs)} ms/tick`).join(', ')} (machine load counts: CPU time includes contention).`,
  );
}

const HOURS = (process.env.BENCH_LONG_HOURS ?? '1,6,24').split(',').map(Number);
const LIVE_TICKS = 30;
const GOALS = { analysis1h: 1000, analysis24h: 10_000, liveMs: 50, reportMs: 1000, bytesPerValue: 2 };

interface LongRow {
  hours: number;
  ticks: number;
  analysisMs: number;
  analysisCpuMs: number;
  analysisBeforeMs: number | null;
  episodes: number;
  liveP95: number;
  liveMedian: number;
  /** The whole-session analysis again after a tick (incremental). */
  againP95: number;
  againMedian: number;
  liveWriteMedian: number;
  liveWriteP95: number;
  reportMs: number;
  reportEpisodes: number;
  analysisRssMb: number;
  bytesPerValue: number;
  fileMb: number;
}

const p95 = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;

/** The same document as before format 6: every frame of the session decoded, then analysed (1 h only). */
function analysisDecodingAll(file: string): number {
  const reader = SessionReader.open(file);
  try {
    const t0 = performance.now();
    const input = readAnalysisInput(reader);
    const whole = reader.timeRange()!;
    input.frames = input.vertices.flatMap((v) => reader.vertexFrames(v.clusterId, v.jobId, v.vertexId, whole));
    analyzeSession(input);
    return performance.now() - t0;
  } finally {
    reader.close();
  }
}

/** The analysis worker bundle beside this bench's (out/cli/). */
/** The analysis worker bundle: beside BENCH_CLI's when it is given (as ui-measure.ts takes it), else out/cli/'s. */
const WORKER = process.env.BENCH_CLI
  ? path.join(path.dirname(path.resolve(process.env.BENCH_CLI)), 'analysis-worker.mjs')
  : analysisWorkerPath(import.meta.url);

/**
 * Peak RSS of a process that runs the session's first full analysis in the bundled worker, as
 * the analysis process of served mode and the desktop app does (test/bench/analysis-child.ts,
 * bundled into .cache/ where its packages resolve and no build wipes it); NaN if it failed.
 */
async function analysisPeakRss(file: string): Promise<number> {
  const child = path.join(ROOT, '.cache', 'bench', 'analysis-child.mjs');
  await build({
    entryPoints: [path.join(ROOT, 'test/bench/analysis-child.ts')],
    outfile: child,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  if (!WORKER || !existsSync(WORKER)) {
    console.log(`analysis RSS not measured: no analysis worker bundle (${WORKER ?? 'out/cli/analysis-worker.mjs'})`);
    return NaN;
  }
  const r = spawnSync(process.execPath, [child, file, WORKER], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
  try {
    const line = r.stdout.trim().split('\n').pop() ?? '';
    return (JSON.parse(line) as { maxRssKb: number }).maxRssKb / 1024;
  } catch {
    console.log(`analysis child failed (${r.status ?? r.signal}): ${r.stderr.slice(-400)}`);
    return NaN;
  }
}

async function longSessions(tmp: TempDir): Promise<{ rows: LongRow[]; generateMs: number }> {
  const file = tmp.file('long.backflow');
  const w = SessionWriter.create(file, { appVersion: 'bench' });
  const gen = longSession(w, T0);
  const rows: LongRow[] = [];
  let written = 0;
  let generateMs = 0;
  try {
    for (const hours of HOURS) {
      const ticks = Math.round((hours * 3_600_000) / LONG_INTERVAL_MS);
      const g0 = performance.now();
      gen.writeTicks(written, ticks);
      generateMs += performance.now() - g0;
      written = ticks;
      const copy = tmp.file(`long-${hours}h.backflow`);
      saveCopy(file, copy);
      // Live: the next ticks written and, after each, (a) fed to the recorder's episode tracker
      // with the samples the writer derives, and (b) the whole session analysed again as the
      // service's worker does while a recording grows (SessionAnalyser on the growing file, its
      // first run on this length untimed).
      const tracker = new LiveEpisodeTracker({ intervalMs: LONG_INTERVAL_MS, flinkVersion: '1.20.1' });
      const live: number[] = [];
      const writes: number[] = [];
      const again: number[] = [];
      const liveReader = SessionReader.open(file, { skipQuickCheck: true });
      const analyser = new SessionAnalyser(liveReader);
      analyser.run(undefined);
      let prev: VertexFrame[] | null = null;
      let buf = allocSubtaskBuffers(256);
      for (let i = written; i < written + LIVE_TICKS; i++) {
        const { tick, frames } = gen.tickAt(i);
        const t0 = performance.now();
        gen.writeTicks(i, i + 1);
        const t1 = performance.now();
        // The tick's analysis: the recorder's episode tracker, and the samples the writer derives
        // (the same reduceSample over each frame, timed here apart from the SQLite write).
        tracker.push(tick, frames);
        frames.forEach((f, k) => {
          if (buf.ratio.length < f.parallelism) buf = allocSubtaskBuffers(f.parallelism);
          reduceSample(prev?.[k] ?? null, f, LONG_INTERVAL_MS, buf);
        });
        const t2 = performance.now();
        analyser.run(undefined);
        again.push(performance.now() - t2);
        prev = frames;
        writes.push(t1 - t0);
        live.push(t2 - t1);
      }
      liveReader.close();
      written += LIVE_TICKS;

      // Cold (a fresh reader each time), best of two: the machine's other load only ever adds.
      let analysisMs = Infinity;
      let analysisCpuMs = 0;
      let episodes = 0;
      for (let run = 0; run < 2; run++) {
        const reader = SessionReader.open(copy);
        try {
          const c0 = process.cpuUsage();
          const t0 = performance.now();
          const outcome = analyzeSessionFile(reader, undefined);
          const ms = performance.now() - t0;
          const c = process.cpuUsage(c0);
          if (ms < analysisMs) {
            analysisMs = ms;
            analysisCpuMs = (c.user + c.system) / 1000;
          }
          episodes = outcome.doc.episodes.length;
        } finally {
          reader.close();
        }
      }
      const analysisBeforeMs = hours <= 1 ? analysisDecodingAll(copy) : null;

      // A 10-minute range around the last burst that fits in the session.
      const end = ticks * LONG_INTERVAL_MS;
      const burst = [...gen.bursts].reverse().find((b) => b.from + 8 * 60_000 < end) ?? { from: end / 2 };
      const from = gen.start + Math.max(0, burst.from - 2 * 60_000);
      let reportMs = Infinity;
      let reportEpisodes = 0;
      for (let run = 0; run < 3; run++) {
        const r = SessionReader.open(copy);
        try {
          const t0 = performance.now();
          const model = loadReport(r, { from, to: from + 10 * 60_000, now: () => 0 });
          renderHtml(model);
          reportMs = Math.min(reportMs, performance.now() - t0);
          reportEpisodes = model.summary.episodes;
        } finally {
          r.close();
        }
      }
      const analysisRssMb = await analysisPeakRss(copy);
      const bytes = statSync(copy).size;
      rows.push({
        hours,
        ticks,
        analysisMs,
        analysisCpuMs,
        analysisBeforeMs,
        episodes,
        liveP95: p95(live),
        liveMedian: median(live),
        againP95: p95(again),
        againMedian: median(again),
        liveWriteMedian: median(writes),
        liveWriteP95: p95(writes),
        reportMs,
        reportEpisodes,
        analysisRssMb,
        bytesPerValue: bytes / (ticks * gen.valuesPerTick),
        fileMb: bytes / 1024 / 1024,
      });
    }
  } finally {
    w.close();
  }
  return { rows, generateMs };
}

function printLong(rows: LongRow[], generateMs: number, ui: Map<number, UiRow[]> = new Map()): void {
  const f = (n: number) => n.toFixed(0);
  const ok = (v: number, goal: number) => (v <= goal ? 'ok' : 'MISSED');
  const hoursDone = rows.length ? rows[rows.length - 1]!.hours : 0;
  console.log(
    `\n### long sessions: \`large\` (20 vertices × 256 subtasks × 14 metrics, 10 s ticks), one recording at ${rows.map((r) => `${r.hours} h`).join(' / ')}` +
      ` (synthesised ${hoursDone} h in ${(generateMs / 1000).toFixed(0)} s by test/fixtures/long-session.ts)`,
  );
  console.log('| measure | length | value | goal | ok |');
  console.log('|---|---|---|---|---|');
  const missed: string[] = [];
  const row = (what: string, r: LongRow, value: string, v: number, goal: number, goalText: string) => {
    const verdict = ok(v, goal);
    if (verdict === 'MISSED') missed.push(`${what} at ${r.hours} h (${value})`);
    console.log(`| ${what} | ${r.hours} h | ${value} | ${goalText} | ${verdict} |`);
  };
  for (const r of rows) {
    const goal = r.hours <= 1 ? GOALS.analysis1h : GOALS.analysis24h;
    const before =
      r.analysisBeforeMs === null
        ? ''
        : `; decoding every frame (before): ${f(r.analysisBeforeMs)} ms, ×${(r.analysisBeforeMs / r.analysisMs).toFixed(1)}`;
    row(
      'first full analysis (document + lanes)',
      r,
      `${f(r.analysisMs)} ms (CPU ${f(r.analysisCpuMs)} ms; ${r.episodes} episodes${before})`,
      r.analysisMs,
      goal,
      `≤ ${goal} ms`,
    );
  }
  for (const r of rows)
    row(
      'live: the whole-session analysis again after each new tick (as the worker runs it), p95',
      r,
      `${r.againP95.toFixed(0)} ms (median ${r.againMedian.toFixed(0)})`,
      r.againP95,
      GOALS.liveMs,
      `≤ ${GOALS.liveMs} ms`,
    );
  for (const r of rows)
    row(
      "live: the recorder's episode tracker + the writer's samples for one new tick, p95",
      r,
      `${r.liveP95.toFixed(1)} ms (median ${r.liveMedian.toFixed(1)}; writing the tick: median ${r.liveWriteMedian.toFixed(1)}, p95 ${r.liveWriteP95.toFixed(1)} ms)`,
      r.liveP95,
      GOALS.liveMs,
      `≤ ${GOALS.liveMs} ms`,
    );
  for (const r of rows)
    row(
      'report of a 10-minute range (model + HTML)',
      r,
      `${f(r.reportMs)} ms (${r.reportEpisodes} episodes)`,
      r.reportMs,
      GOALS.reportMs,
      `≤ ${GOALS.reportMs} ms`,
    );
  for (const r of rows) {
    const goal = r.hours <= 1 ? 250 : 300;
    if (Number.isNaN(r.analysisRssMb)) continue;
    row(
      'peak RSS of the analysis process (its own process, apart from the served mode; same goal)',
      r,
      `${f(r.analysisRssMb)} MB`,
      r.analysisRssMb,
      goal,
      `≤ ${goal} MB`,
    );
  }
  for (const r of rows)
    row(
      'session file',
      r,
      `${r.bytesPerValue.toFixed(2)} B/value (${r.fileMb.toFixed(0)} MB)`,
      r.bytesPerValue,
      GOALS.bytesPerValue,
      `≤ ${GOALS.bytesPerValue} B/value`,
    );
  // The replay UI on each copy, served by `backflow serve` as its own process (test/bench/ui-measure.ts).
  const uiKeys = [...new Set([...ui.values()].flatMap((us) => us.map((u) => u.key)))];
  for (const key of uiKeys)
    for (const r of rows) {
      const u = ui.get(r.hours)?.find((x) => x.key === key);
      if (u)
        row(
          `UI: ${u.what.trim()}`,
          r,
          `${u.value.toFixed(1)} ${u.unit}`,
          within(u) ? 0 : 1,
          0,
          `≤ ${u.goal} ${u.unit}`,
        );
    }
  const growth = rows.length > 1 ? rows[rows.length - 1]!.analysisMs / rows[0]!.analysisMs : 1;
  const length = rows.length > 1 ? rows[rows.length - 1]!.hours / rows[0]!.hours : 1;
  console.log(`first analysis grows ×${growth.toFixed(1)} for ×${length.toFixed(0)} the length`);
  console.log(missed.length === 0 ? 'All long-session rows within their goal.' : `MISSED: ${missed.join('; ')}.`);
  if (ui.size === 0) console.log('UI rows not measured (BENCH_SCALE_UI=0).');
}

async function main(): Promise<void> {
  const tmp = new TempDir();
  try {
    const long = process.env.BENCH_SCALE_LONG === '0' ? null : await longSessions(tmp);
    if (process.env.BENCH_SCALE_RECORDER !== '0') {
      const rows: Scale[] = [];
      for (const n of [1, 5, 20]) rows.push(await measure(tmp, n));
      printRecorder(rows);
    }
    const soak = Number(process.env.BENCH_SCALE_SOAK_TICKS ?? 0);
    if (soak > TICKS) printSoak(await measure(tmp, 20, soak), soak);
    // The UI on each copy, after the recorder rows: a browser and a served process of their own.
    const ui = new Map<number, UiRow[]>();
    if (long && process.env.BENCH_SCALE_UI !== '0')
      for (const r of long.rows) {
        console.log(`\n### UI on the ${r.hours} h copy`);
        ui.set(
          r.hours,
          (await measureUi(tmp.file(`long-${r.hours}h.backflow`), { rssGoalMb: r.hours <= 1 ? 250 : 300 })).rows,
        );
      }
    if (long) printLong(long.rows, long.generateMs, ui);
  } finally {
    tmp.remove();
  }
}

await main();

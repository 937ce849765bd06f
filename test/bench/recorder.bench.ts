// Recorder benchmark (`npm run bench -- recorder`): prints what recording costs the cluster and the
// machine. The simulated cluster runs in a child process (manual clock) so the CPU and RSS
// measured here are the recorder's own: HTTP client, validation, poll plan and session writes.
//   1. `large` (20 vertices × 256 subtasks): requests per tick for --detail none/hot/all against
//      naive polling of every subtask's metrics one request each (counted, and a few run).
//   2. recorder CPU ms per tick, bytes per stored value, session size per hour.
//   3. RSS over an accelerated 24 h on a smaller scenario (sampled every 1000 ticks).
// The 24 h run goes first, so its RSS baseline is not inflated by the large scenario's heap.
// Environment knobs for quick runs: BENCH_TICKS (scales the ticks per detail level), BENCH_DAY_TICKS,
// BENCH_SAMPLE_EVERY, BENCH_ONLY=day|large.
import { statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { FlinkClient, resolveSubtaskMetrics } from '../../electron/flink/index';
import type { DetailLevel } from '../../electron/recorder/job-poller';
import { Recorder } from '../../electron/recorder/recorder';
import { SessionReader, SessionWriter } from '../../electron/session/index';
import type { TickInfo } from '../../shared/model';
import { startSimProcess, type SimProcess } from '../fixtures/recorder/sim-process';
import { FOREVER, TempDir } from '../fixtures/recorder/harness';

const ROOT = process.cwd();
const INTERVAL_MS = 10_000;
const SCALE = Number(process.env.BENCH_TICKS ?? 12) / 12;
/** `all` takes ~10 s of wall time per tick on `large`; fewer of those keep the bench near 3 min. */
const TICKS: Record<DetailLevel, number> = {
  none: Math.max(3, Math.round(12 * SCALE)),
  hot: Math.max(3, Math.round(12 * SCALE)),
  all: Math.max(3, Math.round(4 * SCALE)),
};
/**
 * 24 h of simulated time at a 15 s interval: 5760 ticks (~2 min). Enough ticks for the file to
 * outgrow SQLite's page cache, so the run shows where RSS levels off. 8640 ticks at 10 s take ~3 min.
 */
const DAY_INTERVAL_MS = 15_000;
const DAY_TICKS = Number(process.env.BENCH_DAY_TICKS ?? 86_400_000 / DAY_INTERVAL_MS);
const DAY_SCENARIO = 'sustained-bottleneck';
/** Every 3 h of simulated time. */
const SAMPLE_EVERY = Number(process.env.BENCH_SAMPLE_EVERY ?? 720);
/** better-sqlite3's default page cache (PRAGMA cache_size = -16000): RSS may grow by this much. */
const SQLITE_CACHE_MB = 16;
const TICKS_PER_HOUR = 3_600_000 / INTERVAL_MS;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const f = (n: number, d = 1): string => (Number.isFinite(n) ? n.toFixed(d) : '–');
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;

function sizeOf(p: string): number {
  try {
    return statSync(p).size;
  } catch {
    return 0; // No WAL after a clean close.
  }
}

/** Session file plus its write-ahead log. */
const fileBytes = (file: string): number => sizeOf(file) + sizeOf(`${file}-wal`);

interface LevelResult {
  detail: DetailLevel;
  ticks: TickInfo[];
  cpuMs: number[];
  wallMs: number[];
  simCpuMs: number[];
  /** (Closed file − an empty session) ÷ ticks × ticks per hour. */
  bytesPerHour: number;
  /** Whole closed file ÷ every stored value. */
  bytesPerValue: number;
  /** (Closed file − an empty session) ÷ every stored value: the recording's own cost. */
  dataBytesPerValue: number;
  subtaskValuesPerTick: number;
}

/** Size of a closed session with no ticks (schema, header): not a per-value cost. */
function emptySessionBytes(tmp: TempDir): number {
  const file = tmp.file('empty.backflow');
  SessionWriter.create(file, { appVersion: 'bench' }).close();
  return fileBytes(file);
}

/** Records TICKS ticks of the running simulator with one detail level. */
async function recordLevel(
  sim: SimProcess,
  tmp: TempDir,
  detail: DetailLevel,
  emptyBytes: number,
): Promise<LevelResult> {
  const file = tmp.file(`large-${detail}.backflow`);
  const writer = SessionWriter.create(file, { appVersion: 'bench' });
  const recorder = new Recorder({
    writer,
    targets: [{ connection: { url: sim.url }, jobs: [] }],
    intervalMs: INTERVAL_MS,
    detail,
    clock: () => sim.now(),
  });
  const cpu: number[] = [];
  const wall: number[] = [];
  const simCpu: number[] = [];
  const n = TICKS[detail];
  for (let i = 0; i < n; i++) {
    const simBefore = await sim.cpuUs();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await recorder.pollOnce();
    wall.push(performance.now() - t0);
    cpu.push(cpuMs(process.cpuUsage(c0)));
    simCpu.push(((await sim.cpuUs()) - simBefore) / 1000);
    await sim.advance(INTERVAL_MS);
  }
  recorder.close();
  writer.close();
  const finalBytes = fileBytes(file);
  const reader = SessionReader.open(file);
  const ticks = reader.ticks(FOREVER);
  let subtaskValues = 0;
  for (const v of reader.vertices()) {
    for (const fr of reader.vertexFrames(v.clusterId, v.jobId, v.vertexId, FOREVER)) {
      for (const arr of Object.values(fr.subtasks)) subtaskValues += arr?.length ?? 0;
    }
  }
  // min, max, avg, sum, skew per aggregate row.
  const aggregateValues = reader.vertexAggregates(FOREVER).length * 5;
  reader.close();
  return {
    detail,
    ticks,
    cpuMs: cpu,
    wallMs: wall,
    simCpuMs: simCpu,
    bytesPerHour: ((finalBytes - emptyBytes) / n) * TICKS_PER_HOUR,
    bytesPerValue: finalBytes / (subtaskValues + aggregateValues),
    dataBytesPerValue: (finalBytes - emptyBytes) / (subtaskValues + aggregateValues),
    subtaskValuesPerTick: subtaskValues / ticks.length,
  };
}

/** Polls every subtask's metrics with one request each, as a naive recorder would. */
async function naiveTicks(
  sim: SimProcess,
  n: number,
): Promise<{ requests: number; wallMs: number[]; cpuMs: number[] }> {
  const client = new FlinkClient({ url: sim.url });
  const [job] = await client.getJobsOverview();
  const details = await client.getJob(job!.jobId);
  const plan = await Promise.all(
    details.vertices.map(async (v) => ({
      v,
      ids: Object.values(resolveSubtaskMetrics(await client.listSubtasksMetrics(job!.jobId, v.id)).ids),
    })),
  );
  const wall: number[] = [];
  const cpu: number[] = [];
  const before = client.stats.requests;
  for (let i = 0; i < n; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    // The client's own concurrency limit (4 per cluster) applies, as for the recorder.
    await Promise.all(
      plan.flatMap(({ v, ids }) =>
        Array.from({ length: v.parallelism }, (_, s) => client.getSubtaskMetrics(job!.jobId, v.id, s, ids)),
      ),
    );
    wall.push(performance.now() - t0);
    cpu.push(cpuMs(process.cpuUsage(c0)));
    await sim.advance(INTERVAL_MS);
  }
  const requests = (client.stats.requests - before) / n;
  client.close();
  return { requests, wallMs: wall, cpuMs: cpu };
}

async function largeScenario(tmp: TempDir): Promise<void> {
  const sim = await startSimProcess(ROOT, 'large');
  try {
    console.log(
      `\n### large scenario (20 vertices × 256 subtasks, 32 TaskManagers), Flink 1.20, ticks none/hot/all = ${TICKS.none}/${TICKS.hot}/${TICKS.all}, simulated clock +10 s per tick`,
    );
    const results: LevelResult[] = [];
    const emptyBytes = emptySessionBytes(tmp);
    for (const detail of ['none', 'hot', 'all'] as DetailLevel[])
      results.push(await recordLevel(sim, tmp, detail, emptyBytes));
    const naive = await naiveTicks(sim, 2);
    const vertices = 20;
    const subtasks = 20 * 256;
    // Steady state: fresh ticks after the first (which also connects and lists every vertex's
    // metrics); a repeated (not refreshed) answer stops after one request per job.
    const steadyOf = (r: LevelResult, xs: number[]): number => median(xs.filter((_, i) => i > 0 && r.ticks[i]!.fresh));
    console.log(
      '\nrequests per tick (steady = median over fresh ticks after the first; the first also connects and resolves metric names):',
    );
    console.log('| detail | first tick | steady | per vertex | naive / steady |');
    console.log('|---|---|---|---|---|');
    for (const r of results) {
      const s = steadyOf(
        r,
        r.ticks.map((t) => t.requests),
      );
      console.log(
        `| ${r.detail} | ${r.ticks[0]!.requests} | ${s} | ${f(s / vertices, 2)} | ${f(naive.requests / s, 0)}× |`,
      );
    }
    console.log(
      `| naive (one request per subtask) | – | ${naive.requests} (= ${vertices} × 256 = ${subtasks}) | ${f(naive.requests / vertices, 0)} | 1× |`,
    );
    console.log(
      `naive ticks actually run: ${naive.wallMs.map((ms) => `${f(ms, 0)} ms`).join(', ')} wall, ${naive.cpuMs.map((ms) => `${f(ms, 0)} ms`).join(', ')} recorder CPU`,
    );

    console.log(
      '\ncost per tick (medians over fresh ticks after the first; recorder CPU = this process incl. HTTP and SQLite, simulator excluded):',
    );
    console.log(
      '| detail | recorder CPU ms/tick | wall ms/tick | simulator CPU ms/tick | fresh ticks | per-subtask values/tick | bytes/value (data) | bytes/value (whole file) | session size per hour |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|');
    for (const r of results) {
      console.log(
        `| ${r.detail} | ${f(steadyOf(r, r.cpuMs))} | ${f(steadyOf(r, r.wallMs))} | ${f(steadyOf(r, r.simCpuMs))} | ${r.ticks.filter((t) => t.fresh).length}/${r.ticks.length} | ${f(r.subtaskValuesPerTick, 0)} | ${f(r.dataBytesPerValue, 2)} | ${f(r.bytesPerValue, 2)} | ${mb(r.bytesPerHour)} |`,
      );
    }
    console.log(`naive polling CPU: ${f(median(naive.cpuMs))} ms/tick, wall ${f(median(naive.wallMs))} ms/tick`);
    console.log(
      'values = per-subtask values + 5 × aggregate rows (TaskManager frames and events are in the bytes, not the count); target ≤ 2 bytes/value on `large`.',
    );
    console.log(
      `data = closed file − an empty session (${(emptyBytes / 1024).toFixed(0)} kB of schema); size per hour = data ÷ ticks × 360. ` +
        'Few ticks overweight key frames (one per 32 frames), so long recordings store a little less per value.',
    );
  } finally {
    await sim.close();
  }
}

async function day(tmp: TempDir): Promise<void> {
  const sim = await startSimProcess(ROOT, DAY_SCENARIO);
  const file = tmp.file('day.backflow');
  const writer = SessionWriter.create(file, { appVersion: 'bench' });
  const recorder = new Recorder({
    writer,
    targets: [{ connection: { url: sim.url }, jobs: [] }],
    intervalMs: DAY_INTERVAL_MS,
    detail: 'all',
    clock: () => sim.now(),
  });
  const gc = (globalThis as { gc?: () => void }).gc;
  const samples: Array<{
    tick: number;
    rssMb: number;
    heapMb: number;
    heapTotalMb: number;
    externalMb: number;
    dbMb: number;
    walMb: number;
  }> = [];
  const sample = (tick: number): void => {
    gc?.();
    const m = process.memoryUsage();
    samples.push({
      tick,
      rssMb: m.rss / 1024 / 1024,
      heapMb: m.heapUsed / 1024 / 1024,
      heapTotalMb: m.heapTotal / 1024 / 1024,
      externalMb: m.external / 1024 / 1024,
      dbMb: sizeOf(file) / 1024 / 1024,
      walMb: sizeOf(`${file}-wal`) / 1024 / 1024,
    });
  };
  const started = performance.now();
  try {
    console.log(
      `\n### accelerated 24 h: ${DAY_TICKS} ticks × ${DAY_INTERVAL_MS / 1000} s of simulated time, scenario ${DAY_SCENARIO}, --detail all (the most stored per tick), RSS after a forced GC every ${SAMPLE_EVERY} ticks` +
        ' (the large scenario takes ~1 s per tick, far too slow for a day in 3 min)',
    );
    for (let i = 0; i < DAY_TICKS; i++) {
      if (i % SAMPLE_EVERY === 0) sample(i);
      await recorder.pollOnce();
      await sim.advance(DAY_INTERVAL_MS);
    }
    sample(DAY_TICKS);
  } finally {
    recorder.close();
    writer.close();
    await sim.close();
  }
  const rss = samples.map((s) => s.rssMb);
  const settled = samples.slice(1);
  const heap = samples.map((s) => s.heapMb);
  console.log(
    '| tick | simulated h | RSS MB | JS heap used MB | JS heap reserved MB | RSS − reserved heap MB | external MB | session file MB | WAL MB |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const s of samples) {
    console.log(
      `| ${s.tick} | ${f((s.tick * DAY_INTERVAL_MS) / 3_600_000)} | ${f(s.rssMb)} | ${f(s.heapMb)} | ${f(s.heapTotalMb)} | ${f(s.rssMb - s.heapTotalMb)} | ${f(s.externalMb)} | ${f(s.dbMb)} | ${f(s.walMb)} |`,
    );
  }
  console.log(
    `RSS first ${f(rss[0]!)} MB, at tick ${settled[0]!.tick} ${f(settled[0]!.rssMb)} MB, last ${f(rss[rss.length - 1]!)} MB, max ${f(Math.max(...rss))} MB; ` +
      `growth from tick ${settled[0]!.tick} to the end: ${f(rss[rss.length - 1]! - settled[0]!.rssMb)} MB; JS heap ${f(heap[0]!)} → ${f(heap[heap.length - 1]!)} MB; ` +
      `session ${mb(fileBytes(file))}; ${f((performance.now() - started) / 1000, 0)} s wall`,
  );
  const lastThird = samples.filter((x) => x.tick >= (DAY_TICKS * 2) / 3);
  if (lastThird.length >= 2) {
    const a = lastThird[0]!;
    const b = lastThird[lastThird.length - 1]!;
    console.log(
      `last third of the run (ticks ${a.tick}–${b.tick}): RSS ${f(a.rssMb)} → ${f(b.rssMb)} MB (${f(b.rssMb - a.rssMb)} MB), JS heap used ${f(a.heapMb)} → ${f(b.heapMb)} MB`,
    );
  }
  console.log(
    `Expected RSS growth: V8 reserving heap (reserved column) and SQLite's page cache, which holds up to ${SQLITE_CACHE_MB} MB ` +
      '(better-sqlite3 default cache_size) and so grows with the file until then. A leak shows as growing "JS heap used" or as ' +
      `"RSS − reserved heap" growing by more than ${SQLITE_CACHE_MB} MB.`,
  );
}

const tmp = new TempDir();
try {
  const only = process.env.BENCH_ONLY;
  if (DAY_TICKS > 0 && only !== 'large') await day(tmp);
  if (only !== 'day') await largeScenario(tmp);
} finally {
  tmp.remove();
}

// Session file benchmark (not part of the test suite; prints numbers). Run from the project root:
//   npx esbuild test/bench/session.bench.ts --bundle --platform=node --format=esm --packages=external \
//     --outfile=out/bench/session.bench.mjs && node out/bench/session.bench.mjs [ticks] [vertices] [subtasks]
// (the bundle sits under the project so `better-sqlite3` resolves from node_modules).
// Default: a 1-hour recording at 10 s of 20 vertices × 256 subtasks × 12 metrics.

import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { SubtaskMetric } from '../../shared/model';
import { epochMs } from '../../shared/time';
import { SessionReader, SessionWriter } from '../../electron/session';
import { encodeFrame, metricExponent, type CodecState } from '../../electron/session/frame-codec';
import { frame, METRICS_12, T0, tempDir, tickTs, vertexInfo } from '../integration/session/synthetic';

const TICKS = Number(process.argv[2] ?? 360);
const VERTICES = Number(process.argv[3] ?? 20);
const SUBTASKS = Number(process.argv[4] ?? 256);
const values = TICKS * VERTICES * SUBTASKS * METRICS_12.length;
const fmt = (n: number, d = 2): string => n.toFixed(d);
const pct = (xs: number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

function time<T>(fn: () => T, runs = 5): { ms: number; result: T } {
  let best = Infinity;
  let result!: T;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = fn();
    best = Math.min(best, performance.now() - t);
  }
  return { ms: best, result };
}

const tmp = tempDir();
try {
  console.log(
    `synthetic session: ${TICKS} ticks × ${VERTICES} vertices × ${SUBTASKS} subtasks × ${METRICS_12.length} metrics = ${values.toLocaleString('en')} values`,
  );

  // Encoding variants on a sample of 3 vertices (no SQLite): what each design choice buys.
  const ids = new Map(METRICS_12.map((m, i) => [m, i + 1] as const));
  const variants: Array<[string, boolean, number]> = [
    ['delta + deflate 6 (chosen)', true, 6],
    ['delta + deflate 1', true, 1],
    ['delta, no deflate', true, 0],
    ['key frames only + deflate 6', false, 6],
  ];
  const sampleVertices = Math.min(3, VERTICES);
  for (const [name, delta, level] of variants) {
    let bytes = 0;
    let ms = 0;
    for (let v = 0; v < sampleVertices; v++) {
      let state: CodecState | null = null;
      for (let i = 0; i < TICKS; i++) {
        const f = frame(1, 'j', v, SUBTASKS, i);
        const cols = METRICS_12.map((m) => ({ metricId: ids.get(m)!, exp: metricExponent(m), values: f.subtasks[m]! }));
        const t = performance.now();
        const enc = encodeFrame(SUBTASKS, cols, delta && i % 32 !== 0 ? state : null, { level });
        ms += performance.now() - t;
        state = enc.state;
        bytes += enc.data.length;
      }
    }
    console.log(
      `  codec ${name.padEnd(28)} ${fmt(bytes / (sampleVertices * TICKS * SUBTASKS * METRICS_12.length), 3)} B/value, encode ${fmt((ms / (sampleVertices * TICKS)) * 1000, 0)} µs/frame`,
    );
  }

  const path = tmp.file('bench.backflow');
  const w = SessionWriter.create(path, { appVersion: 'bench' });
  const c = w.addCluster({
    url: 'http://127.0.0.1:8081',
    flinkVersion: '1.20.0',
    fetchIntervalMs: 10_000,
    pollIntervalMs: 10_000,
  });
  w.upsertJob({ clusterId: c, jobId: 'j', name: 'job' }, T0);
  w.upsertVertices(
    T0,
    Array.from({ length: VERTICES }, (_, v) => vertexInfo(c, 'j', v, SUBTASKS)),
  );
  const writeMs: number[] = [];
  for (let i = 0; i < TICKS; i++) {
    const frames = Array.from({ length: VERTICES }, (_, v) => frame(c, 'j', v, SUBTASKS, i));
    const t = performance.now();
    w.writeTick({
      tick: {
        clusterId: c,
        ts: tickTs(i),
        status: 'ok',
        latencyMs: 5 as never,
        serverTs: null,
        fresh: true,
        requests: 40,
        error: null,
      },
      vertexFrames: frames,
    });
    writeMs.push(performance.now() - t);
  }
  w.close();

  const db = new Database(path, { readonly: true });
  const blobBytes = (db.prepare('SELECT sum(length(data)) AS n FROM vertex_frames').get() as { n: number }).n;
  const tables = db
    .prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC LIMIT 4')
    .all() as Array<{ name: string; bytes: number }>;
  db.close();
  const fileBytes = statSync(path).size;
  console.log(
    `file: ${fmt(fileBytes / 1e6)} MB = ${fmt(fileBytes / values, 3)} B/value; frame blobs alone ${fmt(blobBytes / values, 3)} B/value`,
  );
  console.log(`  largest tables: ${tables.map((t) => `${t.name} ${fmt(t.bytes / 1e6)} MB`).join(', ')}`);
  console.log(
    `write per tick (${VERTICES} frames): mean ${fmt(writeMs.reduce((a, b) => a + b, 0) / TICKS)} ms, p50 ${fmt(pct(writeMs, 0.5))} ms, p95 ${fmt(pct(writeMs, 0.95))} ms`,
  );

  const r = SessionReader.open(path);
  const hour = { from: T0, to: tickTs(TICKS - 1) };
  const metric: SubtaskMetric = 'backPressuredTimeMsPerSecond';
  const all = time(() => r.vertexFrames(c, 'j', 'v05', hour));
  const one = time(() => r.vertexFrames(c, 'j', 'v05', hour, [metric]));
  console.log(
    `decode one vertex over the whole range: all ${METRICS_12.length} metrics ${fmt(all.ms, 1)} ms, one metric ${fmt(one.ms, 1)} ms (${all.result.length} frames)`,
  );
  const state = time(() => r.stateAt(tickTs(Math.floor(TICKS / 2) + 15)));
  console.log(`stateAt (all ${VERTICES} vertices, mid-chain): ${fmt(state.ms, 1)} ms`);

  const buckets = 200;
  const rollup = time(() => r.vertexRollup(c, 'j', 'v05', metric, hour, buckets), 20);
  const raw = time(() => {
    // The same answer from the blobs: decode every frame, then min/max/mean per bucket.
    const span = hour.to - hour.from + 1;
    const acc = Array.from({ length: buckets }, () => ({ min: Infinity, max: -Infinity, sum: 0, n: 0 }));
    for (const f of r.vertexFrames(c, 'j', 'v05', hour, [metric])) {
      const b = acc[Math.floor(((f.ts - hour.from) * buckets) / span)]!;
      for (const x of f.subtasks[metric]!) {
        if (Number.isNaN(x)) continue;
        b.min = Math.min(b.min, x);
        b.max = Math.max(b.max, x);
        b.sum += x;
        b.n++;
      }
    }
    return acc;
  });
  const agree = raw.result.every(
    (b, i) => b.n === 0 || (rollup.result[i]!.min === b.min && rollup.result[i]!.max === b.max),
  );
  console.log(
    `rollup ${buckets} buckets: ${fmt(rollup.ms, 2)} ms vs raw decode ${fmt(raw.ms, 1)} ms → ${fmt(raw.ms / rollup.ms, 0)}× faster (same min/max: ${agree})`,
  );
  const infoT = time(() => r.info(), 3);
  console.log(
    `info(): ${fmt(infoT.ms, 1)} ms; open with quick_check: ${fmt(time(() => SessionReader.open(path).close(), 3).ms, 1)} ms`,
  );
  r.close();
  void epochMs;
} finally {
  tmp.cleanup();
}

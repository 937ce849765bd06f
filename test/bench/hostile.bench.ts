// Hostile cases of issue 16, each measured against its bound in one run: a Flink endpoint that
// trickles a byte every 200 ms, a job of 10 000 vertices, silent and body-stalled sockets, ten
// 10 MB notes, and small calls while big ones run. The recorder and the served mode are the real
// CLI (out/cli, built by `npm run bench`); the peers are the tests' own (test/fixtures).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SessionReader, SessionWriter } from '../../electron/session/index';
import { startSimulatedCluster } from '../../electron/simulator/index';
import { quantile } from '../../shared/compare/stats';
import { epochMs } from '../../shared/time';
import { MAX_OVERVIEW_LANES } from '../../shared/api';
import { LARGE, writeLargeSession } from '../e2e/fixtures/make-large-session';
import { writeSession, T0 as SMALL_T0 } from '../e2e/fixtures/make-session';
import { startCli, type BuiltCli } from '../fixtures/recorder/cli';
import { FOREVER } from '../fixtures/recorder/harness';
import { hugeJob, rssSampler, tricklingProxy } from '../fixtures/recorder/hostile';
import { call, peer, stalledBody, until } from '../fixtures/server-peers';
import { writeWideSession } from '../fixtures/wide-session';

const ROOT = process.cwd();
const cli: BuiltCli = { script: path.join(ROOT, 'out/cli/backflow.mjs'), remove: () => {} };
const dir = mkdtempSync(path.join(tmpdir(), 'backflow-bench-hostile-'));
const MB = 1024 * 1024;

interface Row {
  item: string;
  measure: string;
  value: number;
  unit: string;
  bound: number;
  before: string;
}
const rows: Row[] = [];
/** `--duration` is wall-clock exact within one interval, plus the CLI's start and close (≈ 4 s on a loaded machine). */
const durationBound = (durationS: number, intervalS: number) => durationS + intervalS + 4;
const row = (r: Row) => rows.push(r);

async function slowEndpoint(): Promise<void> {
  const sim = await startSimulatedCluster({
    scenario: 'sustained-bottleneck',
    clock: 'realtime',
    speed: 1,
    fetchIntervalMs: 1000,
  });
  const job = sim.model.jobs[0]!;
  const proxy = await tricklingProxy(sim.url, () => `/jobs/${job.jobId}/vertices/${job.vertices[2]!.id}/backpressure`);
  const file = path.join(dir, 'trickle.backflow');
  const t0 = Date.now();
  const result = await startCli(cli, ['record', proxy.url, '--out', file, '--interval', '2s', '--duration', '10s'], dir)
    .done;
  const wallMs = Date.now() - t0;
  await proxy.close();
  await sim.close();
  if (result.code !== 0) throw new Error(`record failed: ${result.stderr}`);
  const reader = SessionReader.open(file);
  const ticks = reader.ticks(FOREVER);
  reader.close();
  const item = '1 one endpoint trickling 1 B/200 ms';
  row({
    item,
    measure: '--duration 10s --interval 2s, wall',
    value: wallMs / 1000,
    unit: 's',
    bound: durationBound(10, 2),
    before: '≈35 s, 1 tick',
  });
  row({
    item,
    measure: 'slowest tick',
    value: Math.max(...ticks.map((t) => t.latencyMs)),
    unit: 'ms',
    bound: 2000,
    before: '30 600 ms',
  });
}

async function hugeJobRecording(): Promise<void> {
  const sim = await startSimulatedCluster({ scenario: 'huge', clock: 'realtime', model: hugeJob(10_000) });
  const file = path.join(dir, 'huge.backflow');
  const run = startCli(cli, ['record', sim.url, '--out', file, '--interval', '5s', '--duration', '20s'], dir);
  const rss = rssSampler(run.child.pid!);
  const t0 = Date.now();
  const result = await run.done;
  const wallMs = Date.now() - t0;
  const peak = rss.stop();
  await sim.close();
  if (result.code !== 0) throw new Error(`record failed: ${result.stderr}`);
  const reader = SessionReader.open(file);
  const ticks = reader.ticks(FOREVER);
  reader.close();
  const item = '3 a job of 10 000 vertices (defaults)';
  row({
    item,
    measure: 'requests in the busiest tick',
    value: Math.max(...ticks.map((t) => t.requests)),
    unit: '',
    bound: 1000,
    before: '50 018',
  });
  row({ item, measure: 'recorder peak RSS', value: peak, unit: 'MiB', bound: 400, before: '765 MB' });
  row({
    item,
    measure: '--duration 20s --interval 5s, wall',
    value: wallMs / 1000,
    unit: 's',
    bound: durationBound(20, 5),
    before: '40 s run lasted 56 s',
  });
}

/** The real `backflow serve` of `file`: its URL and token, and a way to stop it. */
interface Served {
  url: string;
  token: string;
  stop(): Promise<void>;
}

async function serve(file: string): Promise<Served> {
  const run = startCli(cli, ['serve', file], dir);
  let m: RegExpExecArray | null = null;
  await until(() => (m = /Open (http:\/\/127\.0\.0\.1:\d+\/)#token=([\w-]+)/.exec(run.stdout())) !== null, 30_000);
  const [, url, token] = m!;
  return {
    url: url!,
    token: token!,
    stop: async () => {
      run.child.kill('SIGINT');
      await run.done;
    },
  };
}

async function idleSockets(): Promise<void> {
  const file = path.join(dir, 'small.backflow');
  writeSession(file);
  const s = await serve(file);
  const port = Number(new URL(s.url).port);
  const silent = await Promise.all(Array.from({ length: 50 }, () => peer(port)));
  const stalled = await Promise.all(Array.from({ length: 20 }, () => peer(port, stalledBody(port, s.token))));
  await until(() => [...silent, ...stalled].every((p) => p.closedAfter !== null), 120_000);
  await s.stop();
  const item = '5 idle and stalled sockets (defaults)';
  row({
    item,
    measure: '50 silent: last closed after',
    value: Math.max(...silent.map((p) => p.closedAfter!)) / 1000,
    unit: 's',
    bound: 60,
    before: 'open after 345 s',
  });
  row({
    item,
    measure: '20 stalled mid-body: last closed after',
    value: Math.max(...stalled.map((p) => p.closedAfter!)) / 1000,
    unit: 's',
    bound: 60,
    before: 'open after 345 s',
  });
}

async function hugeNotes(): Promise<void> {
  const file = path.join(dir, 'notes.backflow');
  writeSession(file);
  const w = SessionWriter.openForAppend(file);
  for (let i = 0; i < 10; i++) {
    w.addAnnotation({
      start: epochMs(SMALL_T0 + i * 1000),
      end: null,
      text: 'x'.repeat(10 * MB),
      tag: 'note',
      clusterId: null,
      jobId: null,
      vertexId: null,
      pinned: false,
    });
  }
  w.close();
  const s = await serve(file);
  const res = await fetch(`${s.url}api/annotations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-backflow-token': s.token },
    body: '{}',
  });
  const bytes = (await res.arrayBuffer()).byteLength;
  const { loaded, big } = await smallCallsDuring(s, () => Array.from({ length: 4 }, () => call(s, 'annotations', {})));
  await s.stop();
  const item = '4 ten 10 MB notes';
  row({ item, measure: 'the note list answer', value: bytes / 1024, unit: 'KiB', bound: 16 * 1024, before: '105 MB' });
  row({
    item,
    measure: 'four lists at once, slowest',
    value: Math.max(...big.map((c) => c.ms)),
    unit: 'ms',
    bound: Infinity,
    before: '22.6 s each',
  });
  row({
    item,
    measure: `sessionInfo p99 meanwhile (${loaded.length} calls)`,
    value: quantile(loaded, 0.99),
    unit: 'ms',
    bound: 100,
    before: '',
  });
}

/** The overview of a 10 000-vertex job at the widest ask (4000 buckets): one page of vertex lanes. */
async function hugeJobOverview(): Promise<void> {
  const shape = { vertices: 10_000, ticks: 30, intervalMs: 10_000, t0: LARGE.t0, backpressured: [7654] };
  const file = path.join(dir, 'wide.backflow');
  writeWideSession(file, shape);
  const s = await serve(file);
  const from = shape.t0;
  const to = shape.t0 + (shape.ticks - 1) * shape.intervalMs;
  const page = async (offset: number) => {
    const t0 = Date.now();
    const res = await fetch(`${s.url}api/overview`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-backflow-token': s.token },
      body: JSON.stringify({ from, to, buckets: 4000, lanes: { offset, limit: MAX_OVERVIEW_LANES } }),
    });
    const bytes = (await res.arrayBuffer()).byteLength;
    if (res.status !== 200) throw new Error(`overview answered ${res.status}`);
    return { bytes, ms: Date.now() - t0 };
  };
  const first = await page(0);
  const later = await page(7600);
  await s.stop();
  const item = '4 overview of a 10 000-vertex session, one page';
  const before = '201 MB in 7–8 s';
  row({ item, measure: 'first page, answer', value: first.bytes / MB, unit: 'MB', bound: 4, before });
  row({ item, measure: 'first page, time', value: first.ms, unit: 'ms', bound: 1000, before });
  row({ item, measure: 'page 39 (vertices 7 601–7 800), time', value: later.ms, unit: 'ms', bound: 1000, before });
}

/** Small calls (sessionInfo) one after another for as long as the big calls run. */
async function smallCallsDuring(s: Served, bigCalls: () => Promise<{ status: number; ms: number }>[]) {
  let busy = true;
  const loaded: number[] = [];
  const all = Promise.all(bigCalls()).finally(() => (busy = false));
  while (busy) loaded.push((await call(s, 'sessionInfo', {})).ms);
  return { loaded, big: await all };
}

async function smallCallsUnderLoad(): Promise<void> {
  const file = path.join(dir, 'large.backflow');
  writeLargeSession(file);
  const s = await serve(file);
  const small = async (n: number) => {
    const ms: number[] = [];
    for (let i = 0; i < n; i++) ms.push((await call(s, 'sessionInfo', {})).ms);
    return ms;
  };
  await small(5); // warm
  const quiet = await small(50);
  const from = LARGE.t0;
  const to = LARGE.t0 + LARGE.ticks * LARGE.intervalMs;
  const include = { transientEpisodes: true, annotations: true, checkpointTable: true, gcTable: true };
  const { loaded, big: bigCalls } = await smallCallsDuring(s, () => [
    call(s, 'analysis', {}),
    call(s, 'reportPreview', { from, to, include }),
    call(s, 'overview', { from, to, buckets: 2000 }),
  ]);
  await s.stop();
  const item = '4 small calls while big ones run (1 h large)';
  row({ item, measure: 'sessionInfo p99, quiet', value: quantile(quiet, 0.99), unit: 'ms', bound: 100, before: '' });
  row({
    item,
    measure: `sessionInfo p99 under analysis + report + overview (${loaded.length} calls)`,
    value: quantile(loaded, 0.99),
    unit: 'ms',
    bound: 100,
    before: '6.8 s wait',
  });
  row({
    item,
    measure: 'the big calls, slowest',
    value: Math.max(...bigCalls.map((c) => c.ms)),
    unit: 'ms',
    bound: Infinity,
    before: '',
  });
}

try {
  for (const [name, run] of [
    ['slow endpoint', slowEndpoint],
    ['huge job', hugeJobRecording],
    ['idle sockets', idleSockets],
    ['huge notes', hugeNotes],
    ['huge job overview', hugeJobOverview],
    ['small calls under load', smallCallsUnderLoad],
  ] as const) {
    const t0 = Date.now();
    await run();
    console.log(`${name}: measured in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log('\n| item | measure | value | bound | before | |\n|---|---|---:|---:|---|---|');
for (const r of rows) {
  const bound = Number.isFinite(r.bound) ? `≤ ${r.bound} ${r.unit}` : '—';
  const verdict = Number.isFinite(r.bound) ? (r.value <= r.bound ? 'ok' : 'MISSED') : '';
  console.log(`| ${r.item} | ${r.measure} | ${r.value.toFixed(1)} ${r.unit} | ${bound} | ${r.before} | ${verdict} |`);
}
const missed = rows.filter((r) => r.value > r.bound);
console.log(
  missed.length === 0 ? '\nevery hostile case within its bound' : `\n${missed.length} hostile case(s) past their bound`,
);

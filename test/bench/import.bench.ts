// Issue 11's import goal: 1 h of `large` (20 vertices × 256 subtasks) at a 15 s scrape imported
// in ≤ 60 s and ≤ 500 MB. How the data are made: a real Prometheus (/usr/bin/prometheus) scrapes
// the simulator's PrometheusReporter endpoints every 5 s (the fastest the simulator serves 5120
// subtasks on this machine) for 4 minutes, and the import reads that window with --step 1s: 240
// instants per series, as many as an hour at 15 s gives, and as many values and bytes per answer
// (between scrapes the store repeats the last sample). An OpenMetrics backfill of a real hour
// would be a file of several GB, as every sample line repeats the series' labels.
// The import runs as the real CLI in a child process, so its peak RSS is its own. Then the same
// values go into a Prometheus TSDB block (tsdb-compare.ts) and bytes per value are compared.
// BENCH_IMPORT_INSTANTS changes the window; BENCH_IMPORT_PROFILE=DIR writes a --cpu-prof there.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startPrometheusEndpoints } from '../../electron/simulator/prometheus';
import { startSimulatedCluster } from '../../electron/simulator/index';
import { buildCli } from '../fixtures/recorder/cli';
import { rssSampler } from '../fixtures/recorder/hostile';
import { startPrometheus } from '../integration/prometheus/real-prometheus';
import { compareWithTsdb } from './tsdb-compare';

const INSTANTS = Number(process.env.BENCH_IMPORT_INSTANTS ?? 240);
const SCRAPE_S = 5;
const STEP_S = 1;
const PROFILE = process.env.BENCH_IMPORT_PROFILE;
const dir = mkdtempSync(path.join(tmpdir(), 'backflow-bench-import-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Row {
  measure: string;
  value: number;
  unit: string;
  goal: number;
}

async function scrape(): Promise<{ url: string; from: number; to: number; stop(): Promise<void> }> {
  const cluster = await startSimulatedCluster({ scenario: 'large', clock: 'realtime', speed: 1 });
  const endpoints = await startPrometheusEndpoints({
    model: cluster.model,
    flinkVersion: cluster.flinkVersion,
    port: 0,
  });
  const prometheus = await startPrometheus(
    endpoints.all.map((e) => `127.0.0.1:${e.port}`),
    SCRAPE_S,
  );
  // The first scrape of each target lands within one interval; the window starts after it.
  const from = Date.now() + 2 * SCRAPE_S * 1000;
  const to = from + (INSTANTS - 1) * STEP_S * 1000;
  console.log(`scraping ${endpoints.all.length} endpoints every ${SCRAPE_S} s for ${(to - Date.now()) / 1000} s`);
  await sleep(to - Date.now() + 2 * SCRAPE_S * 1000);
  // The simulator stops before the import, so the import has the machine's cores to itself.
  await endpoints.close();
  await cluster.close();
  return { url: prometheus.url, from, to, stop: () => prometheus.stop() };
}

const rows: Row[] = [];
const cli = await buildCli();
const store = await scrape();
try {
  const out = path.join(dir, 'large.backflow');
  const args = [
    'import',
    'prometheus',
    store.url,
    '--out',
    out,
    '--from',
    String(store.from),
    '--to',
    String(store.to),
    '--step',
    `${STEP_S}s`,
  ];
  const node = PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE}`] : [];
  const child = spawn(process.execPath, [...node, cli.script, ...args], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const rss = rssSampler(child.pid!);
  const t0 = Date.now();
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const wallS = (Date.now() - t0) / 1000;
  const peak = rss.stop();
  if (code !== 0) throw new Error(`import failed (${code}): ${stderr}`);
  console.log(stdout.trim());
  const queries = Number(/from (\d+) queries/.exec(stdout)?.[1] ?? NaN);
  rows.push({ measure: `import of ${INSTANTS} instants × 5120 subtasks, wall`, value: wallS, unit: 's', goal: 60 });
  rows.push({ measure: 'queries issued', value: queries, unit: '', goal: Infinity });
  rows.push({ measure: 'importer peak RSS', value: peak, unit: 'MiB', goal: 500 });
  rows.push({ measure: 'session file', value: statSync(out).size / 1024 / 1024, unit: 'MiB', goal: Infinity });
  // Side by side on the same values: the session file against the Prometheus TSDB block holding them.
  const tsdb = await compareWithTsdb(store.url, { start: store.from, end: store.to, stepMs: STEP_S * 1000 }, dir);
  const sessionPerValue = statSync(out).size / tsdb.values;
  const blockPerValue = tsdb.blockBytes / tsdb.values;
  console.log(
    `same ${tsdb.values.toLocaleString('en')} values: OpenMetrics export ${(tsdb.exportBytes / 1024 / 1024).toFixed(0)} MiB, ` +
      `promtool block ${(tsdb.blockBytes / 1024 / 1024).toFixed(1)} MiB in ${tsdb.promtoolS.toFixed(0)} s`,
  );
  rows.push({ measure: 'session file, bytes per value', value: sessionPerValue, unit: 'B', goal: Infinity });
  rows.push({ measure: 'Prometheus TSDB block, bytes per value', value: blockPerValue, unit: 'B', goal: Infinity });
  rows.push({
    measure: 'session ÷ TSDB block (bytes per value)',
    value: sessionPerValue / blockPerValue,
    unit: '×',
    goal: Infinity,
  });
} finally {
  await store.stop();
  cli.remove();
  rmSync(dir, { recursive: true, force: true });
}

console.log('\n| measure | value | goal | |\n|---|---:|---:|---|');
for (const r of rows) {
  const goal = Number.isFinite(r.goal) ? `≤ ${r.goal} ${r.unit}` : '';
  const verdict = Number.isFinite(r.goal) ? (r.value <= r.goal ? 'ok' : 'MISSED') : '';
  console.log(`| ${r.measure} | ${r.value.toFixed(r.value < 10 ? 2 : 1)} ${r.unit} | ${goal} | ${verdict} |`);
}
if (rows.some((r) => r.value > r.goal)) process.exitCode = 1;

// The Prometheus chain on real Apache Flink 1.20 (issue 11): the cluster runs Flink's own
// PrometheusReporter (one endpoint per JobManager and TaskManager), a real Prometheus scrapes it every
// second while the `sustained` incident job runs, then the real CLI imports the window with
// `backflow import prometheus --topology-from <jobmanager>` and `backflow analyze --json` must name the
// designed episodes (vertex, class) and the bottleneck, as the REST recording of the same job does in
// backflow.test.ts. Vertex names are the reporter's (every character outside [a-zA-Z0-9:_] is `_`).
// It always runs on 1.20, the LTS, whatever BACKFLOW_FLINK_VERSIONS selects for backflow.test.ts (~2 min).
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replaceInvalidChars } from '../../electron/prometheus/flink-names';
import { SessionReader } from '../../electron/session/index';
import type { AnalysisDocument } from '../../shared/analysis/document';
import { buildCli, runCli, type BuiltCli } from '../fixtures/recorder/cli';
import { startPrometheus, type RealPrometheus } from '../integration/prometheus/real-prometheus';
import {
  buildJobs,
  cancelJob,
  jobsJar,
  resolveVersion,
  restGet,
  startCluster,
  submitJob,
  waitForJobRunning,
  type FlinkCluster,
} from './cluster.mjs';
import { args, expected, paramsFromJobConfig, SHORT_TIMING, VERTEX_NAMES } from './incidents.mjs';

const VERSION = '1.20';
/** Seconds after the job's t0 the window ends: the incident is at 15–45 s. */
const WINDOW_S = 60;

/** A base port with the next `n` ports free too (the reporter takes one per process from a range). */
async function freeRange(n: number): Promise<number> {
  const free = (port: number) =>
    new Promise<boolean>((resolve) => {
      const s = net.createServer();
      s.once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 20_000);
    let ok = true;
    for (let k = 0; k < n && ok; k++) ok = await free(base + k);
    if (ok) return base;
  }
  throw new Error(`no ${n} consecutive free ports`);
}

const waitUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - Date.now())));

describe(`import prometheus on real Flink ${VERSION}`, () => {
  const { version, family } = resolveVersion(VERSION);
  let cluster: FlinkCluster | undefined;
  let prometheus: RealPrometheus | undefined;
  let cli: BuiltCli;
  let work: string;

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'backflow-real-prom-'));
    buildJobs({ families: [family], ifStale: true });
    const base = await freeRange(3);
    [cli, cluster] = await Promise.all([
      buildCli(),
      startCluster({ version, taskManagers: 2, slots: 6, fetchInterval: '1s', prometheusPort: base }),
    ]);
    prometheus = await startPrometheus([0, 1, 2].map((k) => `127.0.0.1:${base + k}`));
  }, 300_000);

  afterAll(async () => {
    await prometheus?.stop();
    await cluster?.stop();
    cli?.remove();
    if (work) rmSync(work, { recursive: true, force: true });
  }, 120_000);

  it('imports the sustained incident from Prometheus and names its episodes and bottleneck', async () => {
    const jobId = await submitJob(cluster!.rest, jobsJar(version), args('sustained', SHORT_TIMING.sustained));
    await waitForJobRunning(cluster!.rest, jobId, 90_000);
    const config = await restGet(cluster!.rest, `/jobs/${jobId}/config`);
    const params = paramsFromJobConfig(config['execution-config']['user-config']);
    const t0 = params.t0 as number;
    const to = t0 + WINDOW_S * 1000;
    // The last scrape of the window is in the store a scrape interval later.
    await waitUntil(to + 2000);
    // Flink's own checkpoint history (the newest 10): what the imported checkpoints are checked against.
    const history = (await restGet(cluster!.rest, `/jobs/${jobId}/checkpoints`)).history as Array<{
      id: number;
      status: string;
      trigger_timestamp: number;
      end_to_end_duration: number;
    }>;
    await cancelJob(cluster!.rest, jobId).catch(() => {});
    const file = path.join(work, 'real.backflow');
    const imported = await runCli(
      cli,
      [
        'import',
        'prometheus',
        prometheus!.url,
        '--out',
        file,
        '--from',
        String(t0 - 5000),
        '--to',
        String(to),
        '--job',
        jobId,
        '--topology-from',
        cluster!.rest,
      ],
      work,
    );
    expect(imported.code, imported.stderr).toBe(0);
    console.log(imported.stdout);
    expect(imported.stdout).toMatch(/job graph from .* \(3 edges\)/);
    // The task metrics of 1.20 are those of 1.16–1.20: the import says so rather than guess the release.
    expect(imported.stdout).toMatch(/Flink (1\.20, as the task metrics|1\.1[6-9] or later, before (2\.0|1\.2[1-9]))/);
    const reader = SessionReader.open(file);
    try {
      const info = reader.info();
      console.log(
        `ticks ${info.ticks}, gaps ${JSON.stringify(info.gaps.map((g) => [(g.from - t0) / 1000, (g.to - t0) / 1000]))}, first ${(info.timeRange!.from - t0) / 1000} s`,
      );
      expect(info.resolutionMs).toBe(1000);
      expect(info.source).toMatchObject({ kind: 'prometheus', stepMs: 1000, jobs: [jobId] });
      // Every vertex of the job, with its parallelism, and the TaskManagers' JVM metrics.
      const job = await restGet(cluster!.rest, `/jobs/${jobId}`);
      const vertices = reader.vertices();
      expect(vertices.map((v) => [v.vertexId, v.parallelism]).sort()).toEqual(
        job.vertices.map((v: { id: string; parallelism: number }) => [v.id, v.parallelism]).sort(),
      );
      expect(reader.taskManagerFrames(reader.timeRange()!).length).toBeGreaterThan(0);
      // Checkpoints (every 10 s) rebuilt from the JobManager's job metrics: Flink's ids (1.17+) and
      // end-to-end durations exactly, each end seen at the first sample after it (1 s scrape, 1 s step).
      const done = reader
        .checkpoints(reader.timeRange()!)
        .filter((c) => c.status === 'COMPLETED')
        .sort((a, b) => a.id - b.id);
      console.log(
        `checkpoints: import ${done.map((c) => `${c.id}:${c.endTs - c.triggerTs}ms`).join(' ')}; REST ${history.map((h) => `${h.id}:${h.status}:${h.end_to_end_duration}ms`).join(' ')}`,
      );
      expect(done.length).toBeGreaterThanOrEqual(3);
      for (const c of done.filter((x) => x.id >= Math.min(...history.map((h) => h.id)))) {
        const real = history.find((h) => h.id === c.id);
        expect(real?.status, `checkpoint ${c.id} in Flink's history`).toBe('COMPLETED');
        expect(c.endTs - c.triggerTs).toBe(real!.end_to_end_duration);
        const realEnd = real!.trigger_timestamp + real!.end_to_end_duration;
        expect(c.endTs - realEnd, `checkpoint ${c.id} seen after its end`).toBeGreaterThanOrEqual(0);
        expect(c.endTs - realEnd).toBeLessThanOrEqual(2500);
      }
    } finally {
      reader.close();
    }
    const analysis = await runCli(cli, ['analyze', file, '--json'], work);
    expect(analysis.code, analysis.stderr).toBe(0);
    const doc = JSON.parse(analysis.stdout) as AnalysisDocument;
    const exp = expected(params);
    const name = (role: keyof typeof VERTEX_NAMES) => replaceInvalidChars(VERTEX_NAMES[role][family]);
    const at = (s: number) => t0 + s * 1000;
    const shown = doc.episodes
      .map(
        (e) =>
          `${e.vertexName} ${((e.start - t0) / 1000).toFixed(0)}–${((e.end - t0) / 1000).toFixed(0)} s ${e.class} → ${e.bottleneck?.vertexName ?? 'none'}`,
      )
      .join('; ');
    console.log(`episodes: ${shown}`);
    const slackS = 1;
    for (const x of exp.episodes.filter((e) => !e.optional)) {
      const found = doc.episodes.filter(
        (e) =>
          e.vertexName === name(x.vertex) &&
          e.start <= at(x.to + exp.tolerance.endS + slackS) &&
          e.end >= at(x.from - slackS),
      );
      const what = `${x.vertex} ${x.from}–${x.to} s (${x.class}); episodes: ${shown}`;
      expect(found.length, what).toBeGreaterThan(0);
      expect(found.reduce((a, b) => (b.durationMs > a.durationMs ? b : a)).class, what).toBe(x.class);
      if (x.bottleneck)
        expect(
          found.some((e) => e.bottleneck?.vertexName === name(x.bottleneck!.vertex)),
          `${what}: bottleneck ${name(x.bottleneck.vertex)}`,
        ).toBe(true);
    }
    // No sustained episode that was not designed.
    for (const e of doc.episodes.filter((m) => m.class === 'sustained'))
      expect(
        exp.episodes.some((x) => e.vertexName === name(x.vertex) && e.end >= at(x.from - slackS)),
        `${e.vertexName} sustained was not designed; episodes: ${shown}`,
      ).toBe(true);
  }, 180_000);
});

// Backflow on real Apache Flink (issue 10): the real `backflow record` CLI records the incident jobs on
// a standalone session cluster over HTTP, `backflow analyze --json` must name every designed episode
// (vertex, class, bottleneck vertex and subtask, overlaps), the GC and checkpoint windows and the restart,
// with no false sustained episode. Every answer the recorder got is captured on the way (answers/), kept
// under test-results/real-flink/<version>/ and, with BACKFLOW_UPDATE_FIXTURES=1, as the committed fixtures
// the simulator is compared with (test/integration/simulator/real-answers.test.ts).
//
// Versions: BACKFLOW_FLINK_VERSIONS (comma-separated, default below). Each version runs on its own cluster;
// the incident jobs of one batch run concurrently in it.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionReader } from '../../electron/session/index';
import type { AnalysisDocument, EpisodeDoc } from '../../shared/analysis/document';
import type { EvidenceEntry, FlameGraph, ThreadDump } from '../../shared/evidence';
import { epochMs } from '../../shared/time';
import { buildCli, startCli, type BuiltCli } from '../fixtures/recorder/cli';
import { groupAnswers, saveAnswers } from './answers/fixtures';
import { startCaptureProxy, type CaptureProxy } from './answers/proxy';
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
import {
  args,
  expected,
  paramsFromJobConfig,
  VERTEX_NAMES,
  type Expected,
  type Role,
  type Scenario,
  SHORT_TIMING,
} from './incidents.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Run {
  version: string;
  /** metrics.fetcher.update-interval, and the recorder's --interval. */
  fetchInterval: '1s' | '10s';
  batches: Scenario[][];
  /** Also record a sustained incident with evidence on (the cluster runs with rest.flamegraph.enabled). */
  evidence?: boolean;
}

// gc runs alone: its collections stop the whole TaskManager, and with it other jobs' subtasks there.
const ALL: Scenario[][] = [
  ['sustained', 'skew', 'network', 'healthy'],
  ['transient', 'checkpoint-alignment', 'restart'],
  ['gc'],
];
const RUNS: Record<string, Run> = {
  // The current LTS and the newest 2.x: every incident, 1 s fetches.
  '1.20': { version: '1.20', fetchInterval: '1s', batches: ALL, evidence: true },
  '2.3': { version: '2.3', fetchInterval: '1s', batches: ALL },
  // 60 s gauges and exact counters, at Flink's default 10 s fetch interval (what users have).
  '1.17': { version: '1.17', fetchInterval: '10s', batches: [ALL[0]!] },
  // Before the accumulate counters: 5 s gauges only.
  '1.15': { version: '1.15', fetchInterval: '1s', batches: [ALL[0]!] },
};
const SELECTED = (process.env.BACKFLOW_FLINK_VERSIONS ?? Object.keys(RUNS).join(','))
  .split(',')
  .map((v) => v.trim())
  .filter(Boolean);

/** Seconds after t0 each batch is recorded for. */
const RUN_S = 60;

let cli: BuiltCli;
let work: string;
beforeAll(async () => {
  cli = await buildCli();
  work = mkdtempSync(path.join(tmpdir(), 'backflow-real-'));
}, 120_000);
afterAll(() => {
  cli?.remove();
  if (work) rmSync(work, { recursive: true, force: true });
});

interface Submitted {
  scenario: Scenario;
  jobId: string;
  params: ReturnType<typeof paramsFromJobConfig>;
}

interface BatchResult {
  doc: AnalysisDocument;
  jobs: Submitted[];
  /** Subtask index → TaskManager id of each job's Enrich vertex (the gc job's live set is there). */
  enrichTms: Map<string, string[]>;
}

function names(family: 'flink1' | 'flink2', role: Role): string {
  return VERTEX_NAMES[role][family];
}

/** Records one batch of incident jobs with the real CLI through the capture proxy; returns the analysis. */
async function recordBatch(
  cluster: FlinkCluster,
  proxy: CaptureProxy,
  run: Run,
  batch: Scenario[],
  file: string,
): Promise<BatchResult> {
  const jobs: Submitted[] = [];
  for (const scenario of batch) {
    const jobId = await submitJob(cluster.rest, jobsJar(run.version), args(scenario, SHORT_TIMING[scenario]));
    jobs.push({ scenario, jobId, params: undefined as never });
  }
  for (const j of jobs) {
    await waitForJobRunning(cluster.rest, j.jobId, 90_000);
    const config = await restGet(cluster.rest, `/jobs/${j.jobId}/config`);
    j.params = paramsFromJobConfig(config['execution-config']['user-config']);
  }
  const until = Math.max(...jobs.map((j) => j.params.t0 as number)) + RUN_S * 1000;
  const recording = startCli(
    cli,
    [
      'record',
      proxy.url,
      '--out',
      file,
      '--interval',
      run.fetchInterval,
      '--duration',
      `${Math.ceil((until - Date.now()) / 1000)}s`,
    ],
    work,
  );
  const result = await recording.done;
  expect(result.code, result.stderr).toBe(0);
  measure(file, batch, result.stdout);
  const enrichTms = new Map<string, string[]>();
  for (const j of jobs) {
    const job = await restGet(cluster.rest, `/jobs/${j.jobId}`);
    const enrich = job.vertices.find((v: { name: string }) => v.name === names(cluster.family, 'enrich'));
    const details = await restGet(cluster.rest, `/jobs/${j.jobId}/vertices/${enrich.id}`);
    enrichTms.set(
      j.jobId,
      details.subtasks.map((s: { 'taskmanager-id': string }) => s['taskmanager-id']),
    );
  }
  for (const j of jobs) await cancelJob(cluster.rest, j.jobId).catch(() => {});
  const analysis = await startCli(cli, ['analyze', file, '--json'], work).done;
  expect(analysis.code, analysis.stderr).toBe(0);
  // Kept for whoever reads a failure: the session and its analysis, with the jobs' parameters.
  const keep = path.join(ROOT, 'test-results', 'real-flink', 'sessions');
  mkdirSync(keep, { recursive: true });
  copyFileSync(file, path.join(keep, path.basename(file)));
  writeFileSync(
    path.join(keep, `${path.basename(file)}.json`),
    JSON.stringify({ jobs, analysis: JSON.parse(analysis.stdout) }, null, 1),
  );
  return { doc: JSON.parse(analysis.stdout) as AnalysisDocument, jobs, enrichTms };
}

/** Requests and recorder CPU per tick of each recording, printed and kept (test-results/real-flink/measured.json). */
const measured: Array<{
  file: string;
  jobs: string;
  ticks: number;
  requestsPerTick: number;
  latencyP50Ms: number;
  cpuMsPerTick: number | null;
}> = [];
function measure(file: string, batch: Scenario[], stdout: string): void {
  const reader = SessionReader.open(file);
  const ticks = reader.ticks({ from: epochMs(0), to: epochMs(Date.now() + 86_400_000) });
  reader.close();
  const latencies = ticks.map((t) => t.latencyMs).sort((a, b) => a - b);
  const cpu = /CPU ([\d.]+) ms per tick/.exec(stdout);
  measured.push({
    file: path.basename(file),
    jobs: batch.join('+'),
    ticks: ticks.length,
    requestsPerTick: Math.round((ticks.reduce((n, t) => n + t.requests, 0) / Math.max(1, ticks.length)) * 10) / 10,
    latencyP50Ms: latencies[latencies.length >> 1] ?? 0,
    cpuMsPerTick: cpu ? Number(cpu[1]) : null,
  });
}
afterAll(() => {
  if (measured.length === 0) return;
  console.table(measured);
  const out = path.join(ROOT, 'test-results', 'real-flink');
  mkdirSync(out, { recursive: true });
  // Merged with earlier runs' rows (one per session file), so running one version keeps the others.
  const file = path.join(out, 'measured.json');
  const earlier: typeof measured = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : [];
  const rows = [...earlier.filter((r) => !measured.some((m) => m.file === r.file)), ...measured].sort((a, b) =>
    a.file.localeCompare(b.file),
  );
  writeFileSync(file, `${JSON.stringify(rows, null, 1)}\n`);
});

/** Every designed episode found as designed; no sustained episode that was not designed. */
function checkEpisodes(
  doc: AnalysisDocument,
  family: 'flink1' | 'flink2',
  job: Submitted,
  exp: Expected,
  slackS: number,
): void {
  const t0 = job.params.t0 as number;
  const mine = doc.episodes.filter((e) => e.jobId === job.jobId);
  const at = (s: number) => t0 + s * 1000;
  const near = (e: EpisodeDoc, x: Expected['episodes'][number]) =>
    e.vertexName === names(family, x.vertex) &&
    e.start <= at(x.to + exp.tolerance.endS + slackS) &&
    e.end >= at(x.from - slackS);
  for (const x of exp.episodes) {
    const found = mine.filter((e) => near(e, x));
    const what = `${job.scenario}: ${x.vertex} ${x.from}–${x.to} s (${x.class})`;
    if (x.optional) continue;
    expect(
      found.length,
      `${what} found; episodes: ${mine.map((e) => `${e.vertexName} ${((e.start - t0) / 1000).toFixed(0)}–${((e.end - t0) / 1000).toFixed(0)} s ${e.class}`).join(', ')}`,
    ).toBeGreaterThan(0);
    const best = found.reduce((a, b) => (b.durationMs > a.durationMs ? b : a));
    expect(best.class, `${what} class`).toBe(x.class);
    if (x.bottleneck) {
      const wanted = names(family, x.bottleneck.vertex);
      const named = found.filter((e) => e.bottleneck?.vertexName === wanted);
      expect(
        named.length,
        `${what}: bottleneck ${wanted}, named ${found.map((e) => e.bottleneck?.vertexName ?? 'none').join(', ')}`,
      ).toBeGreaterThan(0);
      const subtasks = x.bottleneck.subtasks;
      if (subtasks !== 'all') {
        for (const s of subtasks)
          expect(
            named.some((e) => e.bottleneck!.subtasks.includes(s)),
            `${what}: bottleneck subtask ${s}`,
          ).toBe(true);
      }
    }
    for (const o of x.overlaps)
      expect(
        found.some((e) => e.overlaps.includes(o)),
        `${what} overlaps ${o}`,
      ).toBe(true);
  }
  for (const e of mine.filter((m) => m.class === 'sustained')) {
    expect(
      exp.episodes.some((x) => near(e, x)),
      `${job.scenario}: ${e.vertexName} sustained ${((e.start - t0) / 1000).toFixed(0)} s was not designed`,
    ).toBe(true);
  }
}

for (const key of SELECTED) {
  const run = RUNS[key];
  if (!run) throw new Error(`BACKFLOW_FLINK_VERSIONS: no run for "${key}" (known: ${Object.keys(RUNS).join(', ')})`);
  const { version, family } = resolveVersion(run.version);
  const slackS = run.fetchInterval === '10s' ? 10 : 1;

  describe(`Backflow on real Flink ${version} (fetch interval ${run.fetchInterval})`, () => {
    let cluster: FlinkCluster | undefined;
    let proxy: CaptureProxy | undefined;

    beforeAll(async () => {
      buildJobs({ families: [family], ifStale: true });
      cluster = await startCluster({
        version,
        taskManagers: 2,
        slots: 6,
        fetchInterval: run.fetchInterval,
        flamegraph: run.evidence === true,
      });
      proxy = await startCaptureProxy(cluster.rest);
    }, 300_000);

    afterAll(async () => {
      if (proxy) {
        const routes = groupAnswers(proxy.exchanges);
        const how = `backflow record --interval ${run.fetchInterval} of the incident jobs (${run.batches.flat().join(', ')}), test/real-flink/backflow.test.ts`;
        const index = { flinkVersion: version, capturedAt: new Date().toISOString(), how };
        saveAnswers(path.join(ROOT, 'test-results', 'real-flink', version), index, routes);
        if (process.env.BACKFLOW_UPDATE_FIXTURES === '1')
          saveAnswers(path.join(ROOT, 'test', 'fixtures', 'real-flink', version), index, routes);
        await proxy.close();
      }
      await cluster?.stop();
    }, 120_000);

    run.batches.forEach((batch, b) => {
      describe(batch.join(', '), () => {
        let result: BatchResult;
        beforeAll(
          async () => {
            const file = path.join(work, `${version}-${b}.backflow`);
            mkdirSync(path.dirname(file), { recursive: true });
            result = await recordBatch(cluster!, proxy!, run, batch, file);
          },
          (RUN_S + 240) * 1000,
        );

        for (const scenario of batch) {
          it(scenario, () => {
            const job = result.jobs.find((j) => j.scenario === scenario)!;
            const t0 = job.params.t0 as number;
            const { doc } = result;
            switch (scenario) {
              case 'checkpoint-alignment': {
                const triggers = doc.windows.checkpoints
                  .filter((c) => c.jobId === job.jobId)
                  .map((c) => (c.start - t0) / 1000);
                const exp = expected(job.params, { checkpointTriggers: triggers.filter((t) => t < RUN_S - 8) });
                const slow = doc.windows.checkpoints.filter(
                  (c) =>
                    c.jobId === job.jobId &&
                    (c.start - t0) / 1000 >= exp.checkpoints!.from &&
                    (c.start - t0) / 1000 < exp.checkpoints!.to,
                );
                expect(slow.length, 'checkpoints in the slow window recorded').toBeGreaterThanOrEqual(2);
                for (const c of slow.filter((x) => x.status === 'COMPLETED'))
                  expect(c.end - c.start).toBeGreaterThanOrEqual(exp.checkpoints!.minDurationMs);
                checkEpisodes(doc, family, job, exp, slackS);
                // Slow checkpoints back up Enrich or the source (or both), overlapping the checkpoint, and
                // the stalled Window is named. Measured on real clusters: the first stall after the job
                // starts can be absorbed by still-empty buffers, so all but one must show; the stall is in
                // the snapshot's synchronous phase, not alignment (Flink forwards the barrier first,
                // alignment ~0 ms), and Window is named where its busy time shows it (known gap).
                const window = names(family, 'window');
                const stalls = [...new Set(exp.episodes.map((x) => x.from))];
                const shown = stalls.map((t) =>
                  doc.episodes.filter(
                    (e) =>
                      e.jobId === job.jobId &&
                      e.overlaps.includes('checkpoint') &&
                      e.start <=
                        t0 + (t + exp.checkpoints!.minDurationMs / 1000 + exp.tolerance.endS + slackS) * 1000 &&
                      e.end >= t0 + (t - slackS) * 1000,
                  ),
                );
                expect(
                  shown.filter((l) => l.length > 0).length,
                  `slow checkpoints at ${stalls.map((t) => t.toFixed(1)).join(', ')} s with an upstream episode`,
                ).toBeGreaterThanOrEqual(stalls.length - 1);
                expect(
                  shown.some((l) => l.some((e) => e.bottleneck?.vertexName === window)),
                  `${window} named as the bottleneck of a stall`,
                ).toBe(true);
                break;
              }
              case 'gc': {
                const exp = expected(job.params);
                checkEpisodes(doc, family, job, exp, slackS);
                const tm = result.enrichTms.get(job.jobId)![exp.gc!.subtask]!;
                for (const round of exp.gc!.at.filter((t) => t < RUN_S - 5)) {
                  const w = doc.windows.gc.filter(
                    (g) =>
                      g.taskManager === tm &&
                      g.start <= t0 + (round + 3 + slackS) * 1000 &&
                      g.end >= t0 + (round - slackS) * 1000,
                  );
                  expect(
                    w.length,
                    `a GC window on ${tm} at ${round} s; windows: ${JSON.stringify(doc.windows.gc.map((g) => [g.taskManager, (g.start - t0) / 1000, g.gcTimeMs]))}`,
                  ).toBe(1);
                  expect(w[0]!.gcTimeMs).toBeGreaterThanOrEqual(exp.gc!.minRoundMs);
                  expect(w[0]!.collector ?? '').toMatch(/Old|MarkSweep|Full|Major/i);
                }
                break;
              }
              case 'restart': {
                const exp = expected(job.params);
                const [restart] = exp.restarts;
                const seen = doc.windows.restarts.filter((r) => r.jobId === job.jobId);
                expect(seen.length, 'one restart').toBe(1);
                const lateS = (seen[0]!.ts - t0) / 1000 - restart!.at;
                expect(lateS, 'seen at the failure, one poll late at most').toBeGreaterThanOrEqual(-1);
                expect(lateS).toBeLessThanOrEqual(restart!.delayS + 2 * slackS + 2);
                expect(`${seen[0]!.cause?.exceptionName} ${seen[0]!.cause?.message}`).toContain(restart!.cause);
                checkEpisodes(doc, family, job, exp, slackS);
                break;
              }
              default:
                checkEpisodes(doc, family, job, expected(job.params), slackS);
            }
          });
        }
      });
    });

    if (run.evidence) {
      // Evidence (issue 15): a sustained incident long enough to turn sustained (60 s) while recording,
      // so the recorder captures the bottleneck's flame graphs and thread dumps from the real cluster.
      describe('evidence of a sustained incident', () => {
        const timing = { from: 10, to: 90 };
        const RECORD_S = 100;
        // Polled every 2 s: with 1 s polls of 1 s metric fetches, a poll now and then sees a counter not yet
        // refreshed (no change), which splits a long episode into pieces shorter than a minute.
        const interval = '2s';
        let doc: AnalysisDocument;
        let job: Submitted;
        let entries: EvidenceEntry[];
        let graphs: { entry: EvidenceEntry; graph: FlameGraph }[];
        let dumps: { entry: EvidenceEntry; dump: ThreadDump }[];
        let asked: { flamegraph: number; threadDump: number };
        beforeAll(
          async () => {
            const before = proxy!.exchanges.length;
            const file = path.join(work, `${version}-evidence.backflow`);
            const jobId = await submitJob(cluster!.rest, jobsJar(run.version), args('sustained', timing));
            await waitForJobRunning(cluster!.rest, jobId, 90_000);
            const config = await restGet(cluster!.rest, `/jobs/${jobId}/config`);
            job = {
              scenario: 'sustained',
              jobId,
              params: paramsFromJobConfig(config['execution-config']['user-config']),
            };
            const until = (job.params.t0 as number) + RECORD_S * 1000;
            const recording = startCli(
              cli,
              [
                'record',
                proxy!.url,
                '--out',
                file,
                '--interval',
                interval,
                '--job',
                jobId,
                '--evidence',
                'on',
                '--duration',
                `${Math.ceil((until - Date.now()) / 1000)}s`,
              ],
              work,
            );
            const result = await recording.done;
            expect(result.code, result.stderr).toBe(0);
            measure(file, ['sustained'], result.stdout);
            await cancelJob(cluster!.rest, jobId).catch(() => {});
            const analysis = await startCli(cli, ['analyze', file, '--json'], work).done;
            expect(analysis.code, analysis.stderr).toBe(0);
            doc = JSON.parse(analysis.stdout) as AnalysisDocument;
            const reader = SessionReader.open(file);
            try {
              entries = reader.evidence();
              graphs = entries
                .filter((e) => e.kind === 'flamegraph' && e.status === 'captured')
                .map((entry) => ({ entry, graph: reader.evidenceData(entry.id) as FlameGraph }));
              dumps = entries
                .filter((e) => e.kind === 'thread-dump' && e.status === 'captured')
                .map((entry) => ({ entry, dump: reader.evidenceData(entry.id) as ThreadDump }));
            } finally {
              reader.close();
            }
            const mine = proxy!.exchanges.slice(before);
            asked = {
              flamegraph: mine.filter((x) => x.route.includes('/flamegraph')).length,
              threadDump: mine.filter((x) => x.route.endsWith('/thread-dump')).length,
            };
            const keep = path.join(ROOT, 'test-results', 'real-flink', 'sessions');
            mkdirSync(keep, { recursive: true });
            copyFileSync(file, path.join(keep, path.basename(file)));
            writeFileSync(
              path.join(keep, `${path.basename(file)}.json`),
              JSON.stringify({ job, asked, entries, analysis: doc }, null, 1),
            );
            console.log(
              `evidence on real Flink ${version}: ${asked.flamegraph} flame graph and ${asked.threadDump} thread-dump requests; ` +
                entries.map((e) => `${e.kind} ${e.type ?? ''} ${e.status} ${e.bytes} B`).join(', '),
            );
          },
          (RECORD_S + 240) * 1000,
        );

        it('captures the bottleneck’s flame graphs and thread dump, and analyze --json lists them', () => {
          const t0 = job.params.t0 as number;
          checkEpisodes(doc, family, job, expected(job.params), 2);
          const enrich = names(family, 'enrich');
          const sustained = doc.episodes.filter(
            (e) => e.jobId === job.jobId && e.class === 'sustained' && e.bottleneck?.vertexName === enrich,
          );
          expect(sustained.length, 'a sustained episode with Enrich as its bottleneck').toBeGreaterThan(0);
          const listed = sustained.flatMap((e) => e.evidence ?? []);
          const types = listed.filter((x) => x.kind === 'flamegraph' && x.vertexName === enrich).map((x) => x.type);
          expect(types.sort(), 'on-CPU and off-CPU flame graphs of Enrich').toEqual(['OFF_CPU', 'ON_CPU']);
          expect(listed.filter((x) => x.kind === 'thread-dump').length, 'thread dumps').toBeGreaterThan(0);
          // Captured once the episode turned sustained (60 s after it began), while the incident still ran.
          for (const x of listed) {
            expect((x.ts - t0) / 1000).toBeGreaterThanOrEqual(timing.from + 55);
            expect((x.ts - t0) / 1000).toBeLessThanOrEqual(timing.to + 5);
          }
          // What real Flink sampled: the task threads of Enrich, sleeping per record off CPU.
          const off = graphs.find((g) => g.entry.type === 'OFF_CPU')!;
          expect(off.graph.root.value, 'off-CPU samples').toBeGreaterThan(0);
          expect(JSON.stringify(off.graph.root)).toContain('Thread.sleep');
          expect(dumps.length).toBeGreaterThan(0);
          expect(dumps.some((d) => d.dump.threads.some((t) => t.name.startsWith(`${enrich} (`)))).toBe(true);
          // The stack hint: Enrich's per-record cost is a sleep, sampled off CPU in the job's own code.
          const hints = doc.incidents.filter((x) => x.jobId === job.jobId).flatMap((x) => x.hints);
          const wait = hints.find((h) => h.kind === 'stack-user-wait');
          expect(wait, `a stack-user-wait hint; hints: ${hints.map((h) => h.kind).join(', ')}`).toBeDefined();
          expect(wait!.evidence['waitsIn']).toBe('java.lang.Thread.sleep');
          expect(String(wait!.evidence['method'])).toMatch(/^org\.backflow\.incidents\./);
          expect(wait!.explains).toBeGreaterThanOrEqual(0.8);
          expect(hints.some((h) => h.kind === 'stack-inconclusive')).toBe(false);
          // Bounded: one capture (two flame graph types, polled while sampling) per vertex.
          expect(asked.flamegraph).toBeLessThanOrEqual(2 + 12);
          expect(asked.threadDump).toBeLessThanOrEqual(3);
        });
      });
    }
  });
}

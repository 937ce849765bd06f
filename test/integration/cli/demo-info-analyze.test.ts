// The documented end-to-end path without a cluster: `demo` records the built-in simulated cluster,
// `info` summarises the file and `analyze --json` prints the stable document (issue 4's shape).
// The numbers the CLI prints are checked against the file read directly with SessionReader.
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SessionReader } from '../../../electron/session/index';
import { buildCli, runCli, type BuiltCli } from '../../fixtures/recorder/cli';
import { FOREVER, TempDir } from '../../fixtures/recorder/harness';

let cli: BuiltCli;
let tmp: TempDir;
let file: string;
let demo: Awaited<ReturnType<typeof runCli>>;
beforeAll(async () => {
  cli = await buildCli();
  tmp = new TempDir();
  file = path.join(tmp.path, 'demo.backflow');
  // 10 simulated minutes (3 s of wall time): at ×200 one poll spans a minute or more of simulated
  // time on a busy machine, and analyze needs at least two ticks.
  demo = await runCli(cli, ['demo', '--speed', '200', '--duration', '10m', '--out', file], tmp.path);
}, 60_000);
afterAll(() => {
  cli.remove();
  tmp.remove();
});

it('demo records the simulated cluster into the file and says so', () => {
  expect(demo.code).toBe(0);
  expect(demo.stderr).toMatch(/^simulated Flink 1\.20 cluster "incident" at http:\/\/127\.0\.0\.1:\d+ \(×200\)$/m);
  const r = SessionReader.open(file);
  const ticks = r.ticks(FOREVER).length;
  r.close();
  expect(ticks).toBeGreaterThanOrEqual(2);
  expect(demo.stdout).toMatch(new RegExp(`^${escape(file)}: ${ticks} ticks from 1 cluster\\(s\\) over `, 'm'));
});

it('info prints the clusters, jobs, time range and tick counts that are in the file', async () => {
  const r = SessionReader.open(file);
  const info = r.info();
  const jobs = r.jobs();
  r.close();
  const out = await runCli(cli, ['info', file], tmp.path);
  expect(out.code).toBe(0);
  const lines = out.stdout.trim().split('\n');
  expect(lines[0]).toMatch(
    new RegExp(
      `^${escape(file)}: Backflow session format ${info.header.formatVersion}, written by \\S+ on \\S+, [\\d.]+ [kM]?B$`,
    ),
  );
  expect(lines[1]).toMatch(/^time range: \S+ – \S+ \(.+\)$/);
  expect(lines[2]).toMatch(
    new RegExp(`^ticks: ${info.ticks}, resolution [^,]+, errors 0, partial \\d+, gaps ${info.gaps.length}$`),
  );
  expect(lines[3]).toMatch(
    new RegExp(`^cluster c1 ${escape(info.clusters[0]!.url)}: Flink 1\\.20\\.\\d+, ${info.ticks} ticks, 0 errors`),
  );
  expect(jobs).toHaveLength(1);
  expect(lines[4]).toBe(`  job ${jobs[0]!.jobId} ${JSON.stringify(jobs[0]!.name)}: ${info.jobs[0]!.vertices} vertices`);
});

it('analyze --json prints the documented session/episodes/windows document', async () => {
  const out = await runCli(cli, ['analyze', file, '--json'], tmp.path);
  expect(out.stderr).toBe('');
  expect(out.code).toBe(0);
  const doc = JSON.parse(out.stdout) as Record<string, any>;
  const r = SessionReader.open(file);
  const range = r.timeRange()!;
  const cluster = r.clusters()[0]!;
  const vertexIds = new Set(r.vertices().map((v) => v.vertexId));
  r.close();
  expect(doc.session).toMatchObject({
    start: range.from,
    end: range.to,
    clusters: [{ url: cluster.url, flinkVersion: cluster.flinkVersion }],
  });
  expect(Array.isArray(doc.episodes)).toBe(true);
  for (const e of doc.episodes) {
    expect(e).toMatchObject({
      cluster: cluster.url,
      jobId: expect.any(String),
      jobName: expect.any(String),
      start: expect.any(Number),
      end: expect.any(Number),
      durationMs: e.end - e.start,
      peakLevel: expect.stringMatching(/^(LOW|HIGH)$/),
      class: expect.stringMatching(/^(transient|sustained)$/),
      subtasks: { affected: expect.any(Number), total: expect.any(Number) },
      overlaps: expect.any(Array),
      hints: expect.any(Array),
    });
    expect(vertexIds.has(e.vertexId)).toBe(true);
    expect(e.start).toBeGreaterThanOrEqual(range.from);
    expect(e.end).toBeLessThanOrEqual(range.to);
    if (e.bottleneck !== null) expect(vertexIds.has(e.bottleneck.vertexId)).toBe(true);
    for (const h of e.hints) expect(h).toMatchObject({ kind: expect.any(String), text: expect.any(String) });
  }
  expect(doc.windows).toMatchObject({ checkpoints: expect.any(Array), gc: expect.any(Array) });
  for (const c of doc.windows.checkpoints)
    expect(c).toMatchObject({
      cluster: cluster.url,
      jobId: expect.any(String),
      id: expect.any(Number),
      start: expect.any(Number),
      end: expect.any(Number),
      status: expect.any(String),
    });
  for (const g of doc.windows.gc)
    expect(g).toMatchObject({
      cluster: cluster.url,
      taskManager: expect.any(String),
      start: expect.any(Number),
      end: expect.any(Number),
      gcTimeMs: expect.any(Number),
    });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// `backflow import prometheus` against a real Prometheus that scraped the simulator: the session
// file holds the jobs, vertices and per-subtask values the REST API gives for the same instants;
// bad input ends in one line, the right exit code and no file left behind.

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/main';
import type { CliIo } from '../../../electron/cli/command';
import { SessionReader } from '../../../electron/session/index';
import { epochMs } from '../../../shared/time';
import { scrapedAtLeast, startScrapedSimulator, type ScrapedSimulator } from './scraped-simulator';

let chain: ScrapedSimulator;
let from: number;
let to: number;
const dir = mkdtempSync(path.join(tmpdir(), 'backflow-import-'));

function cliIo(): CliIo & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return {
    lines,
    errors,
    out: (l) => lines.push(l),
    err: (l) => errors.push(l),
    status: () => {},
    isTty: false,
    env: {},
    interrupted: new Promise<void>(() => {}),
  };
}

async function importCli(...args: string[]) {
  const io = cliIo();
  const code = await runCli(['import', 'prometheus', ...args], io);
  return { code, io };
}

/** The import of the scraped window into `out`, with `extra` flags. */
const importWindow = (url: string, out: string, ...extra: string[]) =>
  importCli(url, '--out', out, '--from', String(from), '--to', String(to), ...extra);

beforeAll(async () => {
  // The model stands still while Prometheus scrapes it a few times: every sample of a series is
  // the value the REST API answers now.
  chain = await startScrapedSimulator({ scenario: 'incident', flinkVersion: '1.20', clock: 'manual' });
  chain.cluster.advance(120_000);
  from = Date.now();
  await scrapedAtLeast(chain.prometheus.url, 4, chain.endpoints.all.length);
  to = Date.now();
}, 60_000);

afterAll(async () => {
  await chain?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('backflow import prometheus', () => {
  it("writes the store's window as a session with the REST API's values", async () => {
    const out = path.join(dir, 'window.backflow');
    const { code, io } = await importWindow(chain.prometheus.url, out);
    expect(io.errors).toEqual([]);
    expect(code).toBe(0);
    const reader = SessionReader.open(out);
    try {
      const job = chain.cluster.model.jobs[0]!;
      expect(reader.clusters()[0]!.url).toBe(chain.prometheus.url);
      expect(reader.jobs().map((j) => j.jobId)).toEqual([job.jobId]);
      const vertices = reader.vertices();
      expect(vertices.map((v) => v.vertexId).sort()).toEqual(job.vertices.map((v) => v.id).sort());
      for (const v of job.vertices) expect(vertices.find((x) => x.vertexId === v.id)!.parallelism).toBe(v.parallelism);
      const range = reader.timeRange()!;
      const ticks = reader.ticks(range);
      expect(ticks.length).toBeGreaterThanOrEqual(3);
      // The step is the scrape interval, read from the samples.
      expect(ticks[1]!.ts - ticks[0]!.ts).toBe(1000);
      const state = reader.stateAt(epochMs(range.to));
      for (const v of job.vertices) {
        const frame = state.find((f) => f.vertexId === v.id)!;
        for (const s of v.subtasks) {
          const rest = await fetch(
            `${chain.cluster.url}/jobs/${job.jobId}/vertices/${v.id}/subtasks/${s.index}/metrics?get=busyTimeMsPerSecond,accumulateBackPressuredTimeMs`,
          );
          const values = new Map(
            ((await rest.json()) as Array<{ id: string; value: string }>).map((e) => [e.id, Number(e.value)]),
          );
          expect(frame.subtasks.busyTimeMsPerSecond![s.index]).toBe(values.get('busyTimeMsPerSecond'));
          expect(frame.subtasks.accumulateBackPressuredTimeMs![s.index]).toBe(
            values.get('accumulateBackPressuredTimeMs'),
          );
        }
      }
      expect(reader.taskManagerFrames(range).length).toBeGreaterThan(0);
    } finally {
      reader.close();
    }
  });

  it('records where the data came from, shown by info and in the report', async () => {
    const out = path.join(dir, 'provenance.backflow');
    const job = chain.cluster.model.jobs[0]!;
    const r = await importWindow(chain.prometheus.url, out, '--job', job.jobId, '--match', '{job="flink"}');
    expect(r.io.errors).toEqual([]);
    const reader = SessionReader.open(out);
    try {
      expect(reader.source()).toEqual({
        kind: 'prometheus',
        url: chain.prometheus.url,
        selector: '{job="flink"}',
        jobs: [job.jobId],
        stepMs: 1000,
        stepFromScrape: true,
        from,
        to,
        follow: false,
        topologyFrom: null,
      });
    } finally {
      reader.close();
    }
    const info = cliIo();
    expect(await runCli(['info', out], info)).toBe(0);
    const line = info.lines.find((l) => l.startsWith('source: '));
    expect(line).toContain(
      `source: imported from Prometheus ${chain.prometheus.url} {job="flink"}, jobs: ${job.jobId}, step 1s (scrape interval)`,
    );
    const md = path.join(dir, 'provenance.md');
    expect(await runCli(['report', out, '--out', md, '--format', 'md'], cliIo())).toBe(0);
    expect(readFileSync(md, 'utf8')).toContain(`Source: imported from Prometheus ${chain.prometheus.url}`);
  });

  it('takes the job graph from a JobManager behind an authenticating proxy with the connection flags', async () => {
    // A proxy in front of the simulated JobManager that wants a bearer token and a header, as a gateway would.
    const proxy = http.createServer((req, res) => {
      if (req.headers.authorization !== 'Bearer s3cret' || req.headers['x-team'] !== 'flink') {
        res.writeHead(401, { 'content-type': 'text/plain' }).end('unauthorized');
        return;
      }
      const up = http.request(`${chain.cluster.url}${req.url}`, { method: req.method }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      up.on('error', () => res.writeHead(502).end());
      req.pipe(up);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const jm = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      const refused = await importWindow(
        chain.prometheus.url,
        path.join(dir, 'no-auth.backflow'),
        '--topology-from',
        jm,
      );
      expect(refused.code).toBe(1);
      expect(refused.io.errors[0]).toMatch(/401/);
      const out = path.join(dir, 'graph.backflow');
      const io = cliIo();
      io.env.JM_TOKEN = 's3cret';
      const code = await runCli(
        [
          'import',
          'prometheus',
          chain.prometheus.url,
          '--out',
          out,
          '--from',
          String(from),
          '--to',
          String(to),
          '--topology-from',
          jm,
          '--bearer-env',
          'JM_TOKEN',
          '--header',
          'X-Team: flink',
        ],
        io,
      );
      expect(io.errors).toEqual([]);
      expect(code).toBe(0);
      const edges = chain.cluster.model.jobs[0]!.edges.length;
      expect(io.lines.join('\n')).toContain(`job graph from ${jm} (${edges} edges)`);
      const reader = SessionReader.open(out);
      try {
        expect(reader.edgesAt(reader.timeRange()!.to)).toHaveLength(edges);
        expect(reader.source()!.topologyFrom).toBe(jm);
      } finally {
        reader.close();
      }
    } finally {
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });

  it('imports one job by name and says which jobs exist when the name is wrong', async () => {
    const job = chain.cluster.model.jobs[0]!;
    const ok = await importWindow(
      chain.prometheus.url,
      path.join(dir, 'one.backflow'),
      '--job',
      job.name,
      '--step',
      '2s',
    );
    expect(ok.code).toBe(0);
    const missing = path.join(dir, 'missing.backflow');
    const bad = await importWindow(chain.prometheus.url, missing, '--job', 'nope');
    expect(bad.code).toBe(1);
    expect(bad.io.errors).toHaveLength(1);
    expect(bad.io.errors[0]).toContain(
      `no job "nope" in the store's window; jobs there: ${job.name.replace(/[^a-zA-Z0-9:_]/g, '_')} (${job.jobId})`,
    );
    expect(existsSync(missing)).toBe(false);
  });

  it('says when a selector matches nothing, and when the URL is no Prometheus, leaving no file', async () => {
    const none = path.join(dir, 'none.backflow');
    const r = await importWindow(chain.prometheus.url, none, '--match', '{cluster="elsewhere"}');
    expect(r.code).toBe(1);
    expect(r.io.errors[0]).toMatch(/no Flink task metrics .* for \{cluster="elsewhere"\}/);
    const flink = await importWindow(chain.cluster.url, none);
    expect(flink.code).toBe(1);
    expect(flink.io.errors[0]).toContain('not a Prometheus API');
    expect(existsSync(none)).toBe(false);
  });

  it('refuses a wrong command line with exit code 2', async () => {
    expect((await importCli(chain.prometheus.url, '--from', String(from), '--to', String(to))).code).toBe(2);
    expect((await importCli(chain.prometheus.url, '--out', 'x', '--from', String(to), '--to', String(from))).code).toBe(
      2,
    );
    expect((await importWindow(chain.prometheus.url, 'x', '--match', 'up{a="b"}')).code).toBe(2);
    const io = cliIo();
    expect(await runCli(['import', 'graphite', 'http://x'], io)).toBe(2);
  });
});

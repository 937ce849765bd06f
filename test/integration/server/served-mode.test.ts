// The served mode over real HTTP on loopback, against a real session file: guards (token,
// Host/Origin, CSP), param validation, and what each API call returns for a scripted session.

import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AnalysisResult,
  JobGraphResult,
  OverviewResult,
  SessionInfoResult,
  VertexDetailResult,
} from '../../../shared/api';
import { startServer, type ServedSession } from '../../../electron/server/server';
import { SessionWriter } from '../../../electron/session/writer';
import { durationMs, epochMs } from '../../../shared/time';
import {
  ERROR_GAP,
  JOB_ID,
  JOB_NAME,
  POLL_MS,
  SUSTAINED,
  T0,
  TICKS,
  TRANSIENT,
  V,
  writeSession,
} from '../../e2e/fixtures/make-session';

let dir: string;
let file: string;
let served: ServedSession;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'backflow-served-'));
  file = path.join(dir, 'incident.backflow');
  writeSession(file);
  const ui = path.join(dir, 'ui');
  mkdirSync(ui);
  writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>ui</title>');
  served = await startServer({ sessionPath: file, port: 0, staticRoot: ui, pollMs: 50 });
});

afterAll(async () => {
  await served?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function api<T>(
  method: string,
  params: unknown,
  token: string | null = served.token,
): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await fetch(`${served.url}api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === null ? {} : { 'x-backflow-token': token }) },
    body: typeof params === 'string' ? params : JSON.stringify(params),
  });
  return { status: res.status, body: (await res.json()) as T, headers: res.headers };
}

/** Raw request so Host/Origin can be set freely (fetch fills Host itself). */
function raw(
  pathname: string,
  headers: Record<string, string>,
  method = 'GET',
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: served.port, path: pathname, method, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(method === 'POST' ? '{}' : undefined);
  });
}

describe('guards', () => {
  it('binds to loopback and prints a URL carrying the token in the fragment', () => {
    expect(served.url).toBe(`http://127.0.0.1:${served.port}/`);
    expect(served.openUrl).toBe(`${served.url}#token=${served.token}`);
    expect(served.token.length).toBeGreaterThanOrEqual(24);
  });

  it('rejects API calls without a token or with a wrong one (401)', async () => {
    expect((await api('sessionInfo', {}, null)).status).toBe(401);
    const wrong = await api<{ error: string }>('sessionInfo', {}, `${served.token.slice(0, -1)}x`);
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toMatch(/token/);
    const sse = await fetch(`${served.url}api/events`);
    expect(sse.status).toBe(401);
  });

  it('rejects a foreign Host (DNS rebinding) and a foreign Origin (403), even with the token', async () => {
    const token = { 'x-backflow-token': served.token, 'content-type': 'application/json' };
    const rebind = await raw('/api/sessionInfo', { ...token, host: `evil.example:${served.port}` }, 'POST');
    expect(rebind.status).toBe(403);
    expect(rebind.body).toMatch(/foreign Host/);
    const page = await raw('/', { host: `attacker.test:${served.port}` });
    expect(page.status).toBe(403);
    const cross = await raw(
      '/api/sessionInfo',
      { ...token, host: `127.0.0.1:${served.port}`, origin: 'http://evil.example' },
      'POST',
    );
    expect(cross.status).toBe(403);
    expect(cross.body).toMatch(/foreign Origin/);
    const ok = await raw(
      '/api/sessionInfo',
      { ...token, host: `localhost:${served.port}`, origin: `http://localhost:${served.port}` },
      'POST',
    );
    expect(ok.status).toBe(200);
  });

  it('sends a strict CSP, nosniff, and never lets API answers be cached', async () => {
    const page = await fetch(served.url);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const r = await api('sessionInfo', {});
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.headers.get('content-security-policy')).toBe(csp);
  });

  it('serves only files inside the UI folder', async () => {
    expect((await raw('/../incident.backflow', { host: `127.0.0.1:${served.port}` })).status).toBe(404);
    expect((await raw('/%2e%2e/incident.backflow', { host: `127.0.0.1:${served.port}` })).status).toBe(404);
  });
});

describe('param validation', () => {
  it('names the method and field of a bad param (400)', async () => {
    const zero = await api<{ error: string }>('overview', { from: T0, to: T0 + 1000, buckets: 0 });
    expect(zero.status).toBe(400);
    expect(zero.body.error).toMatch(/^overview: buckets: /);
    const reversed = await api<{ error: string }>('overview', { from: T0 + 1000, to: T0, buckets: 10 });
    expect(reversed.status).toBe(400);
    expect(reversed.body.error).toBe('overview: to: from must be before to');
    const extra = await api<{ error: string }>('jobGraph', {
      clusterId: 1,
      jobId: JOB_ID,
      at: T0,
      sql: 'DROP TABLE ticks',
    });
    expect(extra.status).toBe(400);
    expect(extra.body.error).toMatch(/^jobGraph: .*sql/);
    const wrongType = await api<{ error: string }>('vertexDetail', {
      clusterId: '1',
      jobId: JOB_ID,
      vertexId: V.map,
      from: T0,
      to: T0 + 1,
      columns: 10,
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error).toMatch(/^vertexDetail: clusterId: /);
  });

  it('rejects malformed JSON, unknown methods and unknown vertices with specific errors', async () => {
    const bad = await api<{ error: string }>('overview', '{"from": 1,');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('request body is not valid JSON');
    const unknown = await api<{ error: string }>('dropSession', {});
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('unknown API method "dropSession"');
    const missing = await api<{ error: string }>('subtaskValues', {
      clusterId: 1,
      jobId: JOB_ID,
      vertexId: 'nope',
      at: T0,
    });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatch(/no vertex nope/);
  });
});

describe('session data', () => {
  it('describes the session without revealing the directory', async () => {
    const { body } = await api<SessionInfoResult>('sessionInfo', {});
    expect(body.fileName).toBe('incident.backflow');
    expect(JSON.stringify(body)).not.toContain(dir);
    expect(body.jobs).toEqual([{ clusterId: 1, jobId: JOB_ID, name: JOB_NAME }]);
    expect(body.vertices.map((v) => v.vertexId)).toEqual([V.source, V.map, V.window, V.sink]);
    expect(body.range).toEqual({ from: T0, to: T0 + (TICKS - 1) * POLL_MS });
    expect(body.resolutionMs).toBe(POLL_MS);
    expect(body.errors.length).toBe((ERROR_GAP.to - ERROR_GAP.from) / POLL_MS);
    expect(body.errors[0]?.message).toMatch(/connection refused/);
    expect(body.live).toBe(false);
  });

  it('overview lanes show HIGH on the source during the sustained episode and OK outside', async () => {
    const buckets = 120;
    const from = T0;
    const to = T0 + (TICKS - 1) * POLL_MS;
    const { body } = await api<OverviewResult>('overview', { from, to, buckets });
    const lane = (id: string) => body.lanes.find((l) => l.vertexId === id)!.levels;
    const at = (t: number) => Math.floor(((t - from) / (to - from)) * buckets);
    expect(lane(V.source)[at(SUSTAINED.from + 60_000)]).toBe(2);
    expect(lane(V.source)[at(SUSTAINED.from - 30_000)]).toBe(0);
    expect(lane(V.window)[at(SUSTAINED.from + 60_000)]).toBe(0);
    expect(lane(V.map)[at(TRANSIENT.from + 10_000)]).toBe(1);
    // Failed polls are a gap, not OK.
    expect(lane(V.source)[at(ERROR_GAP.from + 15_000)]).toBeNull();
    expect(body.checkpoints.some((c) => c.status === 'FAILED')).toBe(true);
    expect(body.gcWindows.length).toBeGreaterThan(0);
    expect(body.events.some((e) => e.kind === 'exception')).toBe(true);
  });

  it('analysis finds the sustained episode with the window as bottleneck, and the threshold changes the class', async () => {
    const { body } = await api<AnalysisResult>('analysis', {});
    const sustained = body.episodes.filter((e) => e.sustained);
    expect(sustained.length).toBeGreaterThan(0);
    for (const e of sustained) expect(e.bottleneckVertexId).toBe(V.window);
    // Worded by the rule that named it (here busy time), as in the CLI and reports.
    for (const e of sustained) expect(e.bottleneckBasis).toMatch(/^busy subtasks? \d/);
    const transient = body.episodes.find((e) => e.vertexId === V.map && e.start >= TRANSIENT.from - POLL_MS);
    expect(transient?.sustained).toBe(false);
    const strict = await api<AnalysisResult>('analysis', { sustainedAfterMs: 10 * 60_000 });
    expect(strict.body.sustainedAfterMs).toBe(600_000);
    expect(strict.body.episodes.every((e) => !e.sustained)).toBe(true);
  });

  it('job graph at an instant in the episode marks the bottleneck and carries ship strategies', async () => {
    const { body } = await api<JobGraphResult>('jobGraph', {
      clusterId: 1,
      jobId: JOB_ID,
      at: SUSTAINED.from + 90_000,
    });
    expect(body.jobName).toBe(JOB_NAME);
    expect(body.ts).toBe(SUSTAINED.from + 90_000);
    expect(body.bottleneck?.vertexId).toBe(V.window);
    expect(body.bottleneck?.reason).toMatch(/^busy/);
    const level = Object.fromEntries(body.vertices.map((v) => [v.vertexId, v.level]));
    expect(level).toEqual({ [V.source]: 'HIGH', [V.map]: 'HIGH', [V.window]: 'OK', [V.sink]: 'OK' });
    const strategy = Object.fromEntries(body.edges.map((e) => [`${e.source}>${e.target}`, e.shipStrategy]));
    expect(strategy).toEqual({
      [`${V.source}>${V.map}`]: 'FORWARD',
      [`${V.map}>${V.window}`]: 'HASH',
      [`${V.window}>${V.sink}`]: 'REBALANCE',
    });
    const calm = await api<JobGraphResult>('jobGraph', { clusterId: 1, jobId: JOB_ID, at: T0 + 30_000 });
    expect(calm.body.bottleneck).toBeNull();
    expect(calm.body.vertices.every((v) => v.level === 'OK')).toBe(true);
  });

  it('steps between ticks and skips none', async () => {
    const next = await api<{ ts: number }>('tickNear', { at: T0, step: 1 });
    expect(next.body.ts).toBe(T0 + POLL_MS);
    const prev = await api<{ ts: number }>('tickNear', { at: T0 + POLL_MS, step: -1 });
    expect(prev.body.ts).toBe(T0);
    const near = await api<{ ts: number }>('tickNear', { at: T0 + POLL_MS + 1000, step: 0 });
    expect(near.body.ts).toBe(T0 + POLL_MS);
    const none = await api<{ ts: number | null }>('tickNear', { at: T0, step: -1 });
    expect(none.body.ts).toBeNull();
  });

  it('vertex detail: heatmap rows per subtask, busy near 1000 ms/s in the episode, values per subtask', async () => {
    const from = SUSTAINED.from;
    const to = SUSTAINED.to;
    const { body } = await api<VertexDetailResult>('vertexDetail', {
      clusterId: 1,
      jobId: JOB_ID,
      vertexId: V.source,
      from,
      to,
      columns: 36,
    });
    expect(body.heatmap.subtasks).toBe(2);
    expect(body.heatmap.values[0]).toHaveLength(36);
    const mid = body.heatmap.values[0]![18]!;
    expect(mid).toBeCloseTo(0.82, 2);
    const win = await api<VertexDetailResult>('vertexDetail', {
      clusterId: 1,
      jobId: JOB_ID,
      vertexId: V.window,
      from,
      to,
      columns: 36,
    });
    expect(win.body.heatmap.subtasks).toBe(4);
    expect(win.body.series.busyTimeMsPerSecond.max[18]).toBeCloseTo(990, 0);
    expect(win.body.series.busyTimeMsPerSecond.min[18]).toBeCloseTo(930, 0);
    expect(win.body.series.inPoolUsage.max[18]).toBe(1);
    const vals = await api<{
      ts: number;
      subtasks: { index: number; taskManagerId: string; values: Record<string, number | null> }[];
    }>('subtaskValues', {
      clusterId: 1,
      jobId: JOB_ID,
      vertexId: V.window,
      at: SUSTAINED.from + 92_000,
    });
    expect(vals.body.ts).toBe(SUSTAINED.from + 90_000);
    expect(vals.body.subtasks.map((s) => s.taskManagerId)).toEqual(['tm-1', 'tm-2', 'tm-1', 'tm-2']);
    expect(vals.body.subtasks[2]!.values.busyTimeMsPerSecond).toBeCloseTo(990, 0);
    expect(vals.body.subtasks[0]!.values.busyTimeMsPerSecond).toBeCloseTo(930, 0);
  });
});

describe('live', () => {
  it('announces ticks appended by a recorder to every connected viewer', async () => {
    const connect = async () => {
      const res = await fetch(`${served.url}api/events`, { headers: { 'x-backflow-token': served.token } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
      return res.body!.pipeThrough(new TextDecoderStream()).getReader();
    };
    const viewers = [await connect(), await connect()];
    const next = (r: ReadableStreamDefaultReader<string>) =>
      (async () => {
        let buf = '';
        while (!buf.includes('data: ')) buf += (await r.read()).value ?? '';
        return JSON.parse(buf.slice(buf.indexOf('data: ') + 6).split('\n')[0]!) as { type: string; ts: number };
      })();
    const waits = viewers.map(next);
    const ts = epochMs(T0 + TICKS * POLL_MS);
    const w = SessionWriter.openForAppend(file);
    w.writeTick({
      tick: {
        clusterId: 1,
        ts,
        status: 'ok',
        latencyMs: durationMs(10),
        serverTs: ts,
        fresh: true,
        requests: 1,
        error: null,
      },
    });
    w.close();
    for (const ev of await Promise.all(waits)) expect(ev).toMatchObject({ type: 'tick', ts });
    for (const v of viewers) await v.cancel();
    const info = await api<SessionInfoResult>('sessionInfo', {});
    expect(info.body.range?.to).toBe(ts);
  });
});

// Several sessions served at once, over real HTTP on loopback, on session files recorded from the
// simulator: the list, a call routed by its handle (the first session without one), the guards
// (token, Host/Origin) in front of the handle, unknown and malformed handles, the comparison of two
// served sessions, live updates per session, and the bound on open sessions.

import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SessionInfoResult, SessionListEntry } from '../../../shared/api';
import type { CompareDocument } from '../../../shared/compare/document';
import { startServer, type ServedSession } from '../../../electron/server/server';
import { recordScenario, startRecording, type OpenRecording } from '../../fixtures/compare-pair';
import { TempDir } from '../../fixtures/recorder/harness';

let tmp: TempDir;
let ui: string;
let before: string;
let after: string;
let live: OpenRecording;
let served: ServedSession;

beforeAll(async () => {
  tmp = new TempDir();
  ui = tmp.file('ui');
  mkdirSync(ui);
  writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>ui</title>');
  before = await recordScenario('sustained-bottleneck', 7, tmp.file('before.backflow'));
  after = await recordScenario('healthy', 7, tmp.file('after.backflow'));
  // A third session still being recorded.
  live = await startRecording('healthy', 3, tmp.file('live.backflow'), 3);
  served = await startServer({
    sessionPath: before,
    sessionPaths: [before, after, live.file],
    port: 0,
    staticRoot: ui,
    pollMs: 50,
  });
}, 120_000);

afterAll(async () => {
  await served?.close();
  await live?.stop();
  tmp.remove();
});

async function api<T>(
  method: string,
  params: unknown,
  query = '',
  token: string | null = served.token,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${served.url}api/${method}${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === null ? {} : { 'x-backflow-token': token }) },
    body: JSON.stringify(params),
  });
  return { status: res.status, body: (await res.json()) as T };
}

it('lists the served sessions by handle, file name only, with their range, clusters, jobs and live flag', async () => {
  const r = await api<{ sessions: SessionListEntry[]; max: number }>('sessions', {});
  expect(r.status).toBe(200);
  expect(r.body.max).toBe(8);
  expect(r.body.sessions.map((s) => [s.handle, s.fileName])).toEqual([
    ['s1', 'before.backflow'],
    ['s2', 'after.backflow'],
    ['s3', 'live.backflow'],
  ]);
  expect(r.body.sessions[0]).toMatchObject({ clusters: 1, jobs: 1 });
  expect(r.body.sessions[0]!.range!.to - r.body.sessions[0]!.range!.from).toBe(35 * 10_000);
  expect(JSON.stringify(r.body)).not.toContain(tmp.path);
});

it('routes a call by its handle; without one it is about the first session', async () => {
  const plain = await api<SessionInfoResult>('sessionInfo', {});
  expect(plain.body.fileName).toBe('before.backflow');
  expect((await api<SessionInfoResult>('sessionInfo', {}, '?session=s1')).body.fileName).toBe('before.backflow');
  const second = await api<SessionInfoResult>('sessionInfo', {}, '?session=s2');
  expect(second.status).toBe(200);
  expect(second.body.fileName).toBe('after.backflow');
  // Each session answers from its own file: the healthy run has no incident, the other has one.
  const a = await api<{ incidents: unknown[] }>('analysis', {}, '?session=s1');
  const b = await api<{ incidents: unknown[] }>('analysis', {}, '?session=s2');
  expect(a.body.incidents.length).toBeGreaterThan(0);
  expect(b.body.incidents).toEqual([]);
});

it('refuses an unknown handle (404) and a malformed one (400), naming the open ones', async () => {
  const unknown = await api<{ error: string }>('sessionInfo', {}, '?session=s9');
  expect(unknown.status).toBe(404);
  expect(unknown.body.error).toBe('no open session "s9" (open: s1, s2, s3)');
  const bad = await api<{ error: string }>('sessionInfo', {}, '?session=..%2Fetc');
  expect(bad.status).toBe(400);
  expect(bad.body.error).toMatch(/^session: must be a session handle/);
  const cmp = await api<{ error: string }>('compare', { a: 's1', b: 's7' });
  expect(cmp.status).toBe(404);
  expect(cmp.body.error).toContain('no open session "s7"');
  const same = await api<{ error: string }>('compare', { a: 's2', b: 's2' });
  expect(same.status).toBe(400);
  expect(same.body.error).toBe('compare: b: compare two different sessions');
});

it('keeps the token and Host/Origin guards in front of every handle', async () => {
  expect((await api('sessionInfo', {}, '?session=s2', null)).status).toBe(401);
  expect((await api('sessions', {}, '', 'wrong-token-wrong-token')).status).toBe(401);
  const post = (headers: Record<string, string>) =>
    new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: served.port,
          path: '/api/sessionInfo?session=s2',
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-backflow-token': served.token, ...headers },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
  expect(await post({})).toBe(200);
  expect(await post({ origin: 'http://evil.example' })).toBe(403);
  // DNS rebinding: a page of another name resolving to 127.0.0.1.
  expect(await post({ host: `evil.example:${served.port}` })).toBe(403);
});

it('compares two served sessions by the model of backflow compare, and gives its HTML report', async () => {
  const r = await api<CompareDocument>('compare', { a: 's1', b: 's2', align: 'start' });
  expect(r.status).toBe(200);
  expect(r.body).toMatchObject({
    format: 'backflow-compare',
    a: { file: 'before.backflow' },
    b: { file: 'after.backflow' },
  });
  expect(r.body.summary.join('\n')).toContain('Orders Enrichment');
  const lines = r.body.jobs.flatMap((j) => j.vertices.map((v) => v.text));
  expect(lines.some((l) => /no longer the bottleneck; busy 100 % → \d+ %/.test(l))).toBe(true);
  const report = await api<{ html: string }>('compareReport', { a: 's1', b: 's2' });
  expect(report.status).toBe(200);
  expect(report.body.html).toMatch(/^<!doctype html>/i);
  expect(report.body.html).toContain('no longer the bottleneck');
  expect(report.body.html).not.toContain(tmp.path);
});

/** The first `count` events of one session's stream, within `ms`. */
async function events(query: string, count: number, ms: number): Promise<unknown[]> {
  const abort = new AbortController();
  const got: unknown[] = [];
  const timer = setTimeout(() => abort.abort(), ms);
  try {
    const res = await fetch(`${served.url}api/events${query}`, {
      headers: { 'x-backflow-token': served.token },
      signal: abort.signal,
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    let text = '';
    while (got.length < count) {
      const { value, done } = await reader.read();
      if (done) break;
      text += Buffer.from(value).toString();
      for (let i = text.indexOf('\n\n'); i >= 0; i = text.indexOf('\n\n')) {
        const frame = text.slice(0, i);
        text = text.slice(i + 2);
        const data = frame.split('\n').find((l) => l.startsWith('data: '));
        if (data) got.push(JSON.parse(data.slice(6)));
      }
    }
  } catch {
    // Aborted at the deadline: what arrived until then.
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
  return got;
}

it('announces new ticks to the viewers of the session being recorded only', async () => {
  const liveInfo = await api<SessionInfoResult>('sessionInfo', {}, '?session=s3');
  expect(liveInfo.body.live).toBe(true);
  const ofLive = events('?session=s3', 1, 10_000);
  const ofOld = events('?session=s1', 1, 1500);
  await new Promise((r) => setTimeout(r, 200));
  await live.step();
  const [l, o] = await Promise.all([ofLive, ofOld]);
  expect(l[0]).toMatchObject({ type: 'tick', clusterId: 1 });
  expect(o).toEqual([]);
  expect(
    (await fetch(`${served.url}api/events?session=s5`, { headers: { 'x-backflow-token': served.token } })).status,
  ).toBe(404);
});

it('serves at most 8 sessions and says so', async () => {
  const files = Array.from({ length: 9 }, () => before);
  await expect(startServer({ sessionPath: before, sessionPaths: files, port: 0, staticRoot: ui })).rejects.toThrow(
    'at most 8 sessions can be open at once (8 are): close one before opening before.backflow',
  );
});

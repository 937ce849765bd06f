// The evidence calls over real HTTP against a session recorded from the simulator: the list
// (whole session, one vertex, a window) carries no blobs; one piece comes back with its flame
// graph or thread dump decoded, markup in names kept as plain text; wrong ids and params are
// refused with the bridge's statuses.

import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { EvidenceItemResult, EvidenceListResult, SessionInfoResult } from '../../../shared/api';
import { startServer, type ServedSession } from '../../../electron/server/server';
import { writeSession } from '../../e2e/fixtures/make-session';
import { BIG_TREE_NODES, countNodes, HOSTILE_FRAME, writeEvidenceSession } from '../../fixtures/evidence-session';
import type { FlameNode } from '../../../shared/evidence';

let dir: string;
let served: ServedSession;
let plain: ServedSession;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'backflow-evidence-api-'));
  const file = path.join(dir, 'evidence.backflow');
  await writeEvidenceSession(file);
  const other = path.join(dir, 'plain.backflow');
  writeSession(other);
  const ui = path.join(dir, 'ui');
  mkdirSync(ui);
  writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>ui</title>');
  served = await startServer({ sessionPath: file, port: 0, staticRoot: ui });
  plain = await startServer({ sessionPath: other, port: 0, staticRoot: ui });
}, 90_000);

afterAll(async () => {
  await served?.close();
  await plain?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function api<T>(method: string, params: unknown, s = served): Promise<{ status: number; body: T }> {
  const res = await fetch(`${s.url}api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-backflow-token': s.token },
    body: JSON.stringify(params),
  });
  return { status: res.status, body: (await res.json()) as T };
}

const names = (n: FlameNode): string[] => {
  const out: string[] = [];
  const stack = [n];
  while (stack.length) {
    const x = stack.pop()!;
    out.push(x.name);
    stack.push(...x.children);
  }
  return out;
};

it('lists every capture of the session in time order, without data', async () => {
  const { status, body } = await api<EvidenceListResult>('evidence', {});
  expect(status).toBe(200);
  expect(body.truncated).toBe(false);
  const kinds = body.entries.map((e) => `${e.kind}${e.type ? ` ${e.type}` : ''}`);
  expect(kinds.filter((k) => k === 'thread-dump').length).toBeGreaterThanOrEqual(1);
  expect(kinds.filter((k) => k.startsWith('flamegraph'))).toEqual([
    'flamegraph ON_CPU',
    'flamegraph OFF_CPU',
    'flamegraph FULL',
  ]);
  const ts = body.entries.map((e) => e.ts);
  expect(ts).toEqual([...ts].sort((a, b) => a - b));
  for (const e of body.entries) {
    expect(e).not.toHaveProperty('data');
    expect(e.status).toBe('captured');
    expect(e.bytes).toBeGreaterThan(0);
  }
});

it('filters by vertex and by window', async () => {
  const info = (await api<SessionInfoResult>('sessionInfo', {})).body;
  const all = (await api<EvidenceListResult>('evidence', {})).body.entries;
  const enrich = info.vertices.find((v) => v.name.includes('Enrich'))!;
  const source = info.vertices.find((v) => v.name.startsWith('Source'))!;
  const mine = await api<EvidenceListResult>('evidence', {
    clusterId: enrich.clusterId,
    jobId: enrich.jobId,
    vertexId: enrich.vertexId,
  });
  expect(mine.body.entries).toEqual(all);
  const other = await api<EvidenceListResult>('evidence', {
    clusterId: source.clusterId,
    jobId: source.jobId,
    vertexId: source.vertexId,
  });
  expect(other.body.entries).toEqual([]);
  const lastTs = Math.max(...all.map((e) => e.ts));
  const late = await api<EvidenceListResult>('evidence', { from: lastTs, to: lastTs + 1 });
  expect(late.body.entries.map((e) => e.kind)).toEqual(['flamegraph', 'flamegraph', 'flamegraph']);
  const before = await api<EvidenceListResult>('evidence', { to: all[0]!.ts - 1 });
  expect(before.body.entries).toEqual([]);
});

it('answers one flame graph with its tree, markup in frame names kept as text', async () => {
  const all = (await api<EvidenceListResult>('evidence', {})).body.entries;
  const on = all.find((e) => e.type === 'ON_CPU')!;
  const r = await api<EvidenceItemResult>('evidenceItem', { id: on.id });
  expect(r.status).toBe(200);
  expect(r.body.kind).toBe('flamegraph');
  expect(r.body.entry).toEqual(on);
  const graph = r.body.kind === 'flamegraph' ? r.body.data! : null;
  expect(graph!.root.value).toBeGreaterThan(0);
  expect(names(graph!.root).some((n) => n.startsWith('com.example.pipeline.'))).toBe(true);
  const full = all.find((e) => e.type === 'FULL')!;
  const big = await api<EvidenceItemResult>('evidenceItem', { id: full.id });
  expect(big.status).toBe(200);
  const tree = big.body.kind === 'flamegraph' ? big.body.data!.root : null;
  expect(countNodes(tree!)).toBe(BIG_TREE_NODES);
  expect(names(tree!)).toContain(HOSTILE_FRAME);
});

it('answers one thread dump with every thread, its state and stack', async () => {
  const all = (await api<EvidenceListResult>('evidence', {})).body.entries;
  const dump = all.find((e) => e.kind === 'thread-dump')!;
  const r = await api<EvidenceItemResult>('evidenceItem', { id: dump.id });
  expect(r.status).toBe(200);
  expect(r.body.kind).toBe('thread-dump');
  const threads = r.body.kind === 'thread-dump' ? r.body.data!.threads : [];
  expect(threads.some((t) => /^KeyedProcess: Enrich.* \(\d+\/\d+\)#\d+$/.test(t.name) && t.state === 'RUNNABLE')).toBe(
    true,
  );
  expect(threads.every((t) => t.text.startsWith(`"${t.name}"`))).toBe(true);
});

it('refuses an unknown id (404) and bad params (400)', async () => {
  const missing = await api<{ error: string }>('evidenceItem', { id: 9999 });
  expect(missing.status).toBe(404);
  expect(missing.body.error).toMatch(/no evidence 9999/);
  expect((await api<{ error: string }>('evidenceItem', { id: -1 })).status).toBe(400);
  const half = await api<{ error: string }>('evidence', { vertexId: 'x' });
  expect(half.status).toBe(400);
  expect(half.body.error).toMatch(/given together/);
  expect((await api<{ error: string }>('evidence', { from: 10, to: 5 })).status).toBe(400);
});

it('a session without evidence lists none', async () => {
  const r = await api<EvidenceListResult>('evidence', {}, plain);
  expect(r.status).toBe(200);
  expect(r.body).toEqual({ entries: [], truncated: false });
});

it('a session this process does not record cannot capture now', async () => {
  expect((await api<SessionInfoResult>('sessionInfo', {})).body.canCapture).toBe(false);
  const info = (await api<SessionInfoResult>('sessionInfo', {})).body;
  const v = info.vertices[0]!;
  const r = await api<{ error: string }>('captureEvidence', {
    clusterId: v.clusterId,
    jobId: v.jobId,
    vertexId: v.vertexId,
  });
  expect(r.status).toBe(409);
  expect(r.body.error).toMatch(/not being recorded by this process/);
});

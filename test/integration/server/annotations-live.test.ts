// Annotations in the served mode as several people meet them: two viewers watching over SSE see a
// third one's note (they are told to reload annotations and then find it), and annotating while a
// recorder appends ticks to the same file leaves a consistent file holding everything.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnnotationItem, AnnotationsResult, LiveEvent } from '../../../shared/api';
import { startServer, type ServedSession } from '../../../electron/server/server';
import { Recorder } from '../../../electron/recorder/recorder';
import { SessionReader, SessionWriter } from '../../../electron/session/index';
import { createSimulation } from '../../../electron/simulator/model/index';
import { startSimulatedCluster, type SimulatedCluster } from '../../../electron/simulator/index';
import { epochMs } from '../../../shared/time';
import { T0, writeSession } from '../../e2e/fixtures/make-session';

let dir: string;
let served: ServedSession | null = null;
let cluster: SimulatedCluster | null = null;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'backflow-annot-'));
});
afterEach(async () => {
  await served?.close();
  served = null;
  await cluster?.close();
  cluster = null;
  rmSync(dir, { recursive: true, force: true });
});

async function serve(file: string): Promise<ServedSession> {
  const ui = path.join(dir, 'ui');
  mkdirSync(ui, { recursive: true });
  writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>ui</title>');
  served = await startServer({ sessionPath: file, port: 0, staticRoot: ui, pollMs: 50 });
  return served;
}

async function api<T>(s: ServedSession, method: string, params: unknown): Promise<T> {
  const res = await fetch(`${s.url}api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-backflow-token': s.token },
    body: JSON.stringify(params),
  });
  const body = (await res.json()) as T & { error?: string };
  if (res.status !== 200) throw new Error(`${method}: HTTP ${res.status} ${body.error ?? ''}`);
  return body;
}

/** One SSE viewer: collects every LiveEvent it is sent. */
async function viewer(s: ServedSession) {
  const res = await fetch(`${s.url}api/events`, { headers: { 'x-backflow-token': s.token } });
  expect(res.status).toBe(200);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: LiveEvent[] = [];
  let buf = '';
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buf += value;
      let end: number;
      while ((end = buf.indexOf('\n\n')) >= 0) {
        const data = buf
          .slice(0, end)
          .split('\n')
          .find((l) => l.startsWith('data: '));
        buf = buf.slice(end + 2);
        if (data) events.push(JSON.parse(data.slice(6)) as LiveEvent);
      }
    }
  })();
  return {
    events,
    async waitFor(type: LiveEvent['type']): Promise<void> {
      for (let i = 0; i < 200 && !events.some((e) => e.type === type); i++) await new Promise((r) => setTimeout(r, 10));
      expect(events.map((e) => e.type)).toContain(type);
    },
    async close(): Promise<void> {
      await reader.cancel();
      await pump;
    },
  };
}

const note = (start: number, text: string) => ({
  start,
  end: null,
  text,
  tag: 'deploy',
  clusterId: null,
  jobId: null,
  vertexId: null,
});

describe('annotations with several viewers', () => {
  it('two watching viewers are told to reload and then see the annotation a third one added', async () => {
    const file = path.join(dir, 'incident.backflow');
    writeSession(file);
    const s = await serve(file);
    const a = await viewer(s);
    const b = await viewer(s);
    // Neither viewer has seen anything about annotations yet.
    expect(a.events.filter((e) => e.type === 'annotations')).toEqual([]);

    const added = await api<AnnotationItem>(s, 'addAnnotation', note(T0 + 90_000, 'deploy of v2.3'));
    await a.waitFor('annotations');
    await b.waitFor('annotations');
    // What each viewer does on the event: reload the list, which now holds the new note.
    const list = await api<AnnotationsResult>(s, 'annotations', {});
    expect(list.annotations.map((x) => [x.id, x.preview, x.tag, x.start])).toEqual([
      [added.id, 'deploy of v2.3', 'deploy', T0 + 90_000],
    ]);

    // Edits and deletes are announced too.
    a.events.length = 0;
    b.events.length = 0;
    await api(s, 'updateAnnotation', { id: added.id, patch: { text: 'rollback of v2.3' } });
    await a.waitFor('annotations');
    await b.waitFor('annotations');
    expect((await api<AnnotationsResult>(s, 'annotations', {})).annotations.map((x) => x.preview)).toEqual([
      'rollback of v2.3',
    ]);
    a.events.length = 0;
    b.events.length = 0;
    await api(s, 'deleteAnnotation', { id: added.id });
    await a.waitFor('annotations');
    await b.waitFor('annotations');
    expect((await api<AnnotationsResult>(s, 'annotations', {})).annotations).toEqual([]);

    // Deleting what is already gone says so and leaves the list as it was.
    expect(await api(s, 'deleteAnnotation', { id: added.id })).toEqual({ deleted: false });
    expect((await api<AnnotationsResult>(s, 'annotations', {})).annotations).toEqual([]);
    await a.close();
    await b.close();
  });
});

describe('annotations while recording', () => {
  it('viewers annotate while a recorder appends ticks to the same file: everything lands, the file stays sound', async () => {
    const start = epochMs(Date.UTC(2026, 10, 26, 9, 0, 0));
    const model = createSimulation({ scenario: 'sustained-bottleneck', seed: 3, startTime: start });
    cluster = await startSimulatedCluster({
      scenario: 'sustained-bottleneck',
      flinkVersion: '1.18',
      clock: 'manual',
      model,
    });
    const c = cluster;
    const file = path.join(dir, 'live.backflow');
    const writer = SessionWriter.create(file, { appVersion: 'test' });
    const recorder = new Recorder({
      writer,
      targets: [{ connection: { url: c.url, retries: 0, timeoutMs: 2000 }, jobs: [] }],
      intervalMs: 10_000,
      detail: 'hot',
      clock: () => c.now(),
    });
    // The first tick makes the file a readable session, as it is when a viewer opens a live recording.
    await recorder.pollOnce();
    c.advance(10_000);
    const s = await serve(file);

    const TICKS = 12;
    const PER_TICK = 3;
    const recording = (async () => {
      for (let i = 1; i < TICKS; i++) {
        await recorder.pollOnce();
        c.advance(10_000);
      }
    })();
    // Writes from two "viewers" interleaved with the recorder's tick transactions.
    const made: AnnotationItem[] = [];
    const annotating = (async () => {
      for (let i = 0; i < TICKS * PER_TICK; i++) {
        const [x, y] = await Promise.all([
          api<AnnotationItem>(s, 'addAnnotation', note(start + i * 1000, `viewer A note ${i}`)),
          api<AnnotationItem>(s, 'addAnnotation', {
            ...note(start + i * 1000, `viewer B region ${i}`),
            end: start + i * 1000 + 5000,
            tag: 'alert',
          }),
        ]);
        made.push(x, y);
        if (i % 4 === 0) await api(s, 'updateAnnotation', { id: x.id, patch: { text: `viewer A note ${i} (edited)` } });
        await new Promise((r) => setImmediate(r));
      }
    })();
    await Promise.all([recording, annotating]);
    recorder.close();
    writer.close();
    await s.close();
    served = null;

    const db = new Database(file, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();

    const reader = SessionReader.open(file);
    const ticks = reader.ticks({ from: epochMs(0), to: epochMs(start + 3_600_000) });
    expect(ticks.map((t) => t.ts - start)).toEqual(Array.from({ length: TICKS }, (_, i) => i * 10_000));
    const stored = reader.annotations();
    expect(stored).toHaveLength(TICKS * PER_TICK * 2);
    expect(new Set(stored.map((a) => a.id))).toEqual(new Set(made.map((a) => a.id)));
    const byId = new Map(stored.map((a) => [a.id, a]));
    for (let i = 0; i < TICKS * PER_TICK; i++) {
      expect(byId.get(made[2 * i]!.id)?.text).toBe(`viewer A note ${i}${i % 4 === 0 ? ' (edited)' : ''}`);
      expect(byId.get(made[2 * i + 1]!.id)).toMatchObject({
        text: `viewer B region ${i}`,
        tag: 'alert',
        end: start + i * 1000 + 5000,
      });
    }
    reader.close();
  });

  it('a `backflow demo` recording in another process and annotating viewers share the file safely', async () => {
    const cli = path.resolve('bin/backflow.mjs');
    if (!existsSync(path.resolve('out/cli/backflow.mjs')))
      throw new Error('the CLI is not built: run `npm run build` first');
    const file = path.join(dir, 'demo.backflow');
    // A real second process: simulator + recorder writing a tick every few tens of milliseconds.
    const child = spawn(
      process.execPath,
      [
        cli,
        'demo',
        '--scenario',
        'sustained-bottleneck',
        '--out',
        file,
        '--duration',
        '4m',
        '--speed',
        '120',
        '--interval',
        '5s',
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let running = true;
    void exited.then(() => (running = false));

    // Open it once the recorder wrote its first tick, as a viewer of a live recording would.
    for (let i = 0; i < 500; i++) {
      try {
        const r = SessionReader.open(file);
        const ok = r.timeRange() !== null;
        r.close();
        if (ok) break;
      } catch {
        // not created yet
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    const s = await serve(file);
    const start = (await api<{ range: { from: number } }>(s, 'sessionInfo', {})).range.from;
    const made: AnnotationItem[] = [];
    let writesWhileRecording = 0;
    for (let i = 0; running || i < 10; i++) {
      made.push(await api<AnnotationItem>(s, 'addAnnotation', note(start + i * 100, `note ${i}`)));
      if (running) writesWhileRecording++;
    }
    expect(await exited).toBe(0);
    await s.close();
    served = null;
    // The recorder wrote while we did: otherwise this test would prove nothing.
    expect(writesWhileRecording).toBeGreaterThan(10);

    const db = new Database(file, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    const reader = SessionReader.open(file);
    const summary = /(\d+) ticks from 1 cluster/.exec(output);
    expect(summary, output).not.toBeNull();
    expect(reader.ticks({ from: epochMs(0), to: epochMs(start + 86_400_000) })).toHaveLength(Number(summary![1]));
    expect(reader.annotations().map((a) => [a.id, a.text])).toEqual(made.map((a) => [a.id, a.text]));
    reader.close();
  }, 30_000);
});

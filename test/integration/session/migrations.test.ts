import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionFileError, SessionReader, SessionWriter } from '../../../electron/session';
import { FORMAT_VERSION, MIGRATIONS, type Migration } from '../../../electron/session/schema';
import { mergeGcWindows } from '../../../shared/analysis/gc';
import type { GcWindow } from '../../../shared/model';
import { frame, T0, tempDir, tickTs, vertexInfo } from './synthetic';

const fileHash = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');

function tables(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);
  } finally {
    db.close();
  }
}

function record(w: SessionWriter, ticks: number[]): void {
  const c = w.addCluster({ url: 'http://127.0.0.1:8081', flinkVersion: '1.18.1', fetchIntervalMs: 10_000, pollIntervalMs: 10_000 });
  w.upsertJob({ clusterId: c, jobId: 'j', name: 'job' }, T0);
  w.upsertVertices(T0, [vertexInfo(c, 'j', 0, 3)]);
  for (const i of ticks) {
    w.writeTick({ tick: { clusterId: c, ts: tickTs(i), status: 'ok', latencyMs: 5 as never, serverTs: null, fresh: true, requests: 3, error: null }, vertexFrames: [frame(c, 'j', 0, 3, i)] });
  }
}

function openError(fn: () => unknown): SessionFileError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SessionFileError) return err;
    throw err;
  }
  throw new Error('expected a SessionFileError');
}

describe('session migrations', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  it('migration 1 creates the recording schema and records its id and sha256', () => {
    const path = tmp.file('m1.backflow');
    const w = SessionWriter.create(path, { appVersion: 'old' }, { migrations: MIGRATIONS.slice(0, 1) });
    record(w, [0, 1]);
    w.close();
    expect(tables(path)).toEqual(
      ['checkpoints', 'clusters', 'edge_sets', 'events', 'gc_windows', 'header', 'jobs', 'metrics', 'migrations', 'placements', 'taskmanager_frames', 'taskmanagers', 'ticks', 'vertex_aggregates', 'vertex_frames', 'vertex_summaries', 'vertex_versions', 'vertices'].sort(),
    );
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT id, sha256 FROM migrations').all()).toEqual([{ id: 1, sha256: createHash('sha256').update(MIGRATIONS[0]!.sql).digest('hex') }]);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    db.close();
    // This build reads a format-1 file without upgrading it: no annotations yet, file untouched.
    const before = fileHash(path);
    const r = SessionReader.open(path);
    expect(r.header().formatVersion).toBe(1);
    expect(r.annotations()).toEqual([]);
    expect(r.ticks({ from: T0, to: tickTs(9) })).toHaveLength(2);
    r.close();
    expect(fileHash(path)).toBe(before);
  });

  it('migration 2 adds annotations to a format-1 file on append and keeps what was recorded', () => {
    const path = tmp.file('m2.backflow');
    const old = SessionWriter.create(path, { appVersion: 'old' }, { migrations: MIGRATIONS.slice(0, 1) });
    record(old, [0, 1, 2]);
    old.close();
    const w = SessionWriter.openForAppend(path);
    expect(tables(path)).toContain('annotations');
    w.addAnnotation({ start: tickTs(1), end: null, text: 'deploy', tag: null, clusterId: 1, jobId: 'j', vertexId: null, pinned: false });
    w.writeTick({ tick: { clusterId: 1, ts: tickTs(3), status: 'ok', latencyMs: 5 as never, serverTs: null, fresh: true, requests: 3, error: null }, vertexFrames: [frame(1, 'j', 0, 3, 3)] });
    w.close();
    const r = SessionReader.open(path);
    expect(r.header().formatVersion).toBe(FORMAT_VERSION);
    expect(r.annotations().map((a) => a.text)).toEqual(['deploy']);
    const frames = r.vertexFrames(1, 'j', 'v00', { from: T0, to: tickTs(9) });
    expect(frames.map((f) => f.ts)).toEqual([0, 1, 2, 3].map((i) => tickTs(i)));
    expect(Array.from(frames[3]!.subtasks.numRecordsIn!)).toEqual(Array.from(frame(1, 'j', 0, 3, 3).subtasks.numRecordsIn!));
    r.close();
  });

  it('migration 3 adds per-collector GC windows: a format-2 file reads as before, and appending keeps its windows beside the new ones', () => {
    const path = tmp.file('m3.backflow');
    const tick = (i: number, gcWindows: GcWindow[]) => ({
      tick: { clusterId: 1, ts: tickTs(i), status: 'ok' as const, latencyMs: 5 as never, serverTs: null, fresh: true, requests: 3, error: null },
      vertexFrames: [frame(1, 'j', 0, 3, i)],
      gcWindows,
    });
    const gc = (i: number, gcTimeMs: number, collector: string | null): GcWindow => ({
      clusterId: 1, taskManagerId: 'tm-1', start: tickTs(i - 1), end: tickTs(i), gcTimeMs, gcCount: 1, collector,
    });
    const old = SessionWriter.create(path, { appVersion: 'old' }, { migrations: MIGRATIONS.slice(0, 2) });
    record(old, [0]);
    // A format-2 file has nowhere to keep a collector: the writer says so instead of dropping it.
    const refused = openError(() => old.writeTick(tick(1, [gc(1, 900, 'G1 Old Generation')])));
    expect(refused.kind).toBe('invalid-input');
    old.writeTick(tick(1, [gc(1, 1900, null)]));
    old.close();
    expect(tables(path)).not.toContain('gc_collector_windows');

    const before = fileHash(path);
    const r2 = SessionReader.open(path);
    expect(r2.header().formatVersion).toBe(2);
    expect(r2.gcWindows({ from: T0, to: tickTs(9) })).toEqual([gc(1, 1900, null)]);
    r2.close();
    expect(fileHash(path)).toBe(before);

    const w = SessionWriter.openForAppend(path);
    expect(tables(path)).toContain('gc_collector_windows');
    w.writeTick(tick(2, [gc(2, 1200, 'G1 Old Generation'), gc(2, 6, 'G1 Young Generation')]));
    w.close();
    const r = SessionReader.open(path);
    expect(r.header().formatVersion).toBe(FORMAT_VERSION);
    const raw = r.gcWindows({ from: T0, to: tickTs(9) });
    expect(raw).toEqual([gc(1, 1900, null), gc(2, 1200, 'G1 Old Generation'), gc(2, 6, 'G1 Young Generation')]);
    // Old and new raw windows of one pause are one window.
    expect(mergeGcWindows(raw).map((m) => [m.start, m.end, m.gcTimeMs, m.collector])).toEqual([[tickTs(0), tickTs(2), 3106, null]]);
    r.close();
  });

  it('migration 4 keeps what failed per tick by endpoint: a format-3 file summarises as before, appending counts problems', () => {
    const path = tmp.file('m4.backflow');
    const partialTick = (i: number) => ({
      tick: {
        clusterId: 1, ts: tickTs(i), status: 'partial' as const, latencyMs: 5 as never, serverTs: null, fresh: true, requests: 3,
        error: 'Enrich: GET /jobs/j/vertices/v/backpressure: no answer by the tick\'s deadline',
        problems: [{ endpoint: '/jobs/:jobid/vertices/:vertexid/backpressure', kind: 'timeout', count: 1 }],
      },
      vertexFrames: [frame(1, 'j', 0, 3, i)],
    });
    const old = SessionWriter.create(path, { appVersion: 'old' }, { migrations: MIGRATIONS.slice(0, 3) });
    record(old, [0]);
    // A format-3 file keeps the tick and its error text; it has nowhere to count problems.
    old.writeTick(partialTick(1));
    old.close();
    expect(tables(path)).not.toContain('tick_problems');
    const r3 = SessionReader.open(path);
    expect(r3.info().clusters[0]).toMatchObject({ partial: 1, problems: [] });
    r3.close();

    const w = SessionWriter.openForAppend(path);
    for (const i of [2, 3, 4]) w.writeTick(partialTick(i));
    w.close();
    const r = SessionReader.open(path);
    expect(r.header().formatVersion).toBe(4);
    expect(r.info().partial).toBe(4);
    expect(r.info().clusters[0]!.problems).toEqual([{ endpoint: '/jobs/:jobid/vertices/:vertexid/backpressure', kind: 'timeout', count: 3, ticks: 3 }]);
    r.close();
  });

  it('detects an applied migration whose SQL was edited afterwards, for readers and writers, without touching the file', () => {
    const path = tmp.file('tamper.backflow');
    const w = SessionWriter.create(path, { appVersion: 't' });
    record(w, [0]);
    w.close();
    const before = fileHash(path);
    const edited: Migration[] = MIGRATIONS.map((m) => (m.id === 2 ? { ...m, sql: `${m.sql}\nCREATE INDEX extra ON annotations (tag);` } : m));
    const e1 = openError(() => SessionReader.open(path, { migrations: edited }));
    expect(e1.kind).toBe('migration-changed');
    expect(e1.message).toMatch(/^migration 2 was changed after it was applied/);
    expect(openError(() => SessionWriter.openForAppend(path, { migrations: edited })).kind).toBe('migration-changed');
    expect(fileHash(path)).toBe(before);
  });

  it('refuses a file written by a newer format and names both versions', () => {
    const path = tmp.file('newer.backflow');
    const future: Migration[] = [...MIGRATIONS, { id: FORMAT_VERSION + 1, name: 'future', sql: 'CREATE TABLE future_thing (x INTEGER);' }];
    const w = SessionWriter.create(path, { appVersion: 'future' }, { migrations: future });
    w.close();
    const before = fileHash(path);
    const err = openError(() => SessionReader.open(path));
    expect(err.kind).toBe('newer-format');
    expect(err.message).toContain(`written by a newer Backflow (format ${FORMAT_VERSION + 1}); this version reads up to ${FORMAT_VERSION}`);
    expect(openError(() => SessionWriter.openForAppend(path)).kind).toBe('newer-format');
    expect(fileHash(path)).toBe(before);
  });
});

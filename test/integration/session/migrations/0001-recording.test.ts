// Migration 1: the recording tables. The first migration has no format before it: a file made
// with it alone records, reads back, and is read by this build without being upgraded.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { SessionReader, SessionWriter } from '../../../../electron/session';
import { sha256 } from '../../../../electron/session/migrate';
import { MIGRATIONS } from '../../../../electron/session/schema';
import { T0, tempDir, tickTs } from '../synthetic';
import { fileHash, record, tables, upTo } from './helpers';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

it('creates the recording schema and records its id and sha256', () => {
  const path = tmp.file('m1.backflow');
  const w = SessionWriter.create(path, { appVersion: 'old' }, { migrations: upTo(1) });
  record(w, [0, 1]);
  w.close();
  expect(tables(path)).toEqual(
    [
      'checkpoints',
      'clusters',
      'edge_sets',
      'events',
      'gc_windows',
      'header',
      'jobs',
      'metrics',
      'migrations',
      'placements',
      'taskmanager_frames',
      'taskmanagers',
      'ticks',
      'vertex_aggregates',
      'vertex_frames',
      'vertex_summaries',
      'vertex_versions',
      'vertices',
    ].sort(),
  );
  const db = new Database(path, { readonly: true });
  expect(db.prepare('SELECT id, sha256 FROM migrations').all()).toEqual([
    { id: 1, sha256: sha256(MIGRATIONS[0]!.sql) },
  ]);
  expect(db.pragma('user_version', { simple: true })).toBe(1);
  db.close();
});

it('a format-1 file is read without upgrading it: no annotations yet, the file untouched', () => {
  const path = tmp.file('m1-read.backflow');
  const w = SessionWriter.create(path, { appVersion: 'old' }, { migrations: upTo(1) });
  record(w, [0, 1]);
  w.close();
  const before = fileHash(path);
  const r = SessionReader.open(path);
  expect(r.header().formatVersion).toBe(1);
  expect(r.annotations()).toEqual([]);
  expect(r.annotationSummaries({ previewChars: 10, limit: 10 })).toEqual({ items: [], more: false });
  expect(r.annotation(1)).toBeNull();
  expect(r.gcWindows({ from: T0, to: tickTs(9) })).toEqual([]);
  expect(r.info().clusters[0]!.problems).toEqual([]);
  expect(r.ticks({ from: T0, to: tickTs(9) })).toHaveLength(2);
  r.close();
  expect(fileHash(path)).toBe(before);
});

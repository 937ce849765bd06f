// A reader's connection keeps a small SQLite page cache (READER_CACHE_KB), not better-sqlite3's
// 16 MB: the served mode holds a reader per thread and each filled up on a long session (served
// mode on 24 h of `large`, the whole UI bench run: peak RSS 444–473 MB → 391–411 MB; a first
// analysis of that session as fast, its process' peak 254 → 239 MB).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { READER_CACHE_KB, SessionReader } from '../../../electron/session/reader';
import { writeSession } from '../../e2e/fixtures/make-session';

let dir: string;
let file: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'backflow-reader-cache-'));
  file = path.join(dir, 's.backflow');
  writeSession(file);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('opens with a page cache of READER_CACHE_KB, at most 2 MB', () => {
  const reader = SessionReader.open(file);
  try {
    const db = (reader as unknown as { db: { pragma(p: string, o: { simple: true }): unknown } }).db;
    expect(db.pragma('cache_size', { simple: true })).toBe(-READER_CACHE_KB);
    expect(READER_CACHE_KB).toBeLessThanOrEqual(2048);
  } finally {
    reader.close();
  }
});

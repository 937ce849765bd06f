// What holds for every migration: an applied one that was edited afterwards is refused, and so is
// a file of a newer format. Each migration has its own test in migrations/ (format N-1, rows,
// upgrade, rows kept), and its hash is pinned in test/unit/session/migrations.test.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionReader, SessionWriter } from '../../../electron/session';
import { FORMAT_VERSION, MIGRATIONS, type Migration } from '../../../electron/session/schema';
import { tempDir } from './synthetic';
import { fileHash, openError, record } from './migrations/helpers';

describe('session migrations', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  it('detects an applied migration whose SQL was edited afterwards, for readers and writers, without touching the file', () => {
    const path = tmp.file('tamper.backflow');
    const w = SessionWriter.create(path, { appVersion: 't' });
    record(w, [0]);
    w.close();
    const before = fileHash(path);
    const edited: Migration[] = MIGRATIONS.map((m) =>
      m.id === 2 ? { ...m, sql: `${m.sql}\nCREATE INDEX extra ON annotations (tag);` } : m,
    );
    const e1 = openError(() => SessionReader.open(path, { migrations: edited }));
    expect(e1.kind).toBe('migration-changed');
    expect(e1.message).toMatch(/^migration 2 was changed after it was applied/);
    expect(openError(() => SessionWriter.openForAppend(path, { migrations: edited })).kind).toBe('migration-changed');
    expect(fileHash(path)).toBe(before);
  });

  it('refuses a file written by a newer format and names both versions', () => {
    const path = tmp.file('newer.backflow');
    const future: Migration[] = [
      ...MIGRATIONS,
      { id: FORMAT_VERSION + 1, name: 'future', sql: 'CREATE TABLE future_thing (x INTEGER);' },
    ];
    const w = SessionWriter.create(path, { appVersion: 'future' }, { migrations: future });
    w.close();
    const before = fileHash(path);
    const err = openError(() => SessionReader.open(path));
    expect(err.kind).toBe('newer-format');
    expect(err.message).toContain(
      `written by a newer Backflow (format ${FORMAT_VERSION + 1}); this version reads up to ${FORMAT_VERSION}`,
    );
    expect(openError(() => SessionWriter.openForAppend(path)).kind).toBe('newer-format');
    expect(fileHash(path)).toBe(before);
  });
});

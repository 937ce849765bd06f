// Every table of a session file is listed in electron/session/tables.ts by how it grows with time,
// under the migration that created it, so a slice knows what to cut of each.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { SessionWriter } from '../../../electron/session';
import { FIXED_TABLES, HISTORY_TABLES, TIME_SERIES_TABLES } from '../../../electron/session/tables';
import { tempDir } from './synthetic';
import { MIGRATIONS } from '../../../electron/session/schema';
import { tables, upTo } from './migrations/helpers';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

it('lists every table of the schema exactly once', () => {
  const path = tmp.file('all.backflow');
  SessionWriter.create(path, { appVersion: 't' }).close();
  const listed = [...TIME_SERIES_TABLES.map((t) => t.name), ...HISTORY_TABLES.map((t) => t.name), ...FIXED_TABLES];
  expect([...listed].sort()).toEqual(tables(path));
  expect(new Set(listed).size).toBe(listed.length);
});

it('names the migration that created each table that grows with time, and its time columns exist', () => {
  for (const t of [...TIME_SERIES_TABLES, ...HISTORY_TABLES]) {
    const before = tmp.file(`${t.name}-before.backflow`);
    const after = tmp.file(`${t.name}-after.backflow`);
    // Migration 1 has no format before it.
    if (t.migration > 1) {
      SessionWriter.create(before, { appVersion: 't' }, { migrations: upTo(t.migration - 1) }).close();
      expect(tables(before), t.name).not.toContain(t.name);
    }
    SessionWriter.create(after, { appVersion: 't' }, { migrations: upTo(t.migration) }).close();
    expect(tables(after), t.name).toContain(t.name);
    const db = new Database(after, { readonly: true });
    try {
      const time = 'time' in t ? ('at' in t.time ? t.time.at : `${t.time.start}, ${t.time.end}`) : 'ts';
      const owner = 'owner' in t ? `, ${t.owner.join(', ')}` : '';
      expect(() => db.prepare(`SELECT ${time}${owner} FROM ${t.name}`).all(), t.name).not.toThrow();
    } finally {
      db.close();
    }
  }
  expect(Math.max(...TIME_SERIES_TABLES.map((t) => t.migration))).toBeLessThanOrEqual(MIGRATIONS.length);
});

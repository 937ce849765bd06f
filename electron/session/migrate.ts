// Applies and verifies schema migrations. `migrations` records the id and sha256 of every applied
// migration's SQL so an edited migration is caught on open instead of silently diverging.

import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { SessionFileError } from './errors';
import { MIGRATIONS, type Migration } from './schema';
import { prepare } from './sql/statements';

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS migrations (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  applied_ts INTEGER NOT NULL
)`;

/** Throws 'migration-changed' when an applied migration differs from this build's, or is unknown. */
export function verifyApplied(
  db: Database.Database,
  path: string,
  migrations: readonly Migration[] = MIGRATIONS,
): void {
  const rows = prepare<{ id: number; sha256: string }>(db, 'SELECT id, sha256 FROM migrations ORDER BY id').all();
  const known = new Map(migrations.map((m) => [m.id, m]));
  for (const row of rows) {
    const m = known.get(row.id);
    // An applied id this build lacks means a newer format; user_version already rejected that,
    // so reaching here means the table and user_version disagree.
    if (m === undefined)
      throw new SessionFileError('corrupt', `session file ${path} records unknown migration ${row.id}`, path);
    if (sha256(m.sql) !== row.sha256) {
      throw new SessionFileError(
        'migration-changed',
        `migration ${row.id} was changed after it was applied to ${path}`,
        path,
      );
    }
  }
}

/** Applies every migration not applied yet, each in its own transaction with user_version. */
export function applyMigrations(
  db: Database.Database,
  path: string,
  migrations: readonly Migration[] = MIGRATIONS,
  now: () => number = Date.now,
): void {
  db.exec(MIGRATIONS_TABLE);
  verifyApplied(db, path, migrations);
  const applied = new Set(
    prepare<{ id: number }>(db, 'SELECT id FROM migrations')
      .all()
      .map((r) => r.id),
  );
  const record = prepare(db, 'INSERT INTO migrations (id, name, sha256, applied_ts) VALUES (?, ?, ?, ?)');
  for (const m of migrations) {
    if (applied.has(m.id)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.id, m.name, sha256(m.sql), now());
      db.pragma(`user_version = ${m.id}`);
    })();
  }
}

// Statements are compiled once per connection and kept with it: the SQL text of a domain module is
// a constant (or one of a few variants), so the cache stays as small as the queries written, and it
// goes away with the connection. Rows come back typed by the caller's row interface; each domain
// module turns them into the model's types with one function per table.

import type Database from 'better-sqlite3';

type Db = Database.Database;

const cache = new WeakMap<Db, Map<string, Database.Statement>>();

/** The compiled statement for `sql` on this connection, its rows typed as `Row`. */
export function prepare<Row = unknown>(db: Db, sql: string): Database.Statement<unknown[], Row> {
  let forDb = cache.get(db);
  if (forDb === undefined) {
    forDb = new Map();
    cache.set(db, forDb);
  }
  let stmt = forDb.get(sql);
  if (stmt === undefined) {
    stmt = db.prepare(sql);
    forDb.set(sql, stmt);
  }
  return stmt as Database.Statement<unknown[], Row>;
}

/**
 * Whether the file has a table. Readers never migrate, so a table of a later migration may be
 * missing; a writer opened beside a reader may add it at any time, so this is asked, not kept.
 */
export function hasTable(db: Db, name: string): boolean {
  return prepare(db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

export type { Db };

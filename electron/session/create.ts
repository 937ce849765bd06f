// A new session file is built under a temporary name and published with link(): a reader (the UI
// following a new recording) never finds the file without its schema, and an existing file is
// never replaced.

import { existsSync, linkSync, renameSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import Database from 'better-sqlite3';
import type { EpochMs } from '../../shared/time';
import { SessionFileError, toSessionError } from './errors';
import { applyMigrations } from './migrate';
import { APPLICATION_ID, MIGRATIONS, type Migration } from './schema';
import { insertHeader } from './sql/catalog';

export interface NewSessionHeader {
  appVersion: string;
  hostName?: string;
  createdTs?: EpochMs;
}

const existsError = (path: string) =>
  new SessionFileError('exists', `${path} already exists; choose another file name`, path);

/** Gives a finished file its final name without ever replacing an existing one. */
function publish(tmp: string, path: string): void {
  try {
    linkSync(tmp, path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // Some file systems (FAT, some network shares) have no hard links; the existence check above
    // then is the only guard.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV') throw err;
    if (existsSync(path)) throw Object.assign(new Error(`${path} exists`), { code: 'EEXIST' });
    renameSync(tmp, path);
  }
}

/** Creates the file with its schema and header; refuses to overwrite an existing one. */
export function createSessionFile(
  path: string,
  header: NewSessionHeader,
  migrations: readonly Migration[] = MIGRATIONS,
  now: () => number = Date.now,
): void {
  if (existsSync(path)) throw existsError(path);
  const tmp = `${path}.creating-${process.pid}`;
  let db: Database.Database | undefined;
  try {
    db = new Database(tmp);
    const conn = db;
    conn.transaction(() => {
      conn.pragma(`application_id = ${APPLICATION_ID}`);
      applyMigrations(conn, path, migrations, now);
      insertHeader(conn, {
        appVersion: header.appVersion,
        createdTs: header.createdTs ?? now(),
        hostName: header.hostName ?? hostname(),
      });
    })();
    conn.close();
    db = undefined;
    publish(tmp, path);
  } catch (err) {
    db?.close();
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw existsError(path);
    throw toSessionError(err, path, 'creating');
  } finally {
    for (const p of [tmp, `${tmp}-journal`]) rmSync(p, { force: true });
  }
}

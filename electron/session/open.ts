// Opens a session file after checking, without writing a byte, that it is one this build can
// read: exists, is SQLite, is Backflow's, is not newer, its migrations are unedited, and it passes
// PRAGMA quick_check. Every failure is a SessionFileError with one line a user can act on.

import { closeSync, existsSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { SessionFileError, toSessionError } from './errors';
import { verifyApplied } from './migrate';
import { APPLICATION_ID, FORMAT_VERSION, MIGRATIONS, type Migration } from './schema';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** Reads the first bytes without going through SQLite, so a foreign file is never touched by it. */
function checkFileShape(path: string): void {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new SessionFileError('foreign', `${path} is not a file`, path);
    size = st.size;
  } catch (err) {
    if (err instanceof SessionFileError) throw err;
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new SessionFileError('missing', `no session file at ${path}`, path);
    }
    throw new SessionFileError('io', `cannot read ${path}: ${(err as Error).message}`, path, { cause: err });
  }
  const head = Buffer.alloc(100);
  const fd = openSync(path, 'r');
  let n: number;
  try {
    n = readSync(fd, head, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  const magicLen = Math.min(n, SQLITE_MAGIC.length);
  const magicMatches = n > 0 && head.subarray(0, magicLen).equals(SQLITE_MAGIC.subarray(0, magicLen));
  if (!magicMatches || size === 0) throw new SessionFileError('foreign', `${path} is not a Backflow session (not a SQLite file)`, path);
  if (n < 100) throw new SessionFileError('corrupt', `session file ${path} is truncated (${size} bytes)`, path);
}

export interface OpenOptions {
  /** Skip PRAGMA quick_check (used when re-opening a file this process just checked). */
  skipQuickCheck?: boolean;
  /** For tests of older formats and of tamper detection. */
  migrations?: readonly Migration[];
}

/** Opens read-only and validates; the caller owns the returned connection. */
export function openChecked(path: string, options: OpenOptions = {}): Database.Database {
  checkFileShape(path);
  const migrations = options.migrations ?? MIGRATIONS;
  const formatVersion = migrations[migrations.length - 1]?.id ?? FORMAT_VERSION;
  // Reading a WAL-mode file makes SQLite create -wal/-shm beside it; when we refuse the file,
  // remove the ones we caused so a refused file's directory is left exactly as it was.
  const sidecars = [`${path}-wal`, `${path}-shm`].filter((p) => !existsSync(p));
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const appId = db.pragma('application_id', { simple: true }) as number;
    if (appId !== APPLICATION_ID) {
      throw new SessionFileError('not-session', `${path} is a SQLite database of another application, not a Backflow session`, path);
    }
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > formatVersion) {
      throw new SessionFileError(
        'newer-format',
        `${path} was written by a newer Backflow (format ${version}); this version reads up to ${formatVersion}`,
        path,
      );
    }
    if (version < 1) throw new SessionFileError('corrupt', `session file ${path} has no schema`, path);
    verifyApplied(db, path, migrations);
    if (!options.skipQuickCheck) {
      const result = db.pragma('quick_check', { simple: true }) as string;
      if (result !== 'ok') throw new SessionFileError('corrupt', `session file ${path} is damaged (${result.split('\n')[0]})`, path);
    }
    return db;
  } catch (err) {
    db?.close();
    for (const p of sidecars) rmSync(p, { force: true });
    throw toSessionError(err, path, 'opening');
  }
}

// Every failure the session file can report, as one error class with a machine-readable kind and a
// one-line message: the CLI prints the message as is, the UI picks a dialog by kind.

import { basename, resolve } from 'node:path';
import { errorText } from '../../shared/error-text';

export type SessionFileErrorKind =
  | 'missing' // no file at the path
  | 'exists' // create() refuses to overwrite
  | 'foreign' // not a SQLite file at all
  | 'not-session' // a SQLite file of some other application
  | 'newer-format' // written by a newer Backflow
  | 'migration-changed' // an applied migration's SQL differs from this build's
  | 'corrupt' // truncated or damaged
  | 'unreadable' // no permission to read the file (or to reach its folder)
  | 'read-only' // a write was needed, but the file or its folder is read-only
  | 'disk-full' // SQLITE_FULL while writing; the writer stopped
  | 'closed' // used after close() or after a fatal write error
  | 'invalid-input' // the caller passed something the file cannot hold
  | 'io'; // any other SQLite / file-system failure

export class SessionFileError extends Error {
  override name = 'SessionFileError';
  constructor(
    readonly kind: SessionFileErrorKind,
    message: string,
    readonly path?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** better-sqlite3 errors carry SQLite's extended code (`SQLITE_CORRUPT_VTAB`, …) in `code`. */
export function sqliteCode(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : null;
}

/** Maps a SQLite failure to the error kind a user can act on; other errors pass through unchanged. */
export function toSessionError(err: unknown, path: string, doing: string): unknown {
  if (err instanceof SessionFileError) return err;
  const code = sqliteCode(err);
  if (code === null) return err;
  const detail = errorText(err);
  if (code.startsWith('SQLITE_FULL')) {
    return new SessionFileError(
      'disk-full',
      `disk full while ${doing} ${path}; recording stopped, everything before is kept`,
      path,
      { cause: err },
    );
  }
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB')) {
    return new SessionFileError('corrupt', `session file ${path} is damaged (${detail})`, path, { cause: err });
  }
  // SQLite says "attempt to write a readonly database"; say which thing is read-only, in words.
  if (code === 'SQLITE_READONLY_DIRECTORY') {
    // Reading a write-ahead-logged file needs a shared-memory file (-shm) beside it.
    return new SessionFileError(
      'read-only',
      `${doing} ${path} failed: its folder is read-only, and SQLite must create files beside it; copy the session to a writable folder`,
      path,
      { cause: err },
    );
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new SessionFileError(
      'read-only',
      `${doing} ${path} failed: the session file (or its folder) is read-only`,
      path,
      { cause: err },
    );
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM') || code.startsWith('SQLITE_AUTH')) {
    return new SessionFileError(
      'unreadable',
      `${doing} ${path} failed: the file cannot be opened (permission denied, or its folder is missing)`,
      path,
      { cause: err },
    );
  }
  return new SessionFileError('io', `${doing} ${path} failed: ${detail}`, path, { cause: err });
}

/** A Node file-system error (ENOENT, EACCES, …) reading the session file, as a SessionFileError. */
export function fileSystemError(err: unknown, path: string): SessionFileError | null {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR')
    return new SessionFileError('missing', `no session file at ${path}`, path, { cause: err });
  if (code === 'EACCES' || code === 'EPERM') {
    return new SessionFileError('unreadable', `cannot read session file ${path}: permission denied`, path, {
      cause: err,
    });
  }
  if (code === 'EROFS')
    return new SessionFileError('read-only', `session file ${path} is on a read-only file system`, path, {
      cause: err,
    });
  if (code === 'EISDIR')
    return new SessionFileError('foreign', `${path} is a folder, not a session file`, path, { cause: err });
  return null;
}

/**
 * The message of an error as an API answer carries it (served mode, the desktop window): the
 * session file is named by its file name, never by the folder it sits in.
 */
export function answerMessage(err: unknown): string {
  let message = errorText(err);
  if (err instanceof SessionFileError && err.path) {
    for (const p of new Set([resolve(err.path), err.path])) message = message.split(p).join(basename(p));
  }
  // Whatever else names an absolute path (a file-system error passed through) keeps only its last part.
  return message.replace(/(^|[\s'"(=])(?:[A-Za-z]:)?[\\/](?:[^\s'"()\\/]+[\\/])+([^\s'"()\\/]+)/g, '$1$2');
}

// Every failure the session file can report, as one error class with a machine-readable kind and a
// one-line message: the CLI prints the message as is, the UI picks a dialog by kind.

export type SessionFileErrorKind =
  | 'missing' // no file at the path
  | 'exists' // create() refuses to overwrite
  | 'foreign' // not a SQLite file at all
  | 'not-session' // a SQLite file of some other application
  | 'newer-format' // written by a newer Backflow
  | 'migration-changed' // an applied migration's SQL differs from this build's
  | 'corrupt' // truncated or damaged
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
  const detail = err instanceof Error ? err.message : String(err);
  if (code.startsWith('SQLITE_FULL')) {
    return new SessionFileError('disk-full', `disk full while ${doing} ${path}; recording stopped, everything before is kept`, path, { cause: err });
  }
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB')) {
    return new SessionFileError('corrupt', `session file ${path} is damaged (${detail})`, path, { cause: err });
  }
  return new SessionFileError('io', `${doing} ${path} failed: ${detail}`, path, { cause: err });
}

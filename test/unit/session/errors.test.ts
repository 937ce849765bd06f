// What an API answer says about a failing session file: its name, never the folder it is in.
import { describe, expect, it } from 'vitest';
import { answerMessage, fileSystemError, SessionFileError, toSessionError } from '../../../electron/session/errors';

describe('answerMessage', () => {
  it('names a session file by its file name', () => {
    const e = new SessionFileError(
      'io',
      'opening /srv/incidents/2026/ro.backflow failed: disk I/O error',
      '/srv/incidents/2026/ro.backflow',
    );
    expect(answerMessage(e)).toBe('opening ro.backflow failed: disk I/O error');
  });

  it('cuts the folder off any other absolute path, and leaves URLs and relative names alone', () => {
    expect(answerMessage(new Error("EACCES: permission denied, open '/home/ops/x.backflow'"))).toBe(
      "EACCES: permission denied, open 'x.backflow'",
    );
    expect(answerMessage(new Error('C:\\Users\\ops\\x.backflow is locked'))).toBe('x.backflow is locked');
    expect(answerMessage(new Error('GET http://127.0.0.1:8081/jobs/overview failed'))).toBe(
      'GET http://127.0.0.1:8081/jobs/overview failed',
    );
    expect(answerMessage(new Error('rodir/wal.backflow: 3/4 subtasks'))).toBe('rodir/wal.backflow: 3/4 subtasks');
  });
});

describe('toSessionError', () => {
  const sqlite = (code: string, message: string) => Object.assign(new Error(message), { code });

  it('says read-only in words', () => {
    const e = toSessionError(
      sqlite('SQLITE_READONLY', 'attempt to write a readonly database'),
      'ro.backflow',
      'opening',
    ) as SessionFileError;
    expect(e.kind).toBe('read-only');
    expect(e.message).toBe('opening ro.backflow failed: the session file (or its folder) is read-only');
    const dir = toSessionError(
      sqlite('SQLITE_READONLY_DIRECTORY', 'attempt to write a readonly database'),
      'wal.backflow',
      'opening',
    ) as SessionFileError;
    expect(dir.kind).toBe('read-only');
    expect(dir.message).toMatch(/its folder is read-only/);
  });

  it('turns a file-system refusal into a session-file error', () => {
    const e = fileSystemError(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }), 'x.backflow')!;
    expect(e.kind).toBe('unreadable');
    expect(e.message).toBe('cannot read session file x.backflow: permission denied');
  });
});

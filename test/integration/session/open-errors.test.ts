import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import {
  closeSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionFileError, SessionReader, SessionWriter, type SessionFileErrorKind } from '../../../electron/session';
import { FORMAT_VERSION } from '../../../electron/session/schema';
import { frame, T0, tempDir, tickTs, vertexInfo } from './synthetic';

const fileHash = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');

function session(path: string, ticks = 40): void {
  const w = SessionWriter.create(path, { appVersion: 't' });
  const c = w.addCluster({
    url: 'http://127.0.0.1:8081',
    flinkVersion: '1.20.0',
    fetchIntervalMs: 10_000,
    pollIntervalMs: 10_000,
  });
  w.upsertJob({ clusterId: c, jobId: 'j', name: 'job' }, T0);
  w.upsertVertices(T0, [vertexInfo(c, 'j', 0, 64)]);
  for (let i = 0; i < ticks; i++) {
    w.writeTick({
      tick: {
        clusterId: c,
        ts: tickTs(i),
        status: 'ok',
        latencyMs: 5 as never,
        serverTs: null,
        fresh: true,
        requests: 3,
        error: null,
      },
      vertexFrames: [frame(c, 'j', 0, 64, i)],
    });
  }
  w.close();
}

/** Opening must fail with `kind` for reading and appending, leaving the directory byte-for-byte as it was. */
function expectRefused(dir: string, path: string, kind: SessionFileErrorKind, message: RegExp): void {
  const snapshot = (): string[] =>
    readdirSync(dir)
      .sort()
      .map((f) => `${f}:${fileHash(`${dir}/${f}`)}`);
  const before = snapshot();
  for (const open of [() => SessionReader.open(path), () => SessionWriter.openForAppend(path)]) {
    let err: unknown;
    try {
      open();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SessionFileError);
    expect((err as SessionFileError).kind).toBe(kind);
    expect((err as SessionFileError).message).toMatch(message);
    expect((err as SessionFileError).message).not.toContain('\n');
  }
  expect(snapshot()).toEqual(before);
}

describe('opening a file that is not a readable session', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  it('missing file', () => {
    expectRefused(tmp.dir, tmp.file('nope.backflow'), 'missing', /no session file at .*nope\.backflow/);
    expect(readdirSync(tmp.dir)).toEqual([]);
  });

  it('foreign files: text, empty, binary', () => {
    writeFileSync(tmp.file('a.txt'), 'hello, this is not a database at all\n'.repeat(10));
    expectRefused(tmp.dir, tmp.file('a.txt'), 'foreign', /not a SQLite file/);
    writeFileSync(tmp.file('empty'), '');
    expectRefused(tmp.dir, tmp.file('empty'), 'foreign', /not a SQLite file/);
    writeFileSync(
      tmp.file('b.png'),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(200).fill(7)]),
    );
    expectRefused(tmp.dir, tmp.file('b.png'), 'foreign', /not a SQLite file/);
  });

  it('a SQLite database of another application', () => {
    const other = new Database(tmp.file('other.db'));
    other.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('x');");
    other.close();
    expectRefused(tmp.dir, tmp.file('other.db'), 'not-session', /another application, not a Backflow session/);
  });

  it('a session from a newer Backflow', () => {
    const path = tmp.file('s.backflow');
    session(path, 2);
    const db = new Database(path);
    db.pragma(`user_version = ${FORMAT_VERSION + 1}`);
    db.close();
    expectRefused(
      tmp.dir,
      path,
      'newer-format',
      new RegExp(
        `written by a newer Backflow \\(format ${FORMAT_VERSION + 1}\\); this version reads up to ${FORMAT_VERSION}$`,
      ),
    );
  });

  it('a truncated session', () => {
    const path = tmp.file('s.backflow');
    session(path);
    truncateSync(path, Math.floor(statSync(path).size / 2));
    expectRefused(tmp.dir, path, 'corrupt', /damaged|truncated/);
    // Same for a file still in WAL mode: SQLite's -wal/-shm from the attempt must not stay behind.
    const wal = tmp.file('wal.backflow');
    session(wal);
    const db = new Database(wal);
    db.pragma('journal_mode = WAL');
    db.close();
    truncateSync(wal, Math.floor(statSync(wal).size / 2));
    expectRefused(tmp.dir, wal, 'corrupt', /damaged|truncated/);
    truncateSync(path, 60); // SQLite magic but not even a full header
    expectRefused(tmp.dir, path, 'corrupt', /truncated/);
  });

  it('a session with damaged pages', () => {
    const path = tmp.file('s.backflow');
    session(path);
    const size = statSync(path).size;
    const fd = openSync(path, 'r+');
    // Scribble over every page after the first few (b-tree pages of frames and indexes).
    for (let off = 4096 * 3 + 100; off < size; off += 4096) writeSync(fd, Buffer.alloc(300, 0xa5), 0, 300, off);
    closeSync(fd);
    expectRefused(tmp.dir, path, 'corrupt', /damaged/);
  });

  it('create refuses to overwrite an existing file', () => {
    const path = tmp.file('s.backflow');
    writeFileSync(path, 'precious');
    expect(() => SessionWriter.create(path, { appVersion: 't' })).toThrow(expect.objectContaining({ kind: 'exists' }));
    expect(readFileSync(path, 'utf8')).toBe('precious');
  });
});

describe('opening a session larger than a full check is worth (fullCheckBytes)', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());
  const big = { fullCheckBytes: 0 };

  it('opens a sound one, and still refuses a truncated one at open', () => {
    const path = tmp.file('s.backflow');
    session(path, 200);
    const r = SessionReader.open(path, big);
    expect(r.ticks({ from: T0, to: tickTs(200) })).toHaveLength(200);
    r.close();
    const size = statSync(path).size;
    truncateSync(path, size - 4096 * 3);
    expect(() => SessionReader.open(path, big)).toThrow(
      expect.objectContaining({ kind: 'corrupt', message: expect.stringMatching(/damaged|truncated/) }),
    );
  });

  it('refuses damage in any table but the per-tick ones at open', () => {
    const path = tmp.file('s.backflow');
    session(path, 200);
    const db = new Database(path, { readonly: true });
    const page = db
      .prepare("SELECT pageno FROM dbstat WHERE name = 'ticks' AND pagetype = 'leaf'")
      .pluck()
      .get() as number;
    db.close();
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(300, 0xa5), 0, 300, (page - 1) * 4096 + 8);
    closeSync(fd);
    expect(() => SessionReader.open(path, big)).toThrow(expect.objectContaining({ kind: 'corrupt' }));
  });

  it('reports a damaged frame page when its frames are read, naming the file, and reads the rest', () => {
    const path = tmp.file('s.backflow');
    session(path, 200);
    const db = new Database(path, { readonly: true });
    const pages = db
      .prepare("SELECT pageno FROM dbstat WHERE name = 'vertex_frames' AND pagetype = 'leaf' ORDER BY pageno")
      .pluck()
      .all() as number[];
    db.close();
    expect(pages.length).toBeGreaterThan(4);
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(300, 0xa5), 0, 300, (pages.at(-2)! - 1) * 4096 + 8);
    closeSync(fd);
    // The default (a small file is checked whole) refuses it; the long-session path opens it.
    expect(() => SessionReader.open(path)).toThrow(expect.objectContaining({ kind: 'corrupt' }));
    const r = SessionReader.open(path, big);
    try {
      expect(r.ticks({ from: T0, to: tickTs(200) })).toHaveLength(200);
      let err: unknown;
      try {
        r.vertexFrames(1, 'j', 'v00', { from: T0, to: tickTs(200) });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(SessionFileError);
      expect((err as SessionFileError).kind).toBe('corrupt');
      expect((err as SessionFileError).message).toContain(path);
    } finally {
      r.close();
    }
  });
});

// Bad session files through the real CLI (issue 16, item 6): every reading command (info, analyze,
// report, serve) says the same one line and exits with the same code (EXIT.sessionFile) for the
// same file, names what is wrong in words (read-only, permission denied, the damaged page) instead
// of SQLite's report header or a raw EACCES, and the served mode never answers with the file's path.
//
// Permissions mean nothing to root, so the cases that need them run the CLI as an unprivileged
// user (uid 65534) when the tests run as root; as any other user they run as that user.

import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  copyFileSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../electron/cli/exit-codes';
import { writeSession } from '../../e2e/fixtures/make-session';
import { cacheDir } from '../../fixtures/cache-dir';
import { buildCli } from '../../fixtures/recorder/cli';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;
/** Root can run a child as another user here (Node's spawn uid option); elsewhere the tests already are one. */
const canDropPrivileges = !isRoot || spawnSync(process.execPath, ['-e', ''], { uid: NOBODY, gid: NOBODY }).status === 0;

let base: string;
let cli: string;
let dir: string;
let good: string;

beforeAll(async () => {
  // Under node_modules so the bundle finds better-sqlite3; a stub UI beside it for `serve`.
  base = cacheDir('backflow-test-file-errors-');
  cli = (await buildCli(path.join(base, 'cli'))).script;
  mkdirSync(path.join(base, 'renderer', 'assets'), { recursive: true });
  writeFileSync(path.join(base, 'renderer', 'index.html'), '<!doctype html><title>ui</title>');
  dir = path.join(base, 'files');
  mkdirSync(dir);
  // Readable (not writable) for the unprivileged user, like any file of another user.
  for (const d of [base, path.dirname(cli), dir]) chmodSync(d, 0o755);
  good = path.join(dir, 'good.backflow');
  writeSession(good);
});
afterAll(() => {
  // Give back what the tests took away so the folder can be removed.
  spawnSync('chmod', ['-R', 'u+rwX', base]);
  rmSync(base, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function start(args: string[], unprivileged: boolean) {
  const child = spawn(process.execPath, [cli, ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(unprivileged && isRoot ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Run>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, done, stdout: () => stdout };
}

const run = (args: string[], unprivileged = false): Promise<Run> => start(args, unprivileged).done;

/** The commands that read a session file, each given `file`. */
const READERS: Array<[string, (file: string) => string[]]> = [
  ['info', (f) => ['info', f]],
  ['analyze', (f) => ['analyze', f, '--json']],
  ['report', (f) => ['report', f, '--out', path.join(dir, 'r.html')]],
  ['serve', (f) => ['serve', f]],
];

/** Every reading command: exit EXIT.sessionFile and the same single line naming the problem. */
async function expectSameRefusal(file: string, message: RegExp, unprivileged = false): Promise<string> {
  const lines = new Set<string>();
  for (const [name, args] of READERS) {
    const r = await run(args(file), unprivileged);
    expect(r.stdout, name).toBe('');
    expect(r.code, `${name}: ${r.stderr}`).toBe(EXIT.sessionFile);
    const out = r.stderr.split('\n').filter(Boolean);
    expect(out, name).toHaveLength(1);
    expect(out[0]!.startsWith(`backflow ${name}: `), out[0]).toBe(true);
    lines.add(out[0]!.slice(`backflow ${name}: `.length));
  }
  expect([...lines]).toHaveLength(1);
  const [line] = lines;
  expect(line).toMatch(message);
  return line!;
}

describe('the same bad file, the same line and exit code from info, analyze, report and serve', () => {
  it('a missing file', async () => {
    await expectSameRefusal('missing.backflow', /^no session file at missing\.backflow$/);
  });

  it('a folder', async () => {
    mkdirSync(path.join(dir, 'folder.backflow'), { recursive: true });
    await expectSameRefusal('folder.backflow', /^folder\.backflow is a folder, not a session file$/);
  });

  it('a SQLite database of another application', async () => {
    const db = new Database(path.join(dir, 'foreign.db'));
    db.exec('CREATE TABLE notes (body TEXT)');
    db.close();
    await expectSameRefusal(
      'foreign.db',
      /^foreign\.db is a SQLite database of another application, not a Backflow session$/,
    );
  });

  it('a truncated session', async () => {
    copyFileSync(good, path.join(dir, 'truncated.backflow'));
    truncateSync(path.join(dir, 'truncated.backflow'), Math.floor(statSync(good).size / 2));
    await expectSameRefusal('truncated.backflow', /^session file truncated\.backflow is damaged \(.+\)$/);
  });

  it('a damaged page: the line that says what is wrong, not the report header', async () => {
    const file = path.join(dir, 'page.backflow');
    copyFileSync(good, file);
    // Scribble over the header of one b-tree page: the file opens, PRAGMA quick_check finds it.
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.from([0xff, 0xff]), 0, 2, 4 * 4096 + 3);
    closeSync(fd);
    const line = await expectSameRefusal(
      'page.backflow',
      /^session file page\.backflow is damaged \(.*page \d+: .+\)$/i,
    );
    expect(line).not.toContain('***');
  });
});

describe.runIf(canDropPrivileges)('permissions (as an unprivileged user)', () => {
  it('an unreadable file is a session-file error, not a raw EACCES', async () => {
    const file = path.join(dir, 'unreadable.backflow');
    copyFileSync(good, file);
    chmodSync(file, 0o000);
    const line = await expectSameRefusal(
      'unreadable.backflow',
      /^cannot read session file unreadable\.backflow: permission denied$/,
      true,
    );
    expect(line).not.toContain('EACCES');
  });

  it('a write-ahead-logged file in a read-only folder says read-only, in words', async () => {
    const ro = path.join(dir, 'ro-folder');
    mkdirSync(ro);
    const file = path.join(ro, 'wal.backflow');
    copyFileSync(good, file);
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.close();
    chmodSync(ro, 0o555);
    await expectSameRefusal(
      'ro-folder/wal.backflow',
      /^opening ro-folder\/wal\.backflow failed: its folder is read-only, and SQLite must create files beside it; copy the session to a writable folder$/,
      true,
    );
  });

  it('serve of a read-only file: reading works, saving a note is refused naming the file, never its folder', async () => {
    const file = path.join(dir, 'ro.backflow');
    copyFileSync(good, file);
    chmodSync(file, 0o444);
    const served = start(['serve', file], true);
    try {
      const t0 = Date.now();
      let m: RegExpExecArray | null = null;
      while (!(m = /Open (http:\/\/127\.0\.0\.1:\d+\/)#token=([\w-]+)/.exec(served.stdout()))) {
        if (Date.now() - t0 > 15_000) throw new Error(`serve did not start: ${served.stdout()}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const [, url, token] = m;
      const call = (method: string, params: unknown) =>
        fetch(`${url}api/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-backflow-token': token! },
          body: JSON.stringify(params),
        });
      expect((await call('sessionInfo', {})).status).toBe(200);
      const res = await call('addAnnotation', {
        start: 1_764_000_060_000,
        end: null,
        text: 'x',
        tag: null,
        clusterId: null,
        jobId: null,
        vertexId: null,
      });
      const body = (await res.json()) as { error: string };
      expect(res.status).toBe(409);
      expect(body.error).toBe(
        'annotations cannot be saved: opening ro.backflow failed: the session file (or its folder) is read-only',
      );
      expect(body.error).not.toContain(dir);
    } finally {
      served.child.kill('SIGINT');
      expect((await served.done).code).toBe(EXIT.ok);
    }
  }, 30_000);
});

describe('the exit-code table', () => {
  it('usage mistakes exit 2, a good file 0', async () => {
    expect((await run(['info'])).code).toBe(EXIT.usage);
    expect((await run(['info', good, '--bogus'])).code).toBe(EXIT.usage);
    expect((await run(['serve'])).code).toBe(EXIT.usage);
    expect((await run(['info', good])).code).toBe(EXIT.ok);
  });

  it('is the one the README documents', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    for (const [name, code] of Object.entries(EXIT))
      expect(readme, name).toMatch(new RegExp(`^\\| \`${code}\` \\|`, 'm'));
  });
});

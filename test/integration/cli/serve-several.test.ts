// `backflow serve A B` through the real CLI: one URL for both sessions, listed in the order given,
// compared in the bundled worker; a bad file among them is the same one line and exit code as for
// `backflow info`; more than 8 files is a usage error.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EXIT } from '../../../electron/cli/exit-codes';
import type { SessionListEntry } from '../../../shared/api';
import type { CompareDocument } from '../../../shared/compare/document';
import { cacheDir } from '../../fixtures/cache-dir';
import { buildCli, runCli, startCli, type BuiltCli } from '../../fixtures/recorder/cli';
import { writeSession } from '../../e2e/fixtures/make-session';

let base: string;
let cli: BuiltCli;
let dir: string;

beforeAll(async () => {
  // A stub UI beside the bundle (it serves ../renderer of its folder).
  base = cacheDir('backflow-test-serve-several-');
  cli = await buildCli(path.join(base, 'cli'), { worker: true });
  mkdirSync(path.join(base, 'renderer', 'assets'), { recursive: true });
  writeFileSync(path.join(base, 'renderer', 'index.html'), '<!doctype html><title>ui</title>');
  dir = path.join(base, 'files');
  mkdirSync(dir);
  writeSession(path.join(dir, 'before.backflow'));
  writeSession(path.join(dir, 'after.backflow'));
}, 60_000);
afterAll(() => rmSync(base, { recursive: true, force: true }));

it('serves two files behind one printed URL and lists both sessions', async () => {
  const run = startCli(cli, ['serve', 'before.backflow', 'after.backflow'], dir);
  try {
    const t0 = Date.now();
    let m: RegExpExecArray | null;
    while (!(m = /Open (http:\/\/127\.0\.0\.1:\d+\/)#token=([\w-]+)/.exec(run.stdout()))) {
      if (Date.now() - t0 > 15_000) throw new Error(`serve did not start: ${run.stdout()} ${run.stderr()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(run.stdout()).toContain('Serving 2 sessions: before.backflow, after.backflow');
    expect(run.stdout().match(/Open http/g)).toHaveLength(1);
    const res = await fetch(`${m[1]}api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-backflow-token': m[2]! },
      body: '{}',
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { sessions: SessionListEntry[] };
    expect(body.sessions.map((s) => `${s.handle} ${s.fileName}`)).toEqual(['s1 before.backflow', 's2 after.backflow']);
    // The comparison runs in the bundled worker: the same document as `backflow compare --json`.
    const post = (method: string, params: unknown) =>
      fetch(`${m![1]}api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-backflow-token': m![2]! },
        body: JSON.stringify(params),
      });
    const compared = await post('compare', { a: 's1', b: 's2', align: 'start' });
    expect(compared.status).toBe(200);
    const doc = (await compared.json()) as CompareDocument;
    const printed = await runCli(cli, ['compare', 'before.backflow', 'after.backflow', '--json'], dir);
    const expected = JSON.parse(printed.stdout) as CompareDocument;
    expect(doc).toEqual(expected);
    expect((await post('compare', { a: 's1', b: 's5' })).status).toBe(404);
  } finally {
    run.child.kill('SIGINT');
    expect((await run.done).code).toBe(EXIT.ok);
  }
});

it('refuses a bad file among several with the same line and exit code as info', async () => {
  const info = await runCli(cli, ['info', 'missing.backflow'], dir);
  const serve = await runCli(cli, ['serve', 'before.backflow', 'missing.backflow'], dir);
  expect(serve.code).toBe(EXIT.sessionFile);
  expect(serve.code).toBe(info.code);
  expect(serve.stdout).toBe('');
  expect(serve.stderr).toBe(info.stderr.replace('backflow info:', 'backflow serve:'));
  expect(serve.stderr).toBe('backflow serve: no session file at missing.backflow\n');
});

it('takes at most 8 files', async () => {
  const r = await runCli(cli, ['serve', ...Array.from({ length: 9 }, () => 'before.backflow')], dir);
  expect(r.code).toBe(EXIT.usage);
  expect(r.stderr).toContain('serve takes at most 8 session files, got 9');
});

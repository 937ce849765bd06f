// The built `backflow` CLI as a user meets it: help lists the commands, and every mistake on the
// record command line is one line on stderr naming the problem, with exit code 2, before anything
// is written or any cluster contacted.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, runCli, type BuiltCli } from '../../fixtures/recorder/cli';
import { TempDir } from '../../fixtures/recorder/harness';

let cli: BuiltCli;
let tmp: TempDir;
beforeAll(async () => {
  cli = await buildCli();
  tmp = new TempDir();
});
afterAll(() => {
  cli.remove();
  tmp.remove();
});

// Nothing listens on port 9 (discard) on loopback; no case may get as far as connecting.
const URL_OK = 'http://127.0.0.1:9';

describe('backflow --help', () => {
  it('lists every command with its summary and exits 0', async () => {
    const r = await runCli(cli, ['--help'], tmp.path);
    expect(r.code).toBe(0);
    for (const name of ['record', 'demo', 'info', 'analyze', 'report', 'serve', 'simulate'])
      expect(r.stdout).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
  });

  it('shows the record options for record --help', async () => {
    const r = await runCli(cli, ['record', '--help'], tmp.path);
    expect(r.code).toBe(0);
    for (const flag of [
      '--out',
      '--interval',
      '--duration',
      '--job',
      '--detail',
      '--basic-user',
      '--bearer-env',
      '--ca',
      '--insecure',
    ])
      expect(r.stdout).toContain(flag);
  });

  it('names the commands for an unknown one, exit 2', async () => {
    const r = await runCli(cli, ['recrod'], tmp.path);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'backflow: unknown command "recrod" (commands: record, demo, import, info, analyze, compare, report, serve, simulate)\n',
    );
  });
});

describe('backflow record with bad input', () => {
  const existing = () => path.join(tmp.path, 'existing.backflow');
  const cases: Array<[string, () => string[], RegExp]> = [
    ['no URL', () => ['--out', 'a.backflow'], /^backflow record: give at least one cluster URL/],
    ['no --out', () => [URL_OK], /^backflow record: --out FILE is required$/],
    [
      'an unparseable --interval',
      () => [URL_OK, '--out', 'a.backflow', '--interval', 'soon'],
      /^backflow record: --interval: invalid duration "soon"/,
    ],
    [
      'an --interval under 1s',
      () => [URL_OK, '--out', 'a.backflow', '--interval', '0.5'],
      /^backflow record: --interval must be at least 1s$/,
    ],
    [
      'an unknown --detail',
      () => [URL_OK, '--out', 'a.backflow', '--detail', 'some'],
      /^backflow record: --detail must be one of all, hot, none \(got "some"\)$/,
    ],
    [
      'credentials in the URL',
      () => ['http://admin:hunter22@127.0.0.1:9', '--out', 'a.backflow'],
      /^backflow record: put no credentials in the URL: use --basic-user/,
    ],
    [
      'an --out that exists',
      () => [URL_OK, '--out', existing()],
      /already exists; choose another --out \(sessions are never overwritten\)$/,
    ],
    [
      'not a URL',
      () => ['jobmanager 8081', '--out', 'a.backflow'],
      /^backflow record: "jobmanager 8081" is not a URL: expected http\(s\):\/\/host:port\[\/prefix\]$/,
    ],
    [
      'an unknown option',
      () => [URL_OK, '--out', 'a.backflow', '--intervall', '5s'],
      /^backflow record: unknown option --intervall/,
    ],
    [
      'a CA file that is not there',
      () => ['https://127.0.0.1:9', '--out', 'a.backflow', '--ca', 'nope.pem'],
      /^backflow record: cannot read CA file nope\.pem: ENOENT$/,
    ],
    [
      'a URL without a scheme',
      () => ['jobmanager:8081', '--out', 'a.backflow'],
      /^backflow record: invalid Flink URL scheme "jobmanager:": use http:\/\/ or https:\/\/$/,
    ],
  ];

  it.each(cases)('%s: one line, exit 2, no file', async (_name, args, message) => {
    writeFileSync(existing(), 'keep me');
    const r = await runCli(cli, ['record', ...args()], tmp.path);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    // The password never echoes back.
    expect(r.stderr).not.toContain('hunter22');
    // Nothing was created, and an existing file was not touched.
    expect(() => readFileSync(path.join(tmp.path, 'a.backflow'))).toThrow();
    expect(readFileSync(existing(), 'utf8')).toBe('keep me');
  });
});

describe('reading commands with a bad file', () => {
  it.each([
    ['info', ['info', 'missing.backflow'], 'backflow info: no session file at missing.backflow'],
    ['analyze', ['analyze', 'missing.backflow', '--json'], 'backflow analyze: no session file at missing.backflow'],
    [
      'info of a non-session',
      ['info', 'existing.backflow'],
      'backflow info: existing.backflow is not a Backflow session (not a SQLite file)',
    ],
  ])('%s: one line, exit 3 (a session-file error)', async (_name, args, message) => {
    writeFileSync(path.join(tmp.path, 'existing.backflow'), 'keep me');
    const r = await runCli(cli, args, tmp.path);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(`${message}\n`);
  });
});

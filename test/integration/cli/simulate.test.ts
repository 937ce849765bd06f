// `backflow simulate` as a user runs it: a bad scenario or a busy port is one line and a non-zero
// exit; a good run prints the URL of a cluster that answers Flink's REST API and stops on Ctrl-C.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildCli, runCli, startCli, type BuiltCli } from '../../fixtures/recorder/cli';
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

it('rejects an unknown scenario with one line naming the valid ones, exit 2', async () => {
  const r = await runCli(cli, ['simulate', '--scenario', 'meltdown', '--port', '0'], tmp.path);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n').filter(Boolean);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^backflow simulate: unknown scenario "meltdown"; choose one of .*\bincident\b.*\blarge\b/);
});

it('says the port is in use, in one line, exit ≠ 0', async () => {
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as AddressInfo).port;
  try {
    const r = await runCli(cli, ['simulate', '--port', String(port)], tmp.path);
    expect(r.code).not.toBe(0);
    expect(r.code).not.toBeNull();
    expect(r.stderr).toBe(`backflow simulate: port ${port} is already in use\n`);
  } finally {
    await new Promise((resolve) => blocker.close(resolve));
  }
});

it('serves a cluster at the printed URL and stops cleanly on SIGINT', async () => {
  const run = startCli(cli, ['simulate', '--port', '0', '--scenario', 'healthy'], tmp.path);
  let url = '';
  const deadline = Date.now() + 15_000;
  while (!url && Date.now() < deadline && run.child.exitCode === null) {
    await new Promise((r) => setTimeout(r, 50));
    url = run.stdout().split('\n')[0] ?? '';
  }
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const overview = (await (await fetch(`${url}/jobs/overview`)).json()) as { jobs: Array<{ state: string }> };
  expect(overview.jobs.map((j) => j.state)).toContain('RUNNING');
  run.child.kill('SIGINT');
  const r = await run.done;
  expect(r.code).toBe(0);
});

// The analysis process never outlives the process that started it: when its parent dies, even by
// SIGKILL (no chance to end its child), the IPC channel closes and the built worker entry exits.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ANALYSIS_PROCESS_ROLE } from '../../../electron/service/analysis-host';
import { goneWithin, isAlive } from '../../fixtures/pids';
import { buildCli, type BuiltCli } from '../../fixtures/recorder/cli';

let cli: BuiltCli;
beforeAll(async () => {
  // In the project's cache folder, where the bundle's packages (better-sqlite3) resolve.
  cli = await buildCli(undefined, { worker: true });
}, 60_000);
afterAll(() => cli?.remove());

it('exits when its parent is killed', async () => {
  const entry = path.join(path.dirname(cli.script), 'analysis-worker.mjs');
  // A parent that forks the analysis process as analysis-host.ts does and prints its pid once it is ready.
  const parent = spawn(
    process.execPath,
    [
      '-e',
      `const { fork } = require('node:child_process');
const c = fork(${JSON.stringify(entry)}, [${JSON.stringify(ANALYSIS_PROCESS_ROLE)}], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
c.on('message', (m) => { if (m.ready) console.log(c.pid); });`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const pid = await new Promise<number>((resolve, reject) => {
    parent.stdout!.on('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    parent.once('exit', (code) => reject(new Error(`the parent exited (${code}) before its child was ready`)));
  });
  expect(isAlive(pid)).toBe(true);
  parent.kill('SIGKILL');
  expect(await goneWithin(pid, 10_000)).toBe(true);
}, 30_000);

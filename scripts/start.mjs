// `npm start`: the desktop app, its binary fetched on first use. Where Electron cannot start (the
// binary could not be fetched, or there is no display), say so in one line and serve the same UI
// in the browser instead, with the built-in demo cluster recording live.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureElectronBinary, installedBinary } from './electron-binary.mjs';
import { chooseLaunch, hasDisplay } from './launch-choice.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

const electronDir = path.dirname(require.resolve('electron/package.json'));
// Fetched only where a window can open: no 100 MB download for a headless box.
const electron = hasDisplay(process.platform, process.env)
  ? await ensureElectronBinary({ electronDir, env: process.env, log: (line) => console.log(line) })
  : { binary: installedBinary(electronDir) };
const launch = chooseLaunch({
  electronBinary: electron.binary,
  platform: process.platform,
  env: process.env,
  missingBecause: electron.reason,
});
if (launch.mode === 'electron') {
  const child = spawn(launch.binary, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const dir = path.join(homedir(), '.backflow', 'sessions');
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const out = path.join(dir, `demo-${stamp}.backflow`);
  console.log(
    `Electron cannot start here (${launch.reason}): serving the Backflow UI in the browser instead, recording the demo cluster into ${out}`,
  );
  const child = spawn(
    process.execPath,
    [
      path.join(root, 'bin', 'backflow.mjs'),
      'demo',
      '--serve',
      '--speed',
      '5',
      '--duration',
      '24h',
      '--out',
      out,
      ...process.argv.slice(2),
    ],
    {
      stdio: 'inherit',
    },
  );
  process.on('SIGINT', () => child.kill('SIGINT'));
  child.on('exit', (code) => process.exit(code ?? 0));
}

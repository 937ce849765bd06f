// Builds everything `npm start`, the CLI and the e2e tests run:
//   out/cli/backflow.mjs   the CLI (plain Node 20, ESM)
//   out/cli/analysis-worker.mjs  the worker thread entry: the query worker the served mode and the
//                          desktop app start for heavy calls, and the analysis runs it starts
//   out/main/main.cjs      the Electron main process (CJS)
//   out/preload/preload.cjs  the sandboxed preload (must be CJS)
//   out/renderer/          the Svelte UI (vite)
// Native and runtime dependencies stay external (better-sqlite3 must be loaded from node_modules).
import { build } from 'esbuild';
import { existsSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { readFileSync } from 'node:fs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const quiet = process.argv.includes('--quiet');
const started = Date.now();

const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const common = {
  define: { __BACKFLOW_VERSION__: JSON.stringify(pkg.version) },
  bundle: true,
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
};

rmSync('out', { recursive: true, force: true });
await build({
  ...common,
  entryPoints: { backflow: 'electron/cli/main.ts' },
  outdir: 'out/cli',
  format: 'esm',
  outExtension: { '.js': '.mjs' },
});
// The worker thread entry (electron/service/analysis-worker.ts), found next to the CLI bundle, or
// from out/main/ in out/cli/, by electron/service/analysis-worker-path.ts.
await build({
  ...common,
  entryPoints: { 'analysis-worker': 'electron/service/analysis-worker.ts' },
  outdir: 'out/cli',
  format: 'esm',
  outExtension: { '.js': '.mjs' },
});

if (existsSync('electron/main.ts')) {
  await build({
    ...common,
    entryPoints: { main: 'electron/main.ts' },
    outdir: 'out/main',
    format: 'cjs',
    // CommonJS has no import.meta: the service finds the worker entry from this module's URL.
    define: { ...common.define, 'import.meta.url': '__backflowModuleUrl' },
    banner: { js: "const __backflowModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
    outExtension: { '.js': '.cjs' },
  });
  await build({
    ...common,
    entryPoints: { preload: 'electron/preload.ts' },
    outdir: 'out/preload',
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
  });
}

if (existsSync('renderer/vite.config.ts')) {
  const vite = spawnSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'],
    { stdio: 'inherit' },
  );
  if (vite.status !== 0) {
    console.error('build: renderer (vite) failed');
    process.exit(vite.status ?? 1);
  }
}
if (!quiet) console.log(`build: out/ ready in ${Date.now() - started} ms`);

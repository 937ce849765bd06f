// `npm run bench`: bundles every test/bench/*.bench.ts with esbuild and runs them one after the
// other (never in parallel: these machines have 2 cores and the numbers must not compete).
// Each benchmark prints its own numbers and ratios; `npm run bench -- NAME` runs only the ones
// whose file name contains NAME.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const filter = process.argv[2] ?? '';
const files = readdirSync('test/bench')
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .sort();
if (files.length === 0) {
  console.error(`bench: no test/bench/*.bench.ts matches "${filter}"`);
  process.exit(2);
}
let failed = 0;
for (const f of files) {
  const outfile = path.join('out', 'bench', f.replace(/\.ts$/, '.mjs'));
  await build({
    entryPoints: [path.join('test/bench', f)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    define: { __BACKFLOW_VERSION__: '"bench"' },
    logLevel: 'warning',
  });
  console.log(`\n## ${f}`);
  const r = spawnSync(process.execPath, ['--expose-gc', outfile], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.log(`## ${f}: exit ${r.status ?? r.signal}`);
  }
}
process.exit(failed ? 1 : 0);

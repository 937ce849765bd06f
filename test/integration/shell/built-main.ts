// Bundles electron/main.ts exactly as scripts/build.mjs does (CJS, packages external) into
// test-results/, so tests start the real main.cjs recorder-thread branch as a worker under plain
// Node — fresh from source, independent of whatever out/ currently holds.
import { build } from 'esbuild';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../..');

export async function buildMain(): Promise<string> {
  const outfile = path.join(ROOT, 'test-results', 'shell', `main-${process.pid}.cjs`);
  await build({
    entryPoints: [path.join(ROOT, 'electron', 'main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    packages: 'external',
    format: 'cjs',
    define: { __BACKFLOW_VERSION__: '"test"' },
    logLevel: 'error',
  });
  return outfile;
}

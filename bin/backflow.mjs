#!/usr/bin/env node
// The `backflow` command. The CLI is built into out/ by `npm install` (prepare) or `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../out/cli/backflow.mjs', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('backflow: the CLI is not built yet; run `npm run build` in the Backflow folder first');
  process.exit(1);
}
await import(entry.href);

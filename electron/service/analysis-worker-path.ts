// Where the bundled worker entry (analysis worker and query worker, analysis-worker.ts) is, seen
// from the running module: next to it in out/cli/ (the CLI and served mode), or in out/cli/
// beside another bundle (out/bench/, out/main/: scripts/build.mjs gives that CommonJS bundle an
// import.meta.url).
// From TypeScript source (vitest, Playwright's loader) there is no worker bundle to trust — a
// stale build could answer differently from the source under test — so this returns null and
// the heavy calls and the analysis run in-thread.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function analysisWorkerPath(moduleUrl: string = import.meta.url): string | null {
  let here: string;
  try {
    here = fileURLToPath(moduleUrl);
  } catch {
    return null;
  }
  if (/\.[cm]?ts$/.test(here)) return null;
  const dir = path.dirname(here);
  for (const candidate of [path.join(dir, 'analysis-worker.mjs'), path.join(dir, '..', 'cli', 'analysis-worker.mjs')]) {
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

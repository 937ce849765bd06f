// The query worker runs with a small young generation (QUERY_WORKER_LIMITS): its answers are
// short-lived garbage, and V8's default 48 MB young generation per thread shows in the served
// process' RSS (1 h `large`, the whole UI bench run: peak 309–315 MB → 255–268 MB).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { QUERY_WORKER_LIMITS } from '../../../electron/service/query-client';
import { createService } from '../../../electron/service/service';
import { SessionReader } from '../../../electron/session/reader';
import { writeSession } from '../../e2e/fixtures/make-session';

let dir: string;
let reader: SessionReader;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'backflow-query-limits-'));
  const file = path.join(dir, 's.backflow');
  writeSession(file);
  reader = SessionReader.open(file);
});

afterAll(() => {
  reader.close();
  rmSync(dir, { recursive: true, force: true });
});

it('starts the query worker with a young generation of at most 8 MB', async () => {
  // A stand-in worker entry that answers every call with the limits it runs under.
  const worker = path.join(dir, 'limits.mjs');
  writeFileSync(
    worker,
    `import { parentPort, resourceLimits } from 'node:worker_threads';
parentPort.on('message', (m) => { if (!('close' in m)) parentPort.postMessage({ id: m.id, text: JSON.stringify(resourceLimits) }); });
parentPort.postMessage({ ready: true });
`,
  );
  const service = createService(reader, { worker, log: () => {} });
  try {
    const limits = JSON.parse(await service.answer('annotations', {})) as { maxYoungGenerationSizeMb: number };
    expect(limits.maxYoungGenerationSizeMb).toBe(QUERY_WORKER_LIMITS.maxYoungGenerationSizeMb);
    expect(limits.maxYoungGenerationSizeMb).toBeLessThanOrEqual(8);
  } finally {
    service.close();
  }
});

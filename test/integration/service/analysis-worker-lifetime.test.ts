// The analysis worker holds its session's analyser (the input read so far, decoded runs, carried
// window stats): kept between runs while the session is recorded, so each run reads only what
// the file gained; ended after the run of a finished session, so its memory goes with it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ANALYSIS_WORKER_LIMITS, workerRunner, type AnalysisOutcome } from '../../../electron/service/analysis-runner';

let dir: string;
let worker: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'backflow-analysis-lifetime-'));
  // A stand-in worker entry that answers every run with the thread it runs on.
  worker = path.join(dir, 'thread.mjs');
  writeFileSync(
    worker,
    `import { parentPort, resourceLimits, threadId } from 'node:worker_threads';
parentPort.on('message', (m) => parentPort.postMessage({ id: m.id, outcome: { doc: { threadId, resourceLimits }, lanes: [] } }));
`,
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const thread = (o: AnalysisOutcome): number => (o.doc as unknown as { threadId: number }).threadId;

it('keeps the worker between the runs of a live session', async () => {
  const runner = workerRunner(path.join(dir, 's.backflow'), worker, () => true);
  try {
    const a = thread(await runner.run(undefined));
    const b = thread(await runner.run(undefined));
    expect(b).toBe(a);
  } finally {
    runner.close();
  }
});

it('ends the worker after the run of a finished session', async () => {
  const runner = workerRunner(path.join(dir, 's.backflow'), worker, () => false);
  try {
    const a = thread(await runner.run(undefined));
    const b = thread(await runner.run(undefined));
    expect(b).not.toBe(a);
  } finally {
    runner.close();
  }
});

it('runs the analysis with a small young generation (ANALYSIS_WORKER_LIMITS)', async () => {
  const runner = workerRunner(path.join(dir, 's.backflow'), worker);
  try {
    const doc = (await runner.run(undefined)).doc as unknown as {
      resourceLimits: { maxYoungGenerationSizeMb: number };
    };
    expect(doc.resourceLimits.maxYoungGenerationSizeMb).toBe(ANALYSIS_WORKER_LIMITS.maxYoungGenerationSizeMb);
    expect(doc.resourceLimits.maxYoungGenerationSizeMb).toBeLessThanOrEqual(16);
  } finally {
    runner.close();
  }
});

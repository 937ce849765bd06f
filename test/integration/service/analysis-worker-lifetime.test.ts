// The session's analysis runs in a child process (or a thread, when no process can start) that
// holds its session's analyser (the input read so far, decoded runs, carried window stats): kept
// between runs while the session is recorded, so each run reads only what the file gained; ended
// after the run of a finished session, so its memory goes with it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  ANALYSIS_PROCESS_ARGS,
  ANALYSIS_PROCESS_ROLE,
  ANALYSIS_WORKER_LIMITS,
  workerRunner,
} from '../../../electron/service/analysis-host';
import type { AnalysisOutcome } from '../../../electron/service/analysis-runner';
import { goneWithin, isAlive } from '../../fixtures/pids';

let dir: string;
let entry: string;
let noProcess: string;
let dies: string;
let hangs: string;

/** Where a run was answered: which process and thread, with which V8 settings. */
interface Where {
  pid: number;
  threadId: number;
  execArgv: string[];
  maxYoungGenerationSizeMb: number | null;
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'backflow-analysis-lifetime-'));
  // Stand-in worker entries that answer every run with where they run, as the real one speaks:
  // as the analysis process (ready, then answers) or as a thread.
  const answer = `const where = { pid: process.pid, threadId, execArgv: process.execArgv, maxYoungGenerationSizeMb: resourceLimits.maxYoungGenerationSizeMb ?? null };
const reply = (m) => ({ id: m.id, outcome: { doc: where, lanes: [] } });`;
  entry = path.join(dir, 'entry.mjs');
  writeFileSync(
    entry,
    `import { parentPort, resourceLimits, threadId } from 'node:worker_threads';
${answer}
if (process.argv.includes('${ANALYSIS_PROCESS_ROLE}')) {
  process.on('disconnect', () => process.exit(0));
  process.on('message', (m) => process.send(reply(m)));
  process.send({ ready: true });
} else parentPort.on('message', (m) => parentPort.postMessage(reply(m)));
`,
  );
  // One whose process mode fails while it loads (as a bundle the child's Node cannot load would).
  noProcess = path.join(dir, 'no-process.mjs');
  writeFileSync(
    noProcess,
    `import { parentPort, resourceLimits, threadId } from 'node:worker_threads';
${answer}
if (process.argv.includes('${ANALYSIS_PROCESS_ROLE}')) throw new Error('cannot load here');
parentPort.on('message', (m) => parentPort.postMessage(reply(m)));
`,
  );
  // One whose process never says it is ready.
  hangs = path.join(dir, 'hangs.mjs');
  writeFileSync(
    hangs,
    `import { parentPort, resourceLimits, threadId } from 'node:worker_threads';
${answer}
if (process.argv.includes('${ANALYSIS_PROCESS_ROLE}')) setInterval(() => {}, 1000);
else parentPort.on('message', (m) => parentPort.postMessage(reply(m)));
`,
  );
  // One that dies in the middle of a run, after it said it was ready.
  dies = path.join(dir, 'dies.mjs');
  writeFileSync(
    dies,
    `process.on('message', () => process.exit(7));
process.send({ ready: true });
`,
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const where = (o: AnalysisOutcome): Where => o.doc as unknown as Where;
it('runs in a child process of its own, with a small young generation, kept between the runs of a live session', async () => {
  const runner = workerRunner(path.join(dir, 's.backflow'), entry, { live: () => true });
  try {
    const a = where(await runner.run(undefined));
    const b = where(await runner.run(undefined));
    expect(a.pid).not.toBe(process.pid);
    expect(b.pid).toBe(a.pid);
    expect(a.execArgv).toEqual(ANALYSIS_PROCESS_ARGS);
    expect(ANALYSIS_PROCESS_ARGS).toEqual(['--max-semi-space-size=2']);
    expect(isAlive(a.pid)).toBe(true);
    runner.close();
    // Closing the session ends its analysis process.
    expect(await goneWithin(a.pid, 5000)).toBe(true);
  } finally {
    runner.close();
  }
});

it('ends the process after the run of a finished session: the next run starts a fresh one', async () => {
  const runner = workerRunner(path.join(dir, 's.backflow'), entry, { live: () => false });
  try {
    const a = where(await runner.run(undefined));
    expect(await goneWithin(a.pid, 5000)).toBe(true);
    const b = where(await runner.run(undefined));
    expect(b.pid).not.toBe(a.pid);
  } finally {
    runner.close();
  }
});

it('analyses in a worker thread, with a small young generation, when no process can start, and says so once', async () => {
  const said: string[] = [];
  const runner = workerRunner(path.join(dir, 's.backflow'), noProcess, { log: (l) => said.push(l) });
  try {
    const [a, b] = await Promise.all([runner.run(undefined), runner.run(7)]);
    const c = await runner.run(undefined);
    for (const w of [a, b, c].map(where)) {
      expect(w.pid).toBe(process.pid);
      expect(w.threadId).not.toBe(0);
      expect(w.maxYoungGenerationSizeMb).toBe(ANALYSIS_WORKER_LIMITS.maxYoungGenerationSizeMb);
    }
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(
      /^backflow: the analysis process could not start \(analysis process exited \(1\)\); analysing in a worker thread$/,
    );
  } finally {
    runner.close();
  }
});

it('a process that does not start in time is ended, and the analysis goes to a thread', async () => {
  const said: string[] = [];
  const runner = workerRunner(path.join(dir, 's.backflow'), hangs, { log: (l) => said.push(l), startMs: 500 });
  try {
    const w = where(await runner.run(undefined));
    expect(w.pid).toBe(process.pid);
    expect(said).toEqual([
      'backflow: the analysis process could not start (analysis process did not start within 0.5 s); analysing in a worker thread',
    ]);
  } finally {
    runner.close();
  }
});

it('a process that dies during a run fails that run with why, and the next run starts a new one', async () => {
  const runner = workerRunner(path.join(dir, 's.backflow'), dies);
  try {
    await expect(runner.run(undefined)).rejects.toThrow('analysis process exited (7)');
    await expect(runner.run(undefined)).rejects.toThrow('analysis process exited (7)');
  } finally {
    runner.close();
  }
});

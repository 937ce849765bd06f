// Comparing two sessions off the thread that answers the calls: in an analysis process of the
// built worker entry, which gives the same document as comparing here and ends with its answer;
// in a worker thread, said once, when no process can start.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { compareOffThread, type CompareWorkerData } from '../../../electron/service/compare-run';
import { compareFiles } from '../../../electron/report/compare-sessions';
import { SessionReader } from '../../../electron/session/reader';
import { ApiRefusedError } from '../../../shared/api';
import { writeSession } from '../../e2e/fixtures/make-session';
import { buildCli, type BuiltCli } from '../../fixtures/recorder/cli';

let cli: BuiltCli;
let dir: string;
let entry: string;
beforeAll(async () => {
  // In the project's cache folder, where the bundle's packages (better-sqlite3) resolve.
  cli = await buildCli(undefined, { worker: true });
  dir = path.dirname(cli.script);
  entry = path.join(dir, 'analysis-worker.mjs');
  writeSession(path.join(dir, 'before.backflow'));
  writeSession(path.join(dir, 'after.backflow'));
}, 60_000);
afterAll(() => cli?.remove());

const data = (): CompareWorkerData => ({
  role: 'compare',
  a: { path: path.join(dir, 'before.backflow'), label: 'before.backflow' },
  b: { path: path.join(dir, 'after.backflow'), label: 'after.backflow' },
  mode: 'start',
});

function here(d: CompareWorkerData) {
  const a = SessionReader.open(d.a.path);
  const b = SessionReader.open(d.b.path);
  try {
    return compareFiles(
      { label: d.a.label, reader: a, asked: null },
      { label: d.b.label, reader: b, asked: null },
      { mode: d.mode },
    );
  } finally {
    a.close();
    b.close();
  }
}

it('compares in an analysis process: the same document as here, nothing said', async () => {
  const said: string[] = [];
  const doc = await compareOffThread(
    entry,
    data(),
    () => here(data()),
    (l) => said.push(l),
  );
  expect(doc).toEqual(here(data()));
  expect(doc.jobs.length).toBeGreaterThan(0);
  expect(said).toEqual([]);
});

it('a comparison that cannot be made is refused with its reason, from the process too', async () => {
  const d = { ...data(), b: { path: path.join(dir, 'missing.backflow'), label: 'missing.backflow' } };
  await expect(
    compareOffThread(
      entry,
      d,
      () => here(d),
      () => {},
    ),
  ).rejects.toThrow(/missing\.backflow/);
});

it('compares in a worker thread when no process starts, and says so', async () => {
  // A stand-in entry that cannot load as a process and answers as a thread.
  const stand = path.join(dir, 'thread-only.mjs');
  writeFileSync(
    stand,
    `import { parentPort } from 'node:worker_threads';
if (process.argv.includes('--backflow-analysis-process')) process.exit(3);
parentPort.postMessage({ ok: false, refused: true, message: 'answered in a thread' });
`,
  );
  const said: string[] = [];
  const run = compareOffThread(
    stand,
    data(),
    () => here(data()),
    (l) => said.push(l),
  );
  await expect(run).rejects.toThrow(ApiRefusedError);
  await expect(run).rejects.toThrow('answered in a thread');
  expect(said).toEqual([
    'backflow: the compare process could not start (the compare process stopped (3)); comparing in a worker thread',
  ]);
});

// `backflow analyze --json | jq`: a document larger than a pipe's buffer arrives whole (the CLI
// must not exit before its output has been written).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildCli, type BuiltCli } from '../../fixtures/recorder/cli';
import { startSim, steppedRecording, TempDir } from '../../fixtures/recorder/harness';

let cli: BuiltCli;
let tmp: TempDir;
beforeAll(async () => {
  cli = await buildCli();
  tmp = new TempDir();
}, 60_000);
afterAll(() => {
  cli.remove();
  tmp.remove();
});

it('prints the whole JSON document into a pipe, even past 64 KiB', async () => {
  const sim = await startSim({ scenario: 'checkpoint-spikes' });
  const file = path.join(tmp.path, 'spikes.backflow');
  const rec = steppedRecording({ file, targets: [{ url: sim.url }], models: [sim.model] });
  for (let i = 0; i < 60; i++) await rec.step();
  rec.finish().close();
  await sim.close();
  // A shell pipe whose reader starts late, like `| jq` (the pipe buffer fills meanwhile).
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(
      'sh',
      ['-c', 'node "$0" analyze "$1" --json | (sleep 0.5; cat)', cli.script, file],
      { maxBuffer: 64 << 20 },
      (err, out) => (err ? reject(err) : resolve(out)),
    ),
  );
  // Big enough to overflow one pipe buffer, so the test means something.
  expect(stdout.length).toBeGreaterThan(65_536);
  const doc = JSON.parse(stdout) as { episodes: unknown[] };
  expect(doc.episodes.length).toBeGreaterThan(0);
});

// What was captured, as the CLI tells it: `info` lists each piece of evidence, `analyze --json`
// gives each episode its `evidence` (kind, ts, vertexName, subtasks, type), and `--evidence`
// takes only on or off.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { analyzeCommand } from '../../../electron/cli/commands/analyze';
import { infoCommand } from '../../../electron/cli/commands/info';
import { evidenceFlag } from '../../../electron/cli/commands/record';
import { createSimulation } from '../../../electron/simulator/model/index';
import type { SimulatedCluster } from '../../../electron/simulator/index';
import type { AnalysisDocument } from '../../../shared/analysis/document';
import { captureIo } from '../../fixtures/cli-io';
import { startSim, steppedRecording, T0, TempDir } from '../../fixtures/recorder/harness';

let tmp: TempDir;
let sim: SimulatedCluster;
let file: string;
beforeAll(async () => {
  tmp = new TempDir();
  const model = createSimulation({ scenario: 'data-skew', seed: 7, startTime: T0 });
  sim = await startSim({ scenario: 'data-skew', model });
  file = tmp.file('evidence.backflow');
  const rec = steppedRecording({ file, targets: [{ url: sim.url }], models: [model] });
  for (let i = 0; i < 32; i++) await rec.step();
  rec.finish().close();
}, 60_000);
afterAll(async () => {
  await sim.close();
  tmp.remove();
});

async function run(cmd: typeof infoCommand, argv: string[]): Promise<string[]> {
  const { io, out } = captureIo();
  expect(await cmd.run(argv, io)).toBe(0);
  return out;
}

it('info lists each captured flame graph and thread dump', async () => {
  const all = await run(infoCommand, [file]);
  const lines = all.filter((l) => l.trim().startsWith('evidence '));
  expect(lines.filter((l) => / flamegraph (ON|OFF)_CPU of "Window\(.*\(subtask 2\): captured, /.test(l))).toHaveLength(
    2,
  );
  expect(lines.some((l) => / thread-dump of "Window\(.*\(subtasks? [\d,]+, TaskManager .+\): captured, /.test(l))).toBe(
    true,
  );
});

it('analyze --json gives the skewed window episode its evidence', async () => {
  const doc = JSON.parse((await run(analyzeCommand, [file, '--json'])).join('\n')) as AnalysisDocument;
  const withEvidence = doc.episodes.filter((e) => (e.evidence ?? []).length > 0);
  expect(withEvidence.length).toBeGreaterThanOrEqual(1);
  const ev = withEvidence[0]!.evidence!;
  expect(ev.filter((e) => e.kind === 'flamegraph').map((e) => [e.type, e.subtasks])).toEqual([
    ['ON_CPU', [2]],
    ['OFF_CPU', [2]],
  ]);
  expect(ev.every((e) => e.vertexName?.startsWith('Window(') && e.ts >= withEvidence[0]!.start)).toBe(true);
  expect(doc.episodes.every((e) => Array.isArray(e.evidence))).toBe(true);
});

it('--evidence takes on or off', () => {
  expect(evidenceFlag(undefined)).toBe(true);
  expect(evidenceFlag('off')).toBe(false);
  expect(() => evidenceFlag('no')).toThrow(/--evidence must be on or off/);
});

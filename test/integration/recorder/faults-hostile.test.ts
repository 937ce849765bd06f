// Job and operator names are user code's strings: markup, 10 kB names, unicode, emoji and control
// characters must come back from the session file exactly as the JobManager sent them.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createSimulation } from '../../../electron/simulator/model/index';
import type { SimJob, SimulatedCluster } from '../../../electron/simulator/index';
import { allTicks, startSim, steppedRecording, T0, TempDir } from '../../fixtures/recorder/harness';

const MARKUP = '<img src=x onerror=alert(1)>';
const HOSTILE_JOB = `${MARKUP} "orders" & 'payments' — 注文 📦🔥`;
const HOSTILE_OPERATORS = [
  `Source: ${MARKUP}<script>alert("x")</script>`,
  `Map: ${'ünïcødé-名前-'.repeat(2)}${'x'.repeat(10 * 1024)}`,
  'Filter: emoji 👩‍👩‍👧‍👦🏳️‍🌈 and RTL \u202Eevil\u202C text',
  'Sink: line\nbreak\ttab "quotes" \\backslash\\ %s %n ${x} \u0000nul',
];

let tmp: TempDir;
let sim: SimulatedCluster;
beforeEach(() => {
  tmp = new TempDir();
});
afterEach(async () => {
  await sim.close();
  tmp.remove();
});

/** Gives the job and every vertex a hostile name (cycling through the list), in place. */
function renameHostile(job: SimJob): Map<string, string> {
  const names = new Map<string, string>();
  job.name = HOSTILE_JOB;
  job.vertices.forEach((v, i) => {
    const op = HOSTILE_OPERATORS[i % HOSTILE_OPERATORS.length]!;
    v.operators = [op, `${op} (2nd operator)`];
    v.name = v.operators.join(' -> ');
    names.set(v.id, v.name);
  });
  return names;
}

it('round-trips hostile job and vertex names unchanged through record and read', async () => {
  const model = createSimulation({ scenario: 'sustained-bottleneck', seed: 7, startTime: T0 });
  const job = model.jobs[0]!;
  expect(job.vertices.length).toBeGreaterThanOrEqual(HOSTILE_OPERATORS.length);
  const names = renameHostile(job);
  sim = await startSim({ model });
  const rec = steppedRecording({
    file: tmp.file('hostile.backflow'),
    targets: [{ url: sim.url }],
    models: [model],
    detail: 'all',
  });
  for (let i = 0; i < 3; i++) await rec.step();
  const reader = rec.finish();

  expect(allTicks(reader).map((t) => t.status)).toEqual(['ok', 'ok', 'ok']);
  expect(reader.jobs().map((j) => j.name)).toEqual([HOSTILE_JOB]);
  const stored = new Map(reader.vertices().map((v) => [v.vertexId, v.name]));
  expect(stored).toEqual(names);
  expect([...stored.values()].some((n) => n.length > 10 * 1024)).toBe(true);
  // The names did not cost any data: every vertex has its frames.
  const frames = reader.stateAt(allTicks(reader)[2]!.ts);
  expect(frames).toHaveLength(job.vertices.length);
  reader.close();
});

it('keeps an error tick naming a vertex with a line break on one line', async () => {
  const model = createSimulation({ scenario: 'sustained-bottleneck', seed: 7, startTime: T0 });
  const job = model.jobs[0]!;
  renameHostile(job);
  const vertex = job.vertices.find((v) => v.name.includes('\n'))!;
  sim = await startSim({ model });
  const rec = steppedRecording({
    file: tmp.file('hostile-error.backflow'),
    targets: [{ url: sim.url }],
    models: [model],
  });
  await rec.step();
  sim.injectFault({
    kind: 'status',
    status: 503,
    pathPrefix: `/jobs/${job.jobId}/vertices/${vertex.id}/subtasks/metrics`,
  });
  await rec.step();
  const reader = rec.finish();
  const tick = allTicks(reader)[1];
  reader.close();
  expect(tick!.status).toBe('partial');
  expect(tick!.error).toContain('Sink: line break tab');
  expect(tick!.error).toContain('server answered status 503');
  // Status lines and logs print the reason as one line.
  expect(tick!.error).not.toMatch(/[\r\n]/);
  expect(tick!.error).not.toContain('\u0000');
});

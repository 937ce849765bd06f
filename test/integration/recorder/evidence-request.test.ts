// A user's "Capture now" as the recorder takes it, against the simulator over HTTP: it waits for
// the capture in flight (one sampling per cluster), then captures the asked vertex itself (asking
// where its subtasks run when it was not polled per subtask, for its thread dumps); a
// cluster too old for evidence, or a recording with --evidence off, refuses it and says why.
import { afterAll, expect, it } from 'vitest';
import { createSimulation } from '../../../electron/simulator/model/index';
import type { SimulatedVersion } from '../../../electron/simulator/index';
import { SessionReader } from '../../../electron/session/index';
import { startSim, steppedRecording, T0, TempDir } from '../../fixtures/recorder/harness';

const dirs: TempDir[] = [];
afterAll(() => dirs.splice(0).forEach((d) => d.remove()));

async function recording(scenario: string, flinkVersion: SimulatedVersion = '1.20', evidence = true) {
  const model = createSimulation({ scenario, seed: 7, startTime: T0 });
  const cluster = await startSim({ scenario, model, flinkVersion });
  const dir = new TempDir();
  dirs.push(dir);
  const rec = steppedRecording({
    file: dir.file('request.backflow'),
    targets: [{ url: cluster.url }],
    models: [model],
    evidence,
  });
  const vertexId = (key: string) => model.jobs[0]!.vertices.find((v) => v.name.includes(key))!.id;
  const jobId = model.jobs[0]!.jobId;
  return { rec, cluster, vertexId, jobId };
}

it('waits for the capture in flight, then captures the asked vertex itself', async () => {
  const { rec, cluster, vertexId, jobId } = await recording('sustained-bottleneck');
  try {
    // The enrichment's episode turns sustained: its thread dumps are taken while its flame graphs sample.
    const dumped = () => {
      const reader = SessionReader.open(rec.file);
      try {
        return reader.evidence().some((e) => e.kind === 'thread-dump');
      } finally {
        reader.close();
      }
    };
    for (let steps = 0; !dumped() && steps < 20; steps++) await rec.step();
    const answer = rec.recorder.requestEvidence({ clusterId: 1, jobId, vertexId: vertexId('Sink') });
    expect(answer).toEqual({
      accepted: true,
      message: 'flame graphs and thread dumps will be captured once the capture in flight is done',
    });
    for (let i = 0; i < 4; i++) await rec.step();
    const reader = rec.finish();
    try {
      const flames = reader.evidence().filter((e) => e.kind === 'flamegraph');
      expect(flames.map((e) => [e.vertexId, e.type])).toEqual([
        [vertexId('Enrich'), 'ON_CPU'],
        [vertexId('Enrich'), 'OFF_CPU'],
        [vertexId('Sink'), 'ON_CPU'],
        [vertexId('Sink'), 'OFF_CPU'],
      ]);
      // One sampling at a time: the asked vertex's graphs come after the automatic ones.
      expect(flames[2]!.ts).toBeGreaterThan(flames[1]!.ts);
      // Not polled per subtask (detail hot): where its subtasks run is asked for its thread dumps.
      expect(reader.evidence().some((e) => e.kind === 'thread-dump' && e.vertexId === vertexId('Sink'))).toBe(true);
    } finally {
      reader.close();
    }
  } finally {
    await cluster.close();
  }
});

it('refuses on Flink 1.12 and with --evidence off, saying why', async () => {
  const old = await recording('healthy', '1.12');
  const off = await recording('healthy', '1.20', false);
  try {
    for (const r of [old, off]) await r.rec.step();
    const ask = (r: typeof old) =>
      r.rec.recorder.requestEvidence({ clusterId: 1, jobId: r.jobId, vertexId: r.vertexId('Sink') });
    expect(ask(old)).toEqual({
      accepted: false,
      message: expect.stringMatching(/^not available: Flink 1\.12\.\d+ has no flame graphs or thread dumps/),
    });
    expect(ask(off)).toEqual({
      accepted: false,
      message: 'evidence capture is off for this recording (--evidence off)',
    });
    expect(old.rec.recorder.requestEvidence({ clusterId: 9, jobId: old.jobId, vertexId: 'x' }).message).toBe(
      'cluster 9 is not recorded here',
    );
  } finally {
    for (const r of [old, off]) {
      r.rec.finish().close();
      await r.cluster.close();
    }
  }
});

// Evidence end to end: a sustained episode leads to exactly one capture of the bottleneck (an
// on-CPU and an off-CPU flame graph, thread dumps of its TaskManagers) stored with its tree; a
// cluster without flame graphs says so once; a sampling that never finishes, or a flame graph
// endpoint that hangs, never stalls a tick.
import { afterAll, expect, it } from 'vitest';
import type { SimulatedCluster } from '../../../electron/simulator/index';
import { createSimulation } from '../../../electron/simulator/model/index';
import type { FlameGraph, FlameNode, ThreadDump } from '../../../shared/evidence';
import { allTicks, startSim, steppedRecording, T0, TempDir, type SimOptions } from '../../fixtures/recorder/harness';

const dirs: TempDir[] = [];
afterAll(() => dirs.splice(0).forEach((d) => d.remove()));

const names = (n: FlameNode): string[] => [n.name, ...n.children.flatMap(names)];

async function record(
  steps: number,
  sim: SimOptions & { scenario: string },
  onStep?: (i: number, c: SimulatedCluster) => void,
) {
  const model = createSimulation({ scenario: sim.scenario, seed: 7, startTime: T0 });
  const cluster = await startSim({ ...sim, model });
  const dir = new TempDir();
  dirs.push(dir);
  const rec = steppedRecording({
    file: dir.file('evidence.backflow'),
    targets: [{ url: cluster.url }],
    models: [model],
  });
  const latencies: number[] = [];
  for (let i = 0; i < steps; i++) {
    onStep?.(i, cluster);
    const t = performance.now();
    await rec.step();
    latencies.push(performance.now() - t);
  }
  await cluster.close();
  const vertexId = (key: string) => model.jobs[0]!.vertices.find((v) => v.name.includes(key))!.id;
  return { reader: rec.finish(), notices: rec.notices, latencies, vertexId };
}

it('a sustained bottleneck is captured once: two flame graphs and thread dumps, stored with their data', async () => {
  const { reader, vertexId } = await record(30, { scenario: 'sustained-bottleneck' });
  try {
    const ev = reader.evidence();
    const enrich = vertexId('Enrich');
    const flames = ev.filter((e) => e.kind === 'flamegraph');
    const dumps = ev.filter((e) => e.kind === 'thread-dump');
    expect(flames.map((e) => [e.type, e.status, e.vertexId, e.subtasks])).toEqual([
      ['ON_CPU', 'captured', enrich, null],
      ['OFF_CPU', 'captured', enrich, null],
    ]);
    expect(dumps.length).toBeGreaterThanOrEqual(1);
    expect(dumps.every((e) => e.status === 'captured' && e.vertexId === enrich && e.taskManagerId)).toBe(true);
    // Thread dumps while the sampling runs, the flame graphs a tick later.
    expect(Math.max(...dumps.map((e) => e.ts))).toBeLessThan(flames[0]!.ts);
    const on = reader.evidenceData(flames[0]!.id) as FlameGraph;
    expect(on.root.value).toBeGreaterThan(0);
    expect(names(on.root).some((n) => n.startsWith('com.example.pipeline.'))).toBe(true);
    // The bottleneck is busy all the time: hardly off-CPU; its upstream tasks wait for buffers.
    const off = reader.evidenceData(flames[1]!.id) as FlameGraph;
    expect(off.root.value).toBeLessThan(on.root.value / 10);
    const dump = reader.evidenceData(dumps[0]!.id) as ThreadDump;
    expect(dump.threads.some((t) => t.name.includes('Enrich') && /#\d+$/.test(t.name))).toBe(true);
    const waiting = dump.threads.filter((t) => t.text.includes('LocalBufferPool.requestMemorySegmentBlocking'));
    expect(waiting.map((t) => [t.name.startsWith('Source'), t.state])).toContainEqual([true, 'TIMED_WAITING']);
    // Every tick was written; the capture took few requests.
    console.log(
      `evidence: ${ev.length} rows, blobs ${ev.map((e) => e.bytes).join('/')} bytes, ticks ${allTicks(reader).length}`,
    );
  } finally {
    reader.close();
  }
});

it('a skewed window on 1.20 is sampled at its busiest subtask', async () => {
  const { reader, vertexId } = await record(30, { scenario: 'data-skew' });
  try {
    const flames = reader.evidence().filter((e) => e.kind === 'flamegraph');
    expect(flames.map((e) => [e.vertexId, e.subtasks, e.status])).toEqual([
      [vertexId('Window'), [2], 'captured'],
      [vertexId('Window'), [2], 'captured'],
    ]);
    const on = reader.evidenceData(flames[0]!.id) as FlameGraph;
    expect(on.root.value).toBeLessThanOrEqual(100);
    expect(names(on.root)).toContain('com.example.pipeline.OrderAggregateFunction.add:52');
  } finally {
    reader.close();
  }
});

it('flame graphs disabled: recorded once as not available, naming rest.flamegraph.enabled; thread dumps still taken', async () => {
  const { reader, notices } = await record(40, { scenario: 'data-skew', flameGraphs: { enabled: false } });
  try {
    const ev = reader.evidence();
    const na = ev.filter((e) => e.status === 'not-available');
    expect(na).toHaveLength(1);
    expect(na[0]!.note).toMatch(/^not available: .*rest\.flamegraph\.enabled/);
    expect(ev.filter((e) => e.kind === 'flamegraph')).toHaveLength(1);
    expect(ev.some((e) => e.kind === 'thread-dump' && e.status === 'captured')).toBe(true);
    expect(notices.filter((n) => n.includes('rest.flamegraph.enabled'))).toHaveLength(1);
  } finally {
    reader.close();
  }
});

it('Flink 1.12: nothing fetched, recorded once as not available', async () => {
  const { reader } = await record(30, { scenario: 'sustained-bottleneck', flinkVersion: '1.12' });
  try {
    const ev = reader.evidence();
    expect(ev.map((e) => [e.kind, e.status, e.bytes])).toEqual([['flamegraph', 'not-available', 0]]);
    expect(ev[0]!.note).toMatch(/1\.12\.7 .*rest\.flamegraph\.enabled/);
  } finally {
    reader.close();
  }
});

it('a sampling that never finishes is polled once per tick, then given up; ticks go on', async () => {
  const { reader } = await record(40, {
    scenario: 'sustained-bottleneck',
    flameGraphs: { enabled: true, samplingMs: Infinity },
  });
  try {
    const flames = reader.evidence().filter((e) => e.kind === 'flamegraph');
    expect(flames.map((e) => [e.type, e.status])).toEqual([
      ['ON_CPU', 'incomplete'],
      ['OFF_CPU', 'incomplete'],
    ]);
    expect(flames[0]!.note).toMatch(/no answer after 12 polls/);
    expect(allTicks(reader)).toHaveLength(40);
  } finally {
    reader.close();
  }
});

it('a hanging flame graph endpoint never holds a tick past its request deadline', async () => {
  const { reader, latencies } = await record(36, { scenario: 'sustained-bottleneck' }, (i, c) => {
    const job = c.model.jobs[0]!;
    const enrich = job.vertices.find((v) => v.name.includes('Enrich'))!.id;
    // The first three flame graph requests hang for a minute; FAST connections give up after 2 s.
    if (i === 0)
      c.injectFault({
        kind: 'delay',
        ms: 60_000,
        pathPrefix: `/jobs/${job.jobId}/vertices/${enrich}/flamegraph`,
        times: 3,
      });
  });
  try {
    expect(allTicks(reader)).toHaveLength(36);
    expect(Math.max(...latencies)).toBeLessThan(4_000);
    expect(latencies.filter((l) => l > 1_500)).toHaveLength(3);
    // Asked again on later ticks, the capture still completes.
    const flames = reader.evidence().filter((e) => e.kind === 'flamegraph');
    expect(flames.map((e) => e.status)).toEqual(['captured', 'captured']);
  } finally {
    reader.close();
  }
});

it('a TaskManager gone by the time its thread dump is asked is recorded as such; the flame graphs and the ticks go on', async () => {
  // From the step before the episode turns sustained on, every thread dump answers Flink's 404.
  const { reader, vertexId } = await record(30, { scenario: 'sustained-bottleneck' }, (i, c) => {
    if (i === 10)
      c.injectFault({
        kind: 'status',
        status: 404,
        pathPrefix: '/taskmanagers/',
        body: JSON.stringify({ errors: ['TaskManager not found.'] }),
      });
  });
  try {
    const ev = reader.evidence();
    const dumps = ev.filter((e) => e.kind === 'thread-dump');
    expect(dumps.length).toBeGreaterThanOrEqual(1);
    for (const d of dumps) {
      expect(d.status).toBe('failed');
      expect(d.note).toBe(`TaskManager ${d.taskManagerId} is gone`);
      expect(d.bytes).toBe(0);
    }
    // The flame graphs of the same capture were still taken, and no tick was lost.
    const flames = ev.filter((e) => e.kind === 'flamegraph');
    expect(flames.map((e) => [e.type, e.status, e.vertexId])).toEqual([
      ['ON_CPU', 'captured', vertexId('Enrich')],
      ['OFF_CPU', 'captured', vertexId('Enrich')],
    ]);
    expect(allTicks(reader)).toHaveLength(30);
  } finally {
    reader.close();
  }
});

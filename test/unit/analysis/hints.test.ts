import { describe, expect, it } from 'vitest';
import { analyzeSession } from '../../../shared/analysis/analyze';
import { causeHints, type HintContext, type VertexEvidence } from '../../../shared/analysis/hints';
import type { WindowStats } from '../../../shared/analysis/window-stats';
import { epochMs } from '../../../shared/time';
import { chain, cluster, edge, JOB, pattern, rows, session, STEP, T0, vertex } from './fixtures';

const f = (xs: number[]): Float64Array => Float64Array.from(xs);

function stats(p: number, over: Partial<WindowStats> = {}): WindowStats {
  const nan = new Array<number>(p).fill(NaN);
  return {
    samples: 6,
    parallelism: p,
    bpShare: 0,
    meanRatio: 0,
    affected: new Uint8Array(p),
    ratioBySubtask: f(nan),
    busyBySubtask: f(nan),
    idleBySubtask: f(nan),
    busyMax: NaN,
    outPoolMax: NaN,
    outPoolHighShare: NaN,
    inPoolMax: NaN,
    inPoolBySubtask: f(nan),
    outPoolBySubtask: f(nan),
    floatingBySubtask: f(nan),
    exclusiveBySubtask: f(nan),
    bytesOutPerSec: NaN,
    recordsOutPerSec: NaN,
    recordsInPerSec: NaN,
    remoteBytes: NaN,
    remoteBuffers: NaN,
    ...over,
  };
}
const ev = (vertexId: string, st: WindowStats): VertexEvidence => ({ vertexId, name: vertexId, stats: st });
const busy = (xs: number[]) => ({ busyBySubtask: f(xs), busyMax: Math.max(...xs) });

function ctx(over: Partial<HintContext> = {}): HintContext {
  return {
    bottleneck: null,
    networkEdges: [],
    gc: { taskManagers: [], windows: [] },
    start: 0,
    end: 60_000,
    backpressured: [],
    bottleneckBusy: null,
    checkpoints: [],
    inPoolCaveat: false,
    catchUp: null,
    ...over,
  };
}
const kinds = (c: HintContext) => causeHints(c).map((h) => h.kind);

describe('skew vs overloaded operator', () => {
  it('one busy subtask of four is skew, citing it', () => {
    const hints = causeHints(ctx({ bottleneck: ev('agg', stats(4, busy([0.98, 0.2, 0.25, 0.1]))) }));
    expect(hints.map((h) => h.kind)).toEqual(['skew']);
    expect(hints[0]!.evidence).toMatchObject({ busySubtasks: [0], busyMax: 0.98, busyMedianOthers: 0.2 });
    expect(hints[0]!.text).toContain('subtask 0 of 4');
  });
  it('all subtasks busy is an overloaded operator', () => {
    const hints = causeHints(ctx({ bottleneck: ev('agg', stats(4, busy([0.98, 0.93, 0.95, 0.91]))) }));
    expect(hints.map((h) => h.kind)).toEqual(['overloaded']);
    expect(hints[0]!.evidence).toMatchObject({ busyMin: 0.91 });
  });
  it('stays silent when busy time is not reported', () => {
    expect(kinds(ctx({ bottleneck: ev('agg', stats(4)) }))).toEqual([]);
  });
});

describe('network and credit round-trip', () => {
  const sender = (bytesOutPerSec: number, outPoolHighShare = 0.9) =>
    ev('map', stats(2, { outPoolMax: 0.97, outPoolHighShare, bytesOutPerSec }));
  const receiver = (inPoolMax: number, b: number) => ev('sink', stats(2, { inPoolMax, ...busy([b, b]) }));

  it('fires the network hint when the sender is full and the receivers are empty and idle', () => {
    const hints = causeHints(ctx({ networkEdges: [{ sender: sender(400e6), receivers: [receiver(0.05, 0.1)] }] }));
    expect(hints.map((h) => h.kind)).toEqual(['network']);
    expect(hints[0]!.evidence).toMatchObject({
      senderOutPoolUsage: 0.97,
      receiversInPoolUsageMax: 0.05,
      receiversBusyMax: 0.1,
    });
  });
  it('adds the credit round-trip hint when throughput is also low', () => {
    const hints = causeHints(ctx({ networkEdges: [{ sender: sender(2e6), receivers: [receiver(0.05, 0.1)] }] }));
    expect(hints.map((h) => h.kind)).toEqual(['network', 'credit-roundtrip']);
    expect(hints[1]!.evidence).toMatchObject({ bytesOutPerSecPerSubtask: 1e6 });
    expect(hints[1]!.text).toContain('buffers-per-channel');
  });
  it('stays silent when the receiver input pool is filling up', () => {
    expect(kinds(ctx({ networkEdges: [{ sender: sender(2e6), receivers: [receiver(0.8, 0.1)] }] }))).toEqual([]);
  });
  it('stays silent when the sender output pool is rarely full', () => {
    expect(kinds(ctx({ networkEdges: [{ sender: sender(2e6, 0.1), receivers: [receiver(0.05, 0.1)] }] }))).toEqual([]);
  });
  it('stays silent when throughput is unknown (credit) but still reports network', () => {
    expect(kinds(ctx({ networkEdges: [{ sender: sender(NaN), receivers: [receiver(0.05, 0.1)] }] }))).toEqual([
      'network',
    ]);
  });
});

describe('input channels', () => {
  const b = (floating: number[], exclusive: number[]) =>
    ev('agg', stats(2, { floatingBySubtask: f(floating), exclusiveBySubtask: f(exclusive) }));
  it('floating full, exclusive low: only some channels', () => {
    const h = causeHints(ctx({ bottleneck: b([0.99, 0.4], [0.1, 0.1]) }));
    expect(h.map((x) => x.kind)).toEqual(['input-channels']);
    expect(h[0]!.evidence).toMatchObject({ subtask: 0, channels: 'some', inputFloatingBuffersUsage: 0.99 });
  });
  it('floating and exclusive full: most or all channels', () => {
    const h = causeHints(ctx({ bottleneck: b([0.95, 0.96], [0.3, 0.9]) }));
    expect(h[0]!.evidence).toMatchObject({ subtask: 1, channels: 'most-or-all' });
  });
  it('stays silent when floating buffers are not exhausted', () => {
    expect(kinds(ctx({ bottleneck: b([0.5, 0.6], [0.9, 0.9]) }))).toEqual([]);
  });
});

describe('buffer fill, GC, checkpoint alignment, ≤ 1.8 caveat, catch-up', () => {
  it('low remote buffer fill suggests a larger buffer timeout', () => {
    const h = causeHints(ctx({ bottleneck: ev('agg', stats(1, { remoteBytes: 4096 * 1000, remoteBuffers: 1000 })) }));
    expect(h.map((x) => x.kind)).toEqual(['buffer-fill']);
    expect(h[0]!.evidence).toMatchObject({ meanBytesPerBuffer: 4096 });
    expect(h[0]!.text).toContain('buffer-timeout');
  });
  it('full remote buffers or too few of them say nothing', () => {
    expect(
      kinds(ctx({ bottleneck: ev('agg', stats(1, { remoteBytes: 30_000 * 1000, remoteBuffers: 1000 })) })),
    ).toEqual([]);
    expect(kinds(ctx({ bottleneck: ev('agg', stats(1, { remoteBytes: 100 * 10, remoteBuffers: 10 })) }))).toEqual([]);
  });
  it('GC only with windows; alignment only when long enough', () => {
    const gcWin = {
      clusterId: 1,
      taskManagerId: 'tm-1',
      start: 0 as never,
      end: 10_000 as never,
      gcTimeMs: 4000,
      gcCount: 2,
      collector: 'G1 Old Generation',
    };
    expect(kinds(ctx({ gc: { taskManagers: ['tm-1'], windows: [gcWin] } }))).toEqual(['gc']);
    const cp = (alignmentMs: number | null) => ({
      clusterId: 1,
      jobId: 'j',
      id: 3,
      status: 'COMPLETED' as const,
      isSavepoint: false,
      triggerTs: 0 as never,
      endTs: 1 as never,
      checkpointedSize: null,
      stateSize: null,
      alignmentMs,
      failureMessage: null,
    });
    expect(kinds(ctx({ checkpoints: [cp(5000)] }))).toEqual(['checkpoint-alignment']);
    expect(kinds(ctx({ checkpoints: [cp(20), cp(null)] }))).toEqual([]);
  });
  it('the ≤ 1.8 inPoolUsage caveat needs an old cluster and inPoolUsage in the evidence', () => {
    const withInPool = ev('agg', stats(1, { inPoolMax: 1 }));
    expect(kinds(ctx({ bottleneck: withInPool, inPoolCaveat: true }))).toEqual(['inpool-caveat']);
    expect(kinds(ctx({ bottleneck: withInPool, inPoolCaveat: false }))).toEqual([]);
    expect(kinds(ctx({ bottleneck: ev('agg', stats(1)), inPoolCaveat: true }))).toEqual([]);
  });
  it('catch-up after a restart', () => {
    expect(kinds(ctx({ catchUp: { kind: 'restart', msBefore: 5000 } }))).toEqual(['catch-up']);
  });
});

describe('ranking: hints that explain more of the episode come first', () => {
  const cp = (id: number, triggerTs: number, endTs: number, alignmentMs: number) => ({
    clusterId: 1,
    jobId: 'j',
    id,
    status: 'COMPLETED' as const,
    isSavepoint: false,
    triggerTs: triggerTs as never,
    endTs: endTs as never,
    checkpointedSize: null,
    stateSize: null,
    alignmentMs,
    failureMessage: null,
  });
  const gcWin = (start: number, end: number) => ({
    clusterId: 1,
    taskManagerId: 'tm-1',
    start: start as never,
    end: end as never,
    gcTimeMs: 2800,
    gcCount: 1,
    collector: 'G1 Old Generation',
  });
  const lowFill = (over: Partial<WindowStats> = {}) =>
    ev('agg', stats(4, { remoteBytes: 4096 * 1000, remoteBuffers: 1000, ...over }));

  it('a checkpoint alignment covering the episode goes before a buffer-timeout tuning remark, which explains none of it', () => {
    const hints = causeHints(ctx({ bottleneck: lowFill(), checkpoints: [cp(7, 0, 60_000, 6500)] }));
    expect(hints.map((h) => [h.kind, h.explains])).toEqual([
      ['checkpoint-alignment', 1],
      ['buffer-fill', 0],
    ]);
  });

  it('measures the share of the backpressured time, not of the window', () => {
    // Backpressured 0–10 s and 20–30 s; the checkpoint 5–25 s covers half of that time.
    const hints = causeHints(
      ctx({
        end: 30_000,
        backpressured: [
          [0, 10_000],
          [20_000, 30_000],
        ],
        checkpoints: [cp(7, 5000, 25_000, 6500)],
      }),
    );
    expect(hints[0]).toMatchObject({ kind: 'checkpoint-alignment', explains: 0.5 });
  });

  it('a busy bottleneck ranks against GC by the time each covers', () => {
    const skewed = lowFill(busy([0.98, 0.2, 0.25, 0.1]));
    const gc = { taskManagers: ['tm-1'], windows: [gcWin(0, 18_000)] };
    const mostlyBusy = causeHints(ctx({ bottleneck: skewed, gc, bottleneckBusy: [[0, 60_000]] }));
    expect(mostlyBusy.map((h) => [h.kind, h.explains])).toEqual([
      ['skew', 1],
      ['gc', 0.3],
      ['buffer-fill', 0],
    ]);
    const brieflyBusy = causeHints(ctx({ bottleneck: skewed, gc, bottleneckBusy: [[50_000, 56_000]] }));
    expect(brieflyBusy.map((h) => [h.kind, h.explains])).toEqual([
      ['gc', 0.3],
      ['skew', 0.1],
      ['buffer-fill', 0],
    ]);
  });

  it('network hints explain the share with the sender output pool full; catch-up the part within its window after the restart', () => {
    const sender = ev('map', stats(2, { outPoolMax: 0.97, outPoolHighShare: 0.6, bytesOutPerSec: 400e6 }));
    const receiver = ev('sink', stats(2, { inPoolMax: 0.05, ...busy([0.1, 0.1]) }));
    // A ten-minute episode starting 30 s after a restart: catch-up covers its first 90 s.
    const hints = causeHints(
      ctx({
        end: 600_000,
        networkEdges: [{ sender, receivers: [receiver] }],
        catchUp: { kind: 'restart', msBefore: 30_000 },
      }),
    );
    expect(hints.map((h) => [h.kind, h.explains])).toEqual([
      ['network', 0.6],
      ['catch-up', 0.15],
    ]);
  });

  it('caveats explain nothing and come last', () => {
    const hints = causeHints(
      ctx({
        bottleneck: ev('agg', stats(1, { inPoolMax: 1 })),
        inPoolCaveat: true,
        checkpoints: [cp(7, 0, 6000, 5000)],
      }),
    );
    expect(hints.map((h) => [h.kind, h.explains])).toEqual([
      ['checkpoint-alignment', 0.1],
      ['inpool-caveat', 0],
    ]);
  });
});

describe('hints end to end', () => {
  it('an episode explained by checkpoint alignment lists that hint before the buffer-timeout remark', () => {
    // src backpressured in intervals 2–3 while agg, not busy, aligns checkpoint 3 (issue 10).
    const checkpoint = {
      clusterId: 1,
      jobId: JOB,
      id: 3,
      status: 'COMPLETED' as const,
      isSavepoint: false,
      triggerTs: epochMs(T0 + 2 * STEP),
      endTs: epochMs(T0 + 4 * STEP),
      checkpointedSize: null,
      stateSize: null,
      alignmentMs: 6500,
      failureMessage: null,
    };
    // agg receives remote buffers only 4 KiB full: the buffer-fill remark fires too.
    const remote = (r: number, p: number) => ({
      numBuffersInRemote: new Array<number>(p).fill(1000 * (r + 1)),
      numBytesInRemote: new Array<number>(p).fill(4096 * 1000 * (r + 1)),
    });
    const e = analyzeSession(
      session({
        vertices: [vertex('src', 2, 0), vertex('agg', 2, 1, 'Agg')],
        edges: [edge('src', 'agg')],
        frames: [
          ...chain('src', { bp: pattern('..HH....', 2), busy: rows(8, [0.05, 0.05]) }),
          ...chain('agg', { bp: rows(8, [0, 0]), busy: rows(8, [0.2, 0.2]), extra: remote }),
        ],
        checkpoints: [checkpoint],
      }),
    ).episodes.find((x) => x.vertexId === 'src')!;
    expect(e.bottleneck?.rule).toBe('checkpoint-alignment');
    expect(e.hints.map((h) => [h.kind, h.explains])).toEqual([
      ['checkpoint-alignment', 1],
      ['buffer-fill', 0],
    ]);
  });

  it('a network bottleneck on Flink 1.8 carries the inPoolUsage caveat; on 1.20 it does not', () => {
    const n = 6;
    const frames = [
      ...chain('map', {
        bp: pattern('H'.repeat(n), 2),
        busy: rows(n, [0.05, 0.05]),
        extra: () => ({ outPoolUsage: [1, 1] }),
      }),
      ...chain('sink', { bp: rows(n, [0, 0]), busy: rows(n, [0.1, 0.1]), extra: () => ({ inPoolUsage: [0.05, 0.1] }) }),
    ];
    const run = (v: string) =>
      analyzeSession(
        session({
          clusters: [cluster(v)],
          vertices: [vertex('map', 2), vertex('sink', 2)],
          edges: [edge('map', 'sink')],
          frames,
        }),
      ).episodes[0]!;
    const old = run('1.8.3');
    expect(old.bottleneck).toBeNull();
    expect(old.ambiguity?.reason).toBe('no-busy-downstream');
    expect(old.hints.map((h) => h.kind)).toEqual(['network', 'inpool-caveat']);
    expect(run('1.20.0').hints.map((h) => h.kind)).toEqual(['network']);
  });
});

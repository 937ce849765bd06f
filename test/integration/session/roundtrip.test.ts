import { FORMAT_VERSION } from '../../../electron/session/schema';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckpointEvent, JobEvent, TickInfo, VertexFrame } from '../../../shared/model';
import { durationMs, epochMs } from '../../../shared/time';
import { SessionReader, SessionWriter, SessionFileError } from '../../../electron/session';
import { frame, T0, tempDir, tickTs, value, vertexInfo } from './synthetic';

const HOSTILE = [
  '<script>alert("x")</script>&amp;',
  'x'.repeat(10_240),
  'Ünïcødé → 流 🚀 \u202e',
  'nul\u0000inside',
  'quote \' " `; DROP TABLE ticks; --',
];

const tick = (i: number, extra: Partial<TickInfo> = {}): TickInfo => ({
  clusterId: 1,
  ts: tickTs(i),
  status: 'ok',
  latencyMs: durationMs(120 + i),
  serverTs: epochMs(tickTs(i) - 3000),
  fresh: i % 3 !== 0,
  requests: 14,
  error: null,
  ...extra,
});

describe('session round trip', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  it('reads back every record kind exactly as written, including hostile strings', () => {
    const path = tmp.file('s.backflow');
    const w = SessionWriter.create(path, { appVersion: '0.1.0', hostName: HOSTILE[2]!, createdTs: T0 });
    const c = w.addCluster({
      url: 'https://u:p@flink.example:8081/?auth=1',
      flinkVersion: null,
      fetchIntervalMs: null,
      pollIntervalMs: 10_000,
    });
    w.updateCluster(c, { flinkVersion: '1.20.1', fetchIntervalMs: 10_000 });
    const jobId = HOSTILE[3]!;
    w.upsertJob({ clusterId: c, jobId, name: HOSTILE[1]! }, T0);
    const big = { ...vertexInfo(c, jobId, 0, 256), vertexId: HOSTILE[0]!, name: HOSTILE[4]! };
    const small = vertexInfo(c, jobId, 1, 2);
    expect(w.upsertVertices(T0, [big, small])).toBe(2);
    expect(w.upsertVertices(tickTs(1), [big, small])).toBe(0); // unchanged: no new version
    expect(w.upsertVertices(tickTs(3), [{ ...small, parallelism: 4 }])).toBe(1); // rescale
    expect(w.setEdges(c, jobId, T0, [{ source: big.vertexId, target: small.vertexId, shipStrategy: 'HASH' }])).toBe(
      true,
    );
    expect(
      w.setEdges(c, jobId, tickTs(1), [{ source: big.vertexId, target: small.vertexId, shipStrategy: 'HASH' }]),
    ).toBe(false);
    expect(
      w.setEdges(c, jobId, tickTs(4), [{ source: big.vertexId, target: small.vertexId, shipStrategy: 'REBALANCE' }]),
    ).toBe(true);

    const tms = Array.from({ length: 256 }, (_, s) => `tm-${s % 7}-${HOSTILE[2]}`);
    const written: VertexFrame[] = [];
    const checkpoint: CheckpointEvent = {
      clusterId: c,
      jobId,
      id: 41,
      status: 'IN_PROGRESS',
      isSavepoint: false,
      triggerTs: tickTs(1),
      endTs: tickTs(2),
      checkpointedSize: null,
      stateSize: null,
      alignmentMs: null,
      failureMessage: null,
    };
    const events: JobEvent[] = [
      { kind: 'state', clusterId: c, jobId, ts: tickTs(0), from: null, to: 'RUNNING' },
      { kind: 'restart', clusterId: c, jobId, ts: tickTs(1), numRestarts: 3 },
      { kind: 'rescale', clusterId: c, jobId, ts: tickTs(3), vertexId: small.vertexId, from: 2, to: 4 },
      { kind: 'plan-change', clusterId: c, jobId, ts: tickTs(4) },
      {
        kind: 'exception',
        clusterId: c,
        jobId,
        ts: tickTs(4),
        exceptionName: 'java.io.IOException',
        message: HOSTILE[1]!,
        taskName: null,
      },
      { kind: 'checkpoint-history-gap', clusterId: c, jobId, ts: tickTs(5), missedIds: 12 },
      { kind: 'recorder-error', clusterId: c, jobId: null, ts: tickTs(5), message: HOSTILE[0]! },
    ];
    // Raw GC windows of one interval: of the sum over all collectors, and per collector (names as the JVM gives them).
    const gcWindows = [
      {
        clusterId: c,
        taskManagerId: tms[1]!,
        start: tickTs(1),
        end: tickTs(2),
        gcTimeMs: 850,
        gcCount: 3,
        collector: null,
      },
      {
        clusterId: c,
        taskManagerId: tms[1]!,
        start: tickTs(1),
        end: tickTs(2),
        gcTimeMs: 12.5,
        gcCount: 2,
        collector: 'G1 Young Generation',
      },
      {
        clusterId: c,
        taskManagerId: tms[1]!,
        start: tickTs(1),
        end: tickTs(2),
        gcTimeMs: 838,
        gcCount: 1,
        collector: HOSTILE[4]!,
      },
    ];
    for (let i = 0; i < 6; i++) {
      const fb = { ...frame(c, jobId, 0, 256, i), vertexId: big.vertexId };
      if (i === 0 || i === 4) fb.taskManagers = i === 0 ? tms : tms.map((t, s) => (s === 5 ? 'tm-moved' : t));
      if (i === 2) fb.taskManagers = tms; // unchanged: not stored again
      const fs = frame(c, jobId, 1, i < 3 ? 2 : 4, i);
      fs.subtasks.isBackPressured = new Float64Array(fs.parallelism).fill(i % 2);
      written.push(fb, fs);
      w.writeTick({
        tick: tick(i, i === 2 ? { status: 'error', error: HOSTILE[4]!, serverTs: null } : {}),
        vertexFrames: [fb, fs],
        vertexAggregates: [
          {
            clusterId: c,
            jobId,
            vertexId: small.vertexId,
            ts: tickTs(i),
            metric: 'backPressuredTimeMsPerSecond',
            min: 1,
            max: 900,
            avg: 300.5,
            sum: NaN,
            skew: 12.25,
          },
        ],
        taskManagerFrames: [
          {
            clusterId: c,
            taskManagerId: tms[0]!,
            ts: tickTs(i),
            values: { heapUsed: 1e9 + i, cpuLoad: NaN, gcCount: i },
          },
        ],
        checkpoints:
          i === 1
            ? [checkpoint]
            : i === 3
              ? [
                  {
                    ...checkpoint,
                    status: 'COMPLETED',
                    endTs: tickTs(3),
                    checkpointedSize: 1234,
                    stateSize: 99_999,
                    alignmentMs: 15.5,
                  },
                ]
              : [],
        gcWindows: i === 2 ? gcWindows : [],
        events: events.filter((e) => e.ts === tickTs(i)),
      });
    }
    w.close();

    const r = SessionReader.open(path);
    const all = { from: T0, to: tickTs(10) };
    expect(r.header()).toEqual({
      formatVersion: FORMAT_VERSION,
      appVersion: '0.1.0',
      createdTs: T0,
      hostName: HOSTILE[2],
    });
    expect(r.clusters()).toEqual([
      {
        id: c,
        url: 'https://flink.example:8081',
        flinkVersion: '1.20.1',
        fetchIntervalMs: 10_000,
        pollIntervalMs: 10_000,
      },
    ]);
    expect(r.jobs()).toEqual([{ clusterId: c, jobId, name: HOSTILE[1] }]);
    expect(r.vertices(tickTs(2))).toEqual([big, small]);
    expect(r.vertices()).toEqual([big, { ...small, parallelism: 4 }]);
    expect(r.edgesAt(tickTs(2)).map((e) => e.shipStrategy)).toEqual(['HASH']);
    expect(r.edgesAt(tickTs(5))).toEqual([
      { clusterId: c, jobId, source: big.vertexId, target: small.vertexId, shipStrategy: 'REBALANCE' },
    ]);
    expect(r.timeRange()).toEqual({ from: T0, to: tickTs(5) });
    expect(r.ticks(all)).toEqual(
      [0, 1, 2, 3, 4, 5].map((i) => tick(i, i === 2 ? { status: 'error', error: HOSTILE[4]!, serverTs: null } : {})),
    );

    const frames = [...r.vertexFrames(c, jobId, big.vertexId, all), ...r.vertexFrames(c, jobId, small.vertexId, all)];
    expect(frames).toHaveLength(written.length);
    for (const got of frames) {
      const want = written.find((f) => f.vertexId === got.vertexId && f.ts === got.ts)!;
      expect(got.parallelism).toBe(want.parallelism);
      expect(Object.keys(got.subtasks).sort()).toEqual(Object.keys(want.subtasks).sort());
      for (const [m, a] of Object.entries(want.subtasks)) {
        const g = got.subtasks[m as keyof typeof got.subtasks]!;
        // ms/s and counters in the synthetic data are integers, usages multiples of 1/32, rates of 1/60.
        const tol = m.endsWith('PerSecond') && m.startsWith('num') ? 0.005 : m.endsWith('Usage') ? 0.00005 : 0;
        const bad = Array.from(a).filter(
          (x, s) => !(Number.isNaN(x) ? Number.isNaN(g[s]!) : Math.abs(g[s]! - x) <= tol + 1e-9),
        );
        expect(bad, `${got.vertexId}@${got.ts} ${m}`).toEqual([]);
      }
    }
    const bigFrames = frames.filter((f) => f.vertexId === big.vertexId);
    expect(bigFrames.map((f) => (f.taskManagers ? f.taskManagers[5] : null))).toEqual([
      tms[5],
      null,
      null,
      null,
      'tm-moved',
      null,
    ]);
    // A range starting mid-recording still says where subtasks run.
    expect(r.vertexFrames(c, jobId, big.vertexId, { from: tickTs(2), to: tickTs(2) })[0]!.taskManagers).toEqual(tms);
    expect(r.placementAt(tickTs(3))).toEqual([
      { clusterId: c, jobId, vertexId: big.vertexId, ts: T0, taskManagers: tms },
    ]);

    expect(r.vertexAggregates({ from: tickTs(1), to: tickTs(1) })).toEqual([
      {
        clusterId: c,
        jobId,
        vertexId: small.vertexId,
        ts: tickTs(1),
        metric: 'backPressuredTimeMsPerSecond',
        min: 1,
        max: 900,
        avg: 300.5,
        sum: NaN,
        skew: 12.25,
      },
    ]);
    const tmFrames = r.taskManagerFrames({ from: tickTs(4), to: tickTs(4) });
    expect(tmFrames).toEqual([
      { clusterId: c, taskManagerId: tms[0], ts: tickTs(4), values: { heapUsed: 1e9 + 4, cpuLoad: NaN, gcCount: 4 } },
    ]);
    expect(r.checkpoints(all)).toEqual([
      {
        ...checkpoint,
        status: 'COMPLETED',
        endTs: tickTs(3),
        checkpointedSize: 1234,
        stateSize: 99_999,
        alignmentMs: 15.5,
      },
    ]);
    expect(r.gcWindows({ from: tickTs(2), to: tickTs(9) })).toEqual(gcWindows);
    expect(r.events(all)).toEqual(events);
    expect(r.events(all, ['rescale', 'recorder-error']).map((e) => e.kind)).toEqual(['rescale', 'recorder-error']);
    r.close();
  });

  it('stateAt returns the latest frame of every vertex at or before the instant, across key frames', () => {
    const path = tmp.file('s.backflow');
    const w = SessionWriter.create(path, { appVersion: 't' });
    const c = w.addCluster({
      url: 'http://127.0.0.1:8081',
      flinkVersion: '1.19.0',
      fetchIntervalMs: 10_000,
      pollIntervalMs: 10_000,
    });
    w.upsertJob({ clusterId: c, jobId: 'j', name: 'job' }, T0);
    w.upsertVertices(T0, [vertexInfo(c, 'j', 0, 8), vertexInfo(c, 'j', 1, 8)]);
    for (let i = 0; i < 80; i++) {
      // Vertex 1 stops reporting after tick 50: its state stays at its last frame.
      w.writeTick({
        tick: tick(i),
        vertexFrames: [frame(c, 'j', 0, 8, i), ...(i <= 50 ? [frame(c, 'j', 1, 8, i)] : [])],
      });
    }
    w.close();
    const r = SessionReader.open(path);
    const state = r.stateAt(epochMs(tickTs(70) + 5000));
    expect(state.map((f) => [f.vertexId, f.ts])).toEqual([
      ['v00', tickTs(70)],
      ['v01', tickTs(50)],
    ]);
    expect(Array.from(state[0]!.subtasks.numRecordsIn!)).toEqual(
      Array.from({ length: 8 }, (_, s) => value('numRecordsIn', 0, s, 70)),
    );
    expect(r.stateAt(epochMs(T0 - 1))).toEqual([]);
    const only = r.stateAt(tickTs(40), ['accumulateBusyTimeMs']);
    expect(Object.keys(only[1]!.subtasks)).toEqual(['accumulateBusyTimeMs']);
    expect(Array.from(only[1]!.subtasks.accumulateBusyTimeMs!)).toEqual(
      Array.from({ length: 8 }, (_, s) => value('accumulateBusyTimeMs', 1, s, 40)),
    );
    r.close();
  });

  it('rollups match min/max/mean computed from the raw values', () => {
    const path = tmp.file('s.backflow');
    const w = SessionWriter.create(path, { appVersion: 't' });
    const c = w.addCluster({
      url: 'http://127.0.0.1:8081',
      flinkVersion: null,
      fetchIntervalMs: null,
      pollIntervalMs: 10_000,
    });
    w.upsertJob({ clusterId: c, jobId: 'j', name: 'job' }, T0);
    w.upsertVertices(T0, [vertexInfo(c, 'j', 3, 16)]);
    for (let i = 0; i < 30; i++) w.writeTick({ tick: tick(i), vertexFrames: [frame(c, 'j', 3, 16, i)] });
    w.close();
    const r = SessionReader.open(path);
    const range = { from: T0, to: epochMs(tickTs(40) - 1) }; // 4 buckets of 10 ticks; the last is empty
    const buckets = r.vertexRollup(c, 'j', 'v03', 'backPressuredTimeMsPerSecond', range, 4);
    expect(buckets).toHaveLength(4);
    for (let b = 0; b < 3; b++) {
      const vals: number[] = [];
      for (let i = b * 10; i < b * 10 + 10; i++)
        for (let s = 0; s < 16; s++) vals.push(value('backPressuredTimeMsPerSecond', 3, s, i));
      const finite = vals.filter((x) => !Number.isNaN(x));
      expect(buckets[b]).toMatchObject({
        from: tickTs(b * 10),
        to: tickTs(b * 10 + 10),
        min: Math.min(...finite),
        max: Math.max(...finite),
        ticks: 10,
      });
      expect(buckets[b]!.mean).toBeCloseTo(finite.reduce((x, y) => x + y, 0) / finite.length, 9);
    }
    expect(buckets[3]).toMatchObject({ ticks: 0, min: NaN, mean: NaN });
    expect(r.vertexRollup(c, 'j', 'nope', 'inPoolUsage', range, 2).every((b) => b.ticks === 0)).toBe(true);
    expect(() => r.vertexRollup(c, 'j', 'v03', 'inPoolUsage', range, 0)).toThrow(SessionFileError);
    r.close();
  });

  it('rejects bad input with a clear error and keeps recording afterwards', () => {
    const path = tmp.file('s.backflow');
    const w = SessionWriter.create(path, { appVersion: 't' });
    expect(() =>
      w.addCluster({ url: 'ftp://x', flinkVersion: null, fetchIntervalMs: null, pollIntervalMs: 1000 }),
    ).toThrow(/http or https/);
    const c = w.addCluster({
      url: 'http://127.0.0.1:8081',
      flinkVersion: null,
      fetchIntervalMs: null,
      pollIntervalMs: 10_000,
    });
    w.upsertJob({ clusterId: c, jobId: 'j', name: 'job' }, T0);
    w.upsertVertices(T0, [vertexInfo(c, 'j', 0, 4)]);
    expect(() => w.writeTick({ tick: tick(0), vertexFrames: [frame(c, 'j', 9, 4, 0)] })).toThrow(/was not declared/);
    expect(() => w.writeTick({ tick: tick(0), vertexFrames: [{ ...frame(c, 'j', 0, 4, 0), parallelism: 5 }] })).toThrow(
      /4 values for parallelism 5/,
    );
    expect(() =>
      w.writeTick({
        tick: tick(0),
        vertexFrames: [{ ...frame(c, 'j', 0, 4, 0), subtasks: { bogus: new Float64Array(4) } as never }],
      }),
    ).toThrow(/unknown subtask metric "bogus"/);
    expect(() =>
      w.writeTick({ tick: tick(0), vertexFrames: [frame(c, 'j', 0, 4, 0), frame(c, 'j', 0, 4, 0)] }),
    ).toThrow(/two frames of vertex v00 in one tick/);
    w.writeTick({ tick: tick(1) });
    expect(() => w.writeTick({ tick: tick(1) })).toThrow(/is not after the previous tick/);
    expect(() => w.writeTick({ tick: { ...tick(2), clusterId: 7 } })).toThrow(/unknown cluster 7/);
    w.writeTick({ tick: tick(2), vertexFrames: [frame(c, 'j', 0, 4, 2)] });
    w.close();
    expect(() => w.writeTick({ tick: tick(3) })).toThrow(SessionFileError);
    const r = SessionReader.open(path);
    expect(r.ticks({ from: T0, to: tickTs(9) }).map((t) => t.ts)).toEqual([tickTs(1), tickTs(2)]);
    r.close();
  });

  it('annotations: create, update, pin, upsert automatic ones by key, delete; the reader lists them', () => {
    const path = tmp.file('s.backflow');
    let now = T0 + 1;
    const w = SessionWriter.create(path, { appVersion: 't' }, { now: () => now });
    const a = w.addAnnotation({
      start: tickTs(1),
      end: null,
      text: HOSTILE[0]!,
      tag: 'deploy',
      clusterId: 1,
      jobId: 'j',
      vertexId: null,
      pinned: false,
    });
    const b = w.addAnnotation({
      start: tickTs(5),
      end: tickTs(8),
      text: 'GC storm',
      tag: null,
      clusterId: null,
      jobId: null,
      vertexId: 'v1',
      pinned: false,
    });
    now += 1000;
    const b2 = w.updateAnnotation(b.id, { pinned: true, text: HOSTILE[3]! });
    expect(b2).toMatchObject({ pinned: true, text: HOSTILE[3], createdTs: T0 + 1, updatedTs: T0 + 1001 });
    expect(() => w.updateAnnotation(b.id, { end: tickTs(1) })).toThrow(/ends .* before it starts/);
    const auto = {
      source: 'auto' as const,
      autoKey: 'episode:1:j:v1:1700',
      start: tickTs(2),
      end: tickTs(3),
      text: 'sustained backpressure',
      tag: 'episode',
      clusterId: 1,
      jobId: 'j',
      vertexId: 'v1',
      pinned: true,
    };
    const e1 = w.addAnnotation(auto);
    const e2 = w.addAnnotation({ ...auto, pinned: false });
    expect(e2.id).toBe(e1.id);
    expect(w.deleteAnnotation(a.id)).toBe(true);
    expect(w.deleteAnnotation(a.id)).toBe(false);
    w.close();
    const r = SessionReader.open(path);
    expect(r.annotations().map((x) => [x.id, x.source, x.pinned])).toEqual([
      [e1.id, 'auto', false],
      [b.id, 'user', true],
    ]);
    expect(r.annotations({ from: tickTs(4), to: tickTs(6) }).map((x) => x.id)).toEqual([b.id]);
    r.close();
  });
});

import { statSync, writeFileSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportSlice, saveCopy, SessionFileError, SessionReader, SessionWriter } from '../../../electron/session';
import { epochMs } from '../../../shared/time';
import { frame, T0, tempDir, tickTs, vertexInfo } from './synthetic';

function record(path: string, ticks: number): SessionWriter {
  const w = SessionWriter.create(path, { appVersion: 't', createdTs: T0 });
  const c = w.addCluster({
    url: 'http://127.0.0.1:8081',
    flinkVersion: '1.20.0',
    fetchIntervalMs: 10_000,
    pollIntervalMs: 10_000,
  });
  w.upsertJob({ clusterId: c, jobId: 'j', name: 'job' }, T0);
  w.upsertVertices(T0, [vertexInfo(c, 'j', 0, 64), vertexInfo(c, 'j', 1, 8)]);
  w.setEdges(c, 'j', T0, [{ source: 'v00', target: 'v01', shipStrategy: 'HASH' }]);
  for (let i = 0; i < ticks; i++) {
    if (i === 20) w.upsertVertices(tickTs(i), [{ ...vertexInfo(c, 'j', 1, 12) }]);
    if (i === 80) w.setEdges(c, 'j', tickTs(i), [{ source: 'v00', target: 'v01', shipStrategy: 'REBALANCE' }]);
    const f0 = frame(c, 'j', 0, 64, i);
    if (i === 0) f0.taskManagers = Array.from({ length: 64 }, (_, s) => `tm-${s % 4}`);
    if (i === 30) f0.taskManagers = Array.from({ length: 64 }, (_, s) => `tm-${s % 2}`);
    const partial = i % 20 === 5;
    w.writeTick({
      tick: {
        clusterId: c,
        ts: tickTs(i),
        status: i === 50 ? 'error' : partial ? 'partial' : 'ok',
        latencyMs: 5 as never,
        serverTs: null,
        fresh: true,
        requests: 3,
        error: i === 50 ? 'HTTP 503' : partial ? 'timed out' : null,
        ...(partial
          ? { problems: [{ endpoint: '/jobs/:jobid/vertices/:vertexid/backpressure', kind: 'timeout', count: 1 }] }
          : {}),
      },
      gcWindows: partial
        ? [
            {
              clusterId: c,
              taskManagerId: 'tm-0',
              start: tickTs(i - 1),
              end: tickTs(i),
              gcTimeMs: 300,
              gcCount: 1,
              collector: 'G1 Old Generation',
            },
          ]
        : [],
      vertexFrames: [f0, frame(c, 'j', 1, i < 20 ? 8 : 12, i)],
      checkpoints:
        i % 10 === 0
          ? [
              {
                clusterId: c,
                jobId: 'j',
                id: i / 10,
                status: 'COMPLETED',
                isSavepoint: false,
                triggerTs: tickTs(i),
                endTs: epochMs(tickTs(i) + 15_000),
                checkpointedSize: 10,
                stateSize: 20,
                alignmentMs: 1,
                failureMessage: null,
              },
            ]
          : [],
      events: i % 25 === 0 ? [{ kind: 'restart', clusterId: c, jobId: 'j', ts: tickTs(i), numRestarts: i }] : [],
    });
  }
  w.addAnnotation({
    start: tickTs(10),
    end: null,
    text: 'early',
    tag: null,
    clusterId: c,
    jobId: 'j',
    vertexId: null,
    pinned: false,
  });
  w.addAnnotation({
    start: tickTs(40),
    end: tickTs(90),
    text: 'spans the slice',
    tag: null,
    clusterId: c,
    jobId: 'j',
    vertexId: null,
    pinned: true,
  });
  return w;
}

describe('copies of a session', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  it('saveCopy snapshots a session that is still being recorded', () => {
    const src = tmp.file('live.backflow');
    const w = record(src, 30);
    saveCopy(src, tmp.file('copy.backflow'));
    w.writeTick({
      tick: {
        clusterId: 1,
        ts: tickTs(30),
        status: 'ok',
        latencyMs: 5 as never,
        serverTs: null,
        fresh: true,
        requests: 3,
        error: null,
      },
    });
    w.close();
    const copy = SessionReader.open(tmp.file('copy.backflow'));
    const orig = SessionReader.open(src);
    const all = { from: T0, to: tickTs(1000) };
    expect(copy.ticks(all)).toHaveLength(30);
    expect(orig.ticks(all)).toHaveLength(31);
    expect(copy.header()).toEqual(orig.header());
    expect(copy.vertexFrames(1, 'j', 'v00', all)).toEqual(orig.vertexFrames(1, 'j', 'v00', all).slice(0, 30));
    copy.close();
    orig.close();
    writeFileSync(tmp.file('taken'), 'keep me');
    expect(() => saveCopy(src, tmp.file('taken'))).toThrow(expect.objectContaining({ kind: 'exists' }));
    expect(readFileSync(tmp.file('taken'), 'utf8')).toBe('keep me');
  });

  it('exportSlice writes a smaller, self-contained session of just the range', () => {
    const src = tmp.file('full.backflow');
    record(src, 100).close();
    const range = { from: tickTs(45), to: tickTs(70) }; // starts between key frames (every 32)
    const dest = tmp.file('slice.backflow');
    exportSlice(src, dest, range.from, range.to);
    // Every table costs at least a page, so small sessions shrink less than their data does.
    expect(statSync(dest).size).toBeLessThan(statSync(src).size * 0.6);

    const s = SessionReader.open(dest);
    const o = SessionReader.open(src);
    const all = { from: T0, to: tickTs(1000) };
    expect(s.timeRange()).toEqual(range);
    expect(s.ticks(all)).toEqual(o.ticks(range));
    for (const v of ['v00', 'v01']) expect(s.vertexFrames(1, 'j', v, all)).toEqual(o.vertexFrames(1, 'j', v, range));
    expect(s.stateAt(tickTs(60))).toEqual(o.stateAt(tickTs(60)));
    expect(s.vertices(range.from)).toEqual(o.vertices(range.from));
    expect(s.edgesAt(range.to)).toEqual(o.edgesAt(range.to));
    expect(s.placementAt(range.from)).toEqual(o.placementAt(range.from));
    expect(s.checkpoints(all)).toEqual(o.checkpoints(range));
    expect(s.events(all)).toEqual(o.events(range));
    expect(s.annotations().map((a) => a.text)).toEqual(['spans the slice']);
    expect(s.vertexRollup(1, 'j', 'v01', 'inPoolUsage', range, 5)).toEqual(
      o.vertexRollup(1, 'j', 'v01', 'inPoolUsage', range, 5),
    );
    expect(s.gcWindows(all)).toEqual(o.gcWindows(range));
    expect(s.gcWindows(all)).toHaveLength(2);
    expect(s.info().errors).toBe(1);
    // What failed in the slice's ticks only (45 and 65).
    expect(s.info().clusters[0]!.problems).toEqual([
      { endpoint: '/jobs/:jobid/vertices/:vertexid/backpressure', kind: 'timeout', count: 2, ticks: 2 },
    ]);
    s.close();
    o.close();
    // A slice can be appended to like any session.
    SessionWriter.openForAppend(dest).close();
    expect(() => exportSlice(src, tmp.file('bad.backflow'), tickTs(5), tickTs(1))).toThrow(SessionFileError);
  });
});

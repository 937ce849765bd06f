import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionReader, SessionWriter } from '../../../electron/session';
import { frame, T0, tempDir, tickTs, vertexInfo } from './synthetic';

describe('reading a session while it is being recorded', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  it('sees new ticks, vertices and frames after each commit', () => {
    const path = tmp.file('live.backflow');
    const w = SessionWriter.create(path, { appVersion: 't' });
    const c = w.addCluster({
      url: 'http://127.0.0.1:8081',
      flinkVersion: '1.20.0',
      fetchIntervalMs: 10_000,
      pollIntervalMs: 10_000,
    });
    w.upsertJob({ clusterId: c, jobId: 'j', name: 'job' }, T0);
    w.upsertVertices(T0, [vertexInfo(c, 'j', 0, 8)]);
    const tick = (i: number) => ({
      clusterId: c,
      ts: tickTs(i),
      status: 'ok' as const,
      latencyMs: 5 as never,
      serverTs: null,
      fresh: true,
      requests: 3,
      error: null,
    });
    for (let i = 0; i < 3; i++) w.writeTick({ tick: tick(i), vertexFrames: [frame(c, 'j', 0, 8, i)] });

    const r = SessionReader.open(path);
    const all = { from: T0, to: tickTs(1000) };
    expect(r.ticks(all)).toHaveLength(3);
    expect(r.vertexFrames(c, 'j', 'v01', all)).toEqual([]);

    // The job gains a vertex mid-recording (plan change).
    w.upsertVertices(tickTs(3), [vertexInfo(c, 'j', 0, 8), vertexInfo(c, 'j', 1, 4)]);
    for (let i = 3; i < 40; i++)
      w.writeTick({ tick: tick(i), vertexFrames: [frame(c, 'j', 0, 8, i), frame(c, 'j', 1, 4, i)] });
    r.refresh();
    expect(r.ticks(all)).toHaveLength(40);
    expect(r.timeRange()).toEqual({ from: T0, to: tickTs(39) });
    expect(r.vertices().map((v) => v.vertexId)).toEqual(['v00', 'v01']);
    const frames = r.vertexFrames(c, 'j', 'v01', all);
    expect(frames.map((f) => f.ts)).toEqual(Array.from({ length: 37 }, (_, k) => tickTs(k + 3)));
    expect(Array.from(frames[36]!.subtasks.numRecordsIn!)).toEqual(
      Array.from(frame(c, 'j', 1, 4, 39).subtasks.numRecordsIn!),
    );
    expect(r.info().ticks).toBe(40);
    r.close();
    w.close();
  });
});

// A writer tells its observers what it wrote, after it did: the recorder thread follows a
// recording this way (names, versions and ticks for its live analysis).
import { afterEach, beforeEach, expect, it } from 'vitest';
import { SessionFileError, SessionWriter, type WriteObserver } from '../../../electron/session';
import { frame, T0, tempDir, tickTs, vertexInfo } from './synthetic';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

it('tells each observer every successful write in order, and nothing of a failed one', () => {
  const w = SessionWriter.create(tmp.file('o.backflow'), { appVersion: 't' });
  const seen: string[] = [];
  const observer: WriteObserver = {
    clusterUpdated: (id, patch) => seen.push(`cluster ${id} ${patch.flinkVersion ?? ''}`),
    jobUpserted: (job) => seen.push(`job ${job.jobId} ${job.name}`),
    verticesUpserted: (ts, vs) => seen.push(`vertices ${vs.map((v) => v.vertexId).join(',')} at ${ts - T0}`),
    tickWritten: (b) => seen.push(`tick ${b.tick.ts - T0}`),
  };
  const stop = w.observe(observer);
  const c = w.addCluster({
    url: 'http://127.0.0.1:8081',
    flinkVersion: null,
    fetchIntervalMs: null,
    pollIntervalMs: 10_000,
  });
  w.updateCluster(c, { flinkVersion: '1.20.1' });
  w.upsertJob({ clusterId: c, jobId: 'j', name: 'job' }, T0);
  // Unchanged: nothing new to store, still told (the observer keeps what the recorder says).
  w.upsertJob({ clusterId: c, jobId: 'j', name: 'job' }, T0);
  w.upsertVertices(T0, [vertexInfo(c, 'j', 0, 2)]);
  const tick = (i: number) => ({
    tick: {
      clusterId: c,
      ts: tickTs(i),
      status: 'ok' as const,
      latencyMs: 5 as never,
      serverTs: null,
      fresh: true,
      requests: 1,
      error: null,
    },
    vertexFrames: [frame(c, 'j', 0, 2, i)],
  });
  w.writeTick(tick(0));
  // Not after the previous tick: refused, and the observer hears nothing of it.
  expect(() => w.writeTick(tick(0))).toThrow(SessionFileError);
  stop();
  w.writeTick(tick(1));
  w.close();
  expect(seen).toEqual(['cluster 1 1.20.1', 'job j job', 'job j job', 'vertices v00 at 0', 'tick 0']);
});

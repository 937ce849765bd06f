// Statements are compiled once per connection: after the first tick, writing and reading more
// ticks compiles nothing.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { SessionReader, SessionWriter } from '../../../electron/session';
import { prepare } from '../../../electron/session/sql/statements';
import { frame, T0, tempDir, tickTs, vertexInfo } from './synthetic';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => {
  vi.restoreAllMocks();
  tmp.cleanup();
});

it('prepare() keeps one statement per SQL text and connection', () => {
  const a = new Database(':memory:');
  const b = new Database(':memory:');
  expect(prepare(a, 'SELECT 1')).toBe(prepare(a, 'SELECT 1'));
  expect(prepare(a, 'SELECT 1')).not.toBe(prepare(b, 'SELECT 1'));
  a.close();
  b.close();
});

it('writes and reads tick after tick without compiling a statement again', () => {
  const path = tmp.file('s.backflow');
  const w = SessionWriter.create(path, { appVersion: 't' });
  const c = w.addCluster({
    url: 'http://127.0.0.1:8081',
    flinkVersion: '1.20.1',
    fetchIntervalMs: 10_000,
    pollIntervalMs: 10_000,
  });
  w.upsertJob({ clusterId: c, jobId: 'j', name: 'job' }, T0);
  w.upsertVertices(T0, [vertexInfo(c, 'j', 0, 4), vertexInfo(c, 'j', 1, 4)]);
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
    vertexFrames: [0, 1].map((v) => frame(c, 'j', v, 4, i)),
    checkpoints: [
      {
        clusterId: c,
        jobId: 'j',
        id: i,
        status: 'COMPLETED' as const,
        isSavepoint: false,
        triggerTs: tickTs(i),
        endTs: tickTs(i),
        checkpointedSize: 1,
        stateSize: 1,
        alignmentMs: 0,
        failureMessage: null,
      },
    ],
    events: [{ kind: 'restart' as const, clusterId: c, jobId: 'j', ts: tickTs(i), numRestarts: i }],
  });
  const r = SessionReader.open(path);
  const read = () => {
    const range = { from: T0, to: tickTs(100) };
    r.ticks(range);
    r.vertexFrames(c, 'j', 'v00', range);
    r.stateAt(tickTs(100));
    r.vertexRollup(c, 'j', 'v01', 'inPoolUsage', range, 10);
    r.checkpoints(range);
    r.events(range);
    r.gcWindows(range);
  };
  w.writeTick(tick(0));
  read();
  const compiled = vi.spyOn(Database.prototype, 'prepare');
  for (let i = 1; i < 10; i++) {
    w.writeTick(tick(i));
    read();
  }
  expect(compiled).not.toHaveBeenCalled();
  r.close();
  w.close();
});

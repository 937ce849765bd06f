import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionFileError, SessionReader, SessionWriter } from '../../../electron/session';
import { frame, T0, tempDir, tickTs, vertexInfo } from './synthetic';

// A full disk is simulated with the writer's size cap (PRAGMA max_page_count): SQLite reports
// SQLITE_FULL exactly as for ENOSPC. A test on a real, tiny tmpfs would need root to mount it.
describe('disk full while recording', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  it('surfaces disk-full, stops writing, and keeps everything committed before readable', () => {
    const path = tmp.file('full.backflow');
    const w = SessionWriter.create(path, { appVersion: 't' }, { maxBytes: 400_000 });
    const c = w.addCluster({
      url: 'http://127.0.0.1:8081',
      flinkVersion: '1.20.0',
      fetchIntervalMs: 10_000,
      pollIntervalMs: 10_000,
    });
    w.upsertJob({ clusterId: c, jobId: 'j', name: 'job' }, T0);
    w.upsertVertices(
      T0,
      [0, 1].map((v) => vertexInfo(c, 'j', v, 128)),
    );
    let committed = 0;
    let failure: unknown;
    for (let i = 0; i < 10_000; i++) {
      try {
        w.writeTick({
          tick: {
            clusterId: c,
            ts: tickTs(i),
            status: 'ok',
            latencyMs: 5 as never,
            serverTs: null,
            fresh: true,
            requests: 3,
            error: null,
          },
          vertexFrames: [0, 1].map((v) => frame(c, 'j', v, 128, i)),
        });
        committed++;
      } catch (err) {
        failure = err;
        break;
      }
    }
    expect(failure).toBeInstanceOf(SessionFileError);
    expect((failure as SessionFileError).kind).toBe('disk-full');
    expect((failure as SessionFileError).message).toMatch(/disk full/);
    expect(committed).toBeGreaterThan(5);
    // The writer stays stopped: no half-recorded session keeps growing after the first failure.
    expect(() =>
      w.writeTick({
        tick: {
          clusterId: c,
          ts: tickTs(20_000),
          status: 'ok',
          latencyMs: 5 as never,
          serverTs: null,
          fresh: true,
          requests: 3,
          error: null,
        },
      }),
    ).toThrow(expect.objectContaining({ kind: 'closed' }));
    w.close();

    const r = SessionReader.open(path);
    const ticks = r.ticks({ from: T0, to: tickTs(20_000) });
    expect(ticks).toHaveLength(committed);
    const frames = r.vertexFrames(c, 'j', 'v01', { from: T0, to: tickTs(20_000) });
    expect(frames).toHaveLength(committed);
    expect(Array.from(frames[committed - 1]!.subtasks.numRecordsOut!)).toEqual(
      Array.from(frame(c, 'j', 1, 128, committed - 1).subtasks.numRecordsOut!),
    );
    r.close();
  });
});

import { FORMAT_VERSION } from '../../../electron/session/schema';
import { statSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionReader, SessionWriter } from '../../../electron/session';
import { epochMs } from '../../../shared/time';
import { T0, tempDir, vertexInfo } from './synthetic';

describe('session info', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  it('summarises clusters, jobs, resolution, gaps, errors and size', () => {
    const path = tmp.file('s.backflow');
    const w = SessionWriter.create(path, { appVersion: '1.2.3', hostName: 'jump-host', createdTs: T0 });
    const a = w.addCluster({
      url: 'http://a:8081',
      flinkVersion: '1.17.2',
      fetchIntervalMs: 10_000,
      pollIntervalMs: 5_000,
    });
    const b = w.addCluster({ url: 'http://b:8081', flinkVersion: null, fetchIntervalMs: null, pollIntervalMs: 10_000 });
    w.upsertJob({ clusterId: a, jobId: 'ja', name: 'orders' }, T0);
    w.upsertVertices(T0, [vertexInfo(a, 'ja', 0, 2), vertexInfo(a, 'ja', 1, 2), vertexInfo(a, 'ja', 2, 2)]);
    const tick = (clusterId: number, offsetMs: number, error?: string) =>
      w.writeTick({
        tick: {
          clusterId,
          ts: epochMs(T0 + offsetMs),
          status: error ? 'error' : 'ok',
          latencyMs: 5 as never,
          serverTs: null,
          fresh: true,
          requests: 1,
          error: error ?? null,
        },
      });
    // Cluster a every 5 s with a 20 s hole after 20 s and two failed polls at 50 and 55 s.
    for (const t of [0, 5, 10, 15, 20, 40, 45, 50, 55, 60, 65])
      tick(a, t * 1000, t === 50 || t === 55 ? 'HTTP 502' : undefined);
    for (const t of [0, 10, 20, 30]) tick(b, t * 1000 + 1);
    w.close();

    const r = SessionReader.open(path);
    const info = r.info();
    expect(info.header).toEqual({
      formatVersion: FORMAT_VERSION,
      appVersion: '1.2.3',
      createdTs: T0,
      hostName: 'jump-host',
    });
    expect(info.ticks).toBe(15);
    expect(info.errors).toBe(2);
    expect(info.timeRange).toEqual({ from: T0, to: T0 + 65_000 });
    expect(info.jobs).toEqual([{ clusterId: a, jobId: 'ja', name: 'orders', vertices: 3 }]);
    expect(info.clusters.map((c) => [c.clusterId, c.ticks, c.errors, c.resolutionMs])).toEqual([
      [a, 11, 2, 5000],
      [b, 4, 0, 10_000],
    ]);
    expect(info.gaps).toEqual([
      { clusterId: a, from: T0 + 20_000, to: T0 + 40_000, reason: 'interval' },
      { clusterId: a, from: T0 + 50_000, to: T0 + 55_000, reason: 'error' },
    ]);
    expect(info.fileBytes).toBe(statSync(path).size);
    r.close();
  });
});

// "live" in sessionInfo means a recorder is appending right now — judged by the file's
// write-ahead log on the wall clock, not by tick times (a demo's ticks run on a faster clock).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createService } from '../../../electron/service/service';
import { SessionReader, SessionWriter } from '../../../electron/session/index';
import { durationMs, epochMs } from '../../../shared/time';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'backflow-live-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writeTicks(w: SessionWriter, clusterId: number, from: number, n: number): void {
  for (let i = 0; i < n; i++) {
    w.writeTick({
      tick: {
        clusterId,
        ts: epochMs(from + i * 10_000),
        status: 'ok',
        latencyMs: durationMs(3),
        serverTs: null,
        fresh: true,
        requests: 2,
        error: null,
      },
    });
  }
}

it('judges by file writes, not tick times: a demo ahead of the wall clock is not live forever', async () => {
  const file = path.join(dir, 'demo.backflow');
  const w = SessionWriter.create(file, { appVersion: 'test' });
  const c = w.addCluster({
    url: 'http://127.0.0.1:8081',
    flinkVersion: '1.20.1',
    fetchIntervalMs: 10_000,
    pollIntervalMs: 10_000,
  });
  // A 5× demo: its clock is already an hour ahead of the wall clock.
  writeTicks(w, c, Date.now() + 3_600_000, 3);
  const reader = SessionReader.open(file);
  const now = createService(reader);
  expect((await now.sessionInfo({})).live).toBe(true);
  const later = createService(reader, { now: () => Date.now() + 31_000 });
  expect((await later.sessionInfo({})).live).toBe(false);
  now.close();
  later.close();
  reader.close();
  w.close();
});

it('a session whose recorder finished is not live', async () => {
  const file = path.join(dir, 'done.backflow');
  const w = SessionWriter.create(file, { appVersion: 'test' });
  const c = w.addCluster({
    url: 'http://127.0.0.1:8081',
    flinkVersion: '1.20.1',
    fetchIntervalMs: 10_000,
    pollIntervalMs: 10_000,
  });
  writeTicks(w, c, Date.now() - 20_000, 3);
  w.close();
  const reader = SessionReader.open(file);
  const service = createService(reader);
  expect((await service.sessionInfo({})).live).toBe(false);
  service.close();
  reader.close();
});

it('is not live when the last write is older than three poll intervals (a recorder that died)', async () => {
  const file = path.join(dir, 'stale.backflow');
  const w = SessionWriter.create(file, { appVersion: 'test' });
  const c = w.addCluster({
    url: 'http://127.0.0.1:8081',
    flinkVersion: '1.20.1',
    fetchIntervalMs: 10_000,
    pollIntervalMs: 10_000,
  });
  writeTicks(w, c, Date.now() - 60_000, 3);
  const reader = SessionReader.open(file);
  const later = createService(reader, { now: () => Date.now() + 31_000 });
  expect((await later.sessionInfo({})).live).toBe(false);
  const soon = createService(reader, { now: () => Date.now() + 5_000 });
  expect((await soon.sessionInfo({})).live).toBe(true);
  later.close();
  soon.close();
  reader.close();
  w.close();
});

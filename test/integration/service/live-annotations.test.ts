// Saving a note writes the session file's log, as a recorder does: it must not make a finished
// session read as "live" (the page would reopen on the newest tick with "● live").
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createService } from '../../../electron/service/service';
import { SessionReader, SessionWriter } from '../../../electron/session/index';
import { durationMs, epochMs } from '../../../shared/time';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'backflow-live-notes-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('a note saved in a finished session leaves it not live; a recorder writing after it makes it live', async () => {
  const file = path.join(dir, 'done.backflow');
  const w = SessionWriter.create(file, { appVersion: 'test' });
  const c = w.addCluster({
    url: 'http://127.0.0.1:8081',
    flinkVersion: '1.20.1',
    fetchIntervalMs: 10_000,
    pollIntervalMs: 10_000,
  });
  const tick = (ts: number) => ({
    tick: {
      clusterId: c,
      ts: epochMs(ts),
      status: 'ok' as const,
      latencyMs: durationMs(3),
      serverTs: null,
      fresh: true,
      requests: 2,
      error: null,
    },
  });
  for (let i = 0; i < 3; i++) w.writeTick(tick(Date.now() - 600_000 + i * 10_000));
  w.close();
  const reader = SessionReader.open(file);
  const service = createService(reader, { openWriter: () => SessionWriter.openForAppend(file) });
  try {
    expect((await service.sessionInfo({})).live).toBe(false);
    await service.addAnnotation({
      start: Date.now() - 590_000,
      end: null,
      text: 'root cause',
      tag: 'note',
      clusterId: null,
      jobId: null,
      vertexId: null,
    });
    expect((await service.sessionInfo({})).live).toBe(false);
    // A recorder appending after the note: live again.
    await new Promise((r) => setTimeout(r, 20));
    const rec = SessionWriter.openForAppend(file);
    rec.writeTick(tick(Date.now() - 500_000));
    expect((await service.sessionInfo({})).live).toBe(true);
    rec.close();
  } finally {
    service.close();
    reader.close();
  }
});

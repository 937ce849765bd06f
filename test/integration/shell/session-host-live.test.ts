// Live updates of the desktop window's sessions: ticks appended to the window's own session are
// announced as before (no handle), those of a compared session carry its handle, so the compare
// view follows the session being recorded.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LiveEvent } from '../../../shared/api';
import { durationMs, epochMs } from '../../../shared/time';
import { SessionWriter } from '../../../electron/session/writer';
import { SessionHost } from '../../../electron/shell/session-host';
import { POLL_MS, T0, TICKS, writeSession } from '../../e2e/fixtures/make-session';

let dir: string;
const file = (name: string) => path.join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'backflow-host-live-'));
  for (const name of ['mine.backflow', 'old.backflow', 'recording.backflow']) writeSession(file(name));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function append(f: string, n: number): void {
  const w = SessionWriter.openForAppend(f);
  const last = T0 + (TICKS - 1) * POLL_MS;
  for (let i = 1; i <= n; i++) {
    const ts = epochMs(last + i * POLL_MS);
    w.writeTick({
      tick: {
        clusterId: 1,
        ts,
        status: 'ok',
        latencyMs: durationMs(10),
        serverTs: ts,
        fresh: true,
        requests: 1,
        error: null,
      },
    });
  }
  w.close();
}

it("announces the window session's ticks without a handle and a compared session's with its own", () => {
  const events: LiveEvent[] = [];
  const host = new SessionHost((e) => events.push(e), 60_000);
  try {
    host.open(file('mine.backflow'));
    const { a, b } = host.openCompare(file('old.backflow'), file('recording.backflow'));
    expect(host.poll()).toBe(0);
    append(file('recording.backflow'), 2);
    expect(host.poll()).toBe(1);
    expect(events).toEqual([{ type: 'tick', clusterId: 1, ts: T0 + (TICKS + 1) * POLL_MS, tickCount: 2, session: b }]);
    append(file('mine.backflow'), 1);
    host.poll();
    expect(events[1]).toEqual({ type: 'tick', clusterId: 1, ts: T0 + TICKS * POLL_MS, tickCount: 1 });
    expect(a).not.toBe(b);
  } finally {
    host.close();
  }
});

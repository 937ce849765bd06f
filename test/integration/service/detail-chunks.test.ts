// The vertex detail of a long window is folded chunk by chunk (a bounded number of decoded frames
// at a time), and the columns come out exactly as from the whole window decoded at once: across a
// failed-poll gap, a window not starting on a tick, and a narrow one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { SessionCache } from '../../../electron/service/session-cache';
import { vertexDetail, type DetailAsk } from '../../../electron/service/vertex-detail';
import { SessionReader } from '../../../electron/session/reader';
import { JOB_ID, POLL_MS, T0, TICKS, V, writeSession } from '../../e2e/fixtures/make-session';

let dir: string;
let reader: SessionReader;
let state: { reader: SessionReader; meta: () => ReturnType<SessionCache['get']> };
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'backflow-detail-chunks-'));
  const file = path.join(dir, 'incident.backflow');
  writeSession(file);
  reader = SessionReader.open(file);
  const cache = new SessionCache(reader);
  state = { reader, meta: () => cache.get() };
});
afterAll(() => {
  reader.close();
  rmSync(dir, { recursive: true, force: true });
});

const ask = (vertexId: string, from: number, to: number, columns: number, heatmap?: DetailAsk['heatmap']) => ({
  clusterId: 1,
  jobId: JOB_ID,
  vertexId,
  from,
  to,
  columns,
  ...(heatmap ? { heatmap } : {}),
});

it('decodes a long window a chunk at a time, never all of its frames at once', async () => {
  const spy = vi.spyOn(reader, 'vertexFrames');
  try {
    // The smallest budget: chunks of 64 ticks (at most 1.5 × that, plus the lead-in, per read).
    await vertexDetail(state, ask(V.window, T0, T0 + TICKS * POLL_MS, 300), 1);
    const sizes = spy.mock.results.map((r) => (r.value as unknown[]).length);
    expect(sizes.length).toBeGreaterThan(1);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(96 + 8);
    expect(sizes.reduce((a, n) => a + n, 0)).toBeGreaterThanOrEqual(TICKS - 10);
  } finally {
    spy.mockRestore();
  }
});

it.each([
  ['the whole session', V.window, T0, T0 + TICKS * POLL_MS, 300, undefined],
  ['the whole session, busy heatmap', V.map, T0, T0 + TICKS * POLL_MS, 137, 'busy' as const],
  ['across the failed polls, off the ticks', V.source, T0 + 12_345, T0 + 587_654.5, 211, 'idle' as const],
  ['a narrow window', V.window, T0 + 152_500, T0 + 177_500, 25, undefined],
])('folds %s chunk by chunk into the same columns', async (_, vertexId, from, to, columns, heatmap) => {
  const p = ask(vertexId, from, to, columns, heatmap);
  const whole = await vertexDetail(state, p, Number.MAX_SAFE_INTEGER);
  const chunked = await vertexDetail(state, p, 1);
  expect(chunked).toEqual(whole);
  expect(whole.heatmap.values.flat().some((v) => v !== null)).toBe(true);
  expect(whole.series.busyTimeMsPerSecond.max.some((v) => v !== null && v > 0)).toBe(true);
});

it('lets the thread answer other calls between its chunks', async () => {
  const order: string[] = [];
  // A call already waiting when the detail starts: answered before the detail's last chunk, not after it.
  setImmediate(() => order.push('another call'));
  await vertexDetail(state, ask(V.window, T0, T0 + TICKS * POLL_MS, 300), 1).then(() => order.push('detail'));
  expect(order).toEqual(['another call', 'detail']);
});

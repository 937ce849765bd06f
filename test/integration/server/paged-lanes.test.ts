// Paged lanes (issue 16, item 4): the overview of a job with 10 000 vertices was 201 MB in 7–8 s,
// then refused by the answer budget. Served for real, it now comes a page of vertex lanes at a
// time: each answer a few MB at most and quick, the pages together naming every vertex once, in
// the session's vertex order.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ANSWER_BYTES, MAX_OVERVIEW_LANES, type OverviewResult, type SessionInfoResult } from '../../../shared/api';
import { startServer, type ServedSession } from '../../../electron/server/server';
import { wideVertexId, writeWideSession, type WideShape } from '../../fixtures/wide-session';

const MB = 1024 * 1024;
const SHAPE: WideShape = {
  vertices: 10_000,
  ticks: 12,
  intervalMs: 10_000,
  t0: 1_764_000_000_000,
  backpressured: [7654],
};
const FROM = SHAPE.t0;
const TO = SHAPE.t0 + (SHAPE.ticks - 1) * SHAPE.intervalMs;
/** The widest ask the UI makes: one code per pixel, up to MAX_BUCKETS. */
const BUCKETS = 4000;

let dir: string;
let served: ServedSession;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'backflow-paged-lanes-'));
  const ui = path.join(dir, 'ui');
  mkdirSync(ui);
  writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>ui</title>');
  const file = path.join(dir, 'wide.backflow');
  writeWideSession(file, SHAPE);
  served = await startServer({ sessionPath: file, port: 0, staticRoot: ui });
}, 120_000);

afterAll(async () => {
  await served?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call(
  method: string,
  params: unknown,
): Promise<{ status: number; bytes: number; ms: number; body: any }> {
  const t0 = Date.now();
  const res = await fetch(`${served.url}api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-backflow-token': served.token },
    body: JSON.stringify(params),
  });
  const text = await res.text();
  return { status: res.status, bytes: Buffer.byteLength(text), ms: Date.now() - t0, body: JSON.parse(text) };
}

describe('the overview of a 10 000-vertex job', () => {
  it('pages through every vertex once, in order, each answer a small part of the budget', async () => {
    const order = ((await call('sessionInfo', {})).body as SessionInfoResult).vertices.map((v) => v.vertexId);
    expect(order).toHaveLength(SHAPE.vertices);
    const seen: string[] = [];
    const sizes: number[] = [];
    for (let offset = 0; offset < SHAPE.vertices; offset += MAX_OVERVIEW_LANES) {
      const r = await call('overview', {
        from: FROM,
        to: TO,
        buckets: BUCKETS,
        lanes: { offset, limit: MAX_OVERVIEW_LANES },
      });
      expect(r.status).toBe(200);
      const o = r.body as OverviewResult;
      expect(o).toMatchObject({ laneCount: SHAPE.vertices, laneOffset: offset });
      expect(o.lanes).toHaveLength(MAX_OVERVIEW_LANES);
      expect(o.lanes.every((l) => l.levels.length === BUCKETS)).toBe(true);
      // 200 lanes × 4000 codes: at most 4 MB whatever the codes (the whole was 201 MB).
      expect(r.bytes).toBeLessThan(4 * MB);
      expect(r.ms).toBeLessThan(5000); // the whole took 7–8 s
      sizes.push(r.bytes);
      seen.push(...o.lanes.map((l) => l.vertexId));
    }
    expect(seen).toEqual(order);
    expect(new Set(seen).size).toBe(SHAPE.vertices);
    // Together the pages are as big as the one answer that used to be sent (and now would be refused).
    const whole = sizes.reduce((a, b) => a + b, 0);
    expect(whole).toBeGreaterThan(MAX_ANSWER_BYTES);
    expect(Math.max(...sizes)).toBeLessThan(whole / 40);
  }, 120_000);

  it('shows the backpressured vertex HIGH on its page', async () => {
    const offset = 7600;
    const o = (await call('overview', { from: FROM, to: TO, buckets: 100, lanes: { offset, limit: 100 } }))
      .body as OverviewResult;
    const lane = o.lanes.find((l) => l.vertexId === wideVertexId(7654))!;
    expect(o.lanes.indexOf(lane)).toBe(54);
    expect(lane.levels).toContain(2);
    expect(o.lanes[0]!.levels).not.toContain(2);
  });

  it('answers the first page when no page is asked for, and no lanes past the last vertex', async () => {
    const first = (await call('overview', { from: FROM, to: TO, buckets: 10 })).body as OverviewResult;
    expect(first).toMatchObject({ laneCount: SHAPE.vertices, laneOffset: 0 });
    expect(first.lanes.map((l) => l.vertexId)).toEqual(
      Array.from({ length: MAX_OVERVIEW_LANES }, (_, i) => wideVertexId(i)),
    );
    const past = (await call('overview', { from: FROM, to: TO, buckets: 10, lanes: { offset: 10_000, limit: 50 } }))
      .body as OverviewResult;
    expect(past).toMatchObject({ laneCount: SHAPE.vertices, laneOffset: 10_000, lanes: [] });
    expect(past.events).toHaveLength(1);
  });

  it('refuses a page larger than MAX_OVERVIEW_LANES, naming the field', async () => {
    const r = await call('overview', {
      from: FROM,
      to: TO,
      buckets: 10,
      lanes: { offset: 0, limit: MAX_OVERVIEW_LANES + 1 },
    });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(/^overview: lanes\.limit: /);
    const negative = await call('overview', { from: FROM, to: TO, buckets: 10, lanes: { offset: -1, limit: 10 } });
    expect(negative.status).toBe(400);
  });
});

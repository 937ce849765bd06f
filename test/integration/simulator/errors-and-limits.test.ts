// Error answers and limits: 404 `{"errors":[...]}` for unknown ids, the Netty request-line limit,
// content type on every answer, and the checkpoint history cap.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKPOINT_INTERVAL_MS, FIXTURE_JOB_ID, MAP_ID } from '../../fixtures/sim-fixture';
import { fixtureCluster, get, getJson } from './helpers';

const J = `/jobs/${FIXTURE_JOB_ID}`;
const UNKNOWN = 'ffffffffffffffffffffffffffffffff';

describe('errors and limits', () => {
  let c: Awaited<ReturnType<typeof fixtureCluster>>;
  beforeAll(async () => {
    c = await fixtureCluster();
    c.advance(12 * CHECKPOINT_INTERVAL_MS + 5000); // 12 checkpoints, the history keeps 10
  });
  afterAll(() => c.close());

  it('404 with an errors array for unknown job, vertex, checkpoint and TaskManager ids', async () => {
    for (const path of [
      `/jobs/${UNKNOWN}`,
      `/jobs/${UNKNOWN}/checkpoints`,
      `${J}/vertices/${UNKNOWN}`,
      `${J}/vertices/${UNKNOWN}/watermarks`,
      `${J}/checkpoints/details/999`,
      `/taskmanagers/no-such-tm`,
      `/no/such/endpoint`,
    ]) {
      const r = await get(c, path);
      expect([path, r.status]).toEqual([path, 404]);
      expect(r.contentType).toBe('application/json; charset=UTF-8');
      const errors = (r.json as { errors: unknown }).errors;
      expect(Array.isArray(errors) && typeof errors[0] === 'string').toBe(true);
    }
  });

  it('400 for a malformed job id', async () => {
    const r = await get(c, '/jobs/not-a-job-id');
    expect(r.status).toBe(400);
    expect((r.json as { errors: string[] }).errors[0]).toContain('jobid');
  });

  it('fails a request line over 4096 bytes like Netty does, and serves one just under it', async () => {
    const base = `${J}/vertices/${MAP_ID}/metrics?get=`;
    const names = (n: number) =>
      Array.from({ length: n }, (_, i) => `${i % 4}.Shuffle.Netty.Input.Buffers.inPoolUsage`).join(',');
    let n = 1;
    while (`GET ${base}${names(n + 1)} HTTP/1.1`.length <= 4096) n++;
    const ok = await get(c, base + names(n));
    expect(ok.status).toBe(200);
    expect((ok.json as unknown[]).length).toBe(4);
    const tooLong = await get(c, base + names(n + 1));
    expect(tooLong.status).toBe(404);
    expect(tooLong.json).toEqual({ errors: ['Not found: /bad-request'] });
  });

  it('caps the checkpoint history at 10, newest first; older ids are 404', async () => {
    const cp = await getJson(c, `${J}/checkpoints`);
    expect(cp.counts.total).toBe(12);
    const ids = cp.history.map((h: { id: number }) => h.id);
    expect(ids).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3]);
    expect((await get(c, `${J}/checkpoints/details/2`)).status).toBe(404);
    expect((await get(c, `${J}/checkpoints/details/3`)).status).toBe(200);
    const failed = await getJson(c, `${J}/checkpoints/details/8`);
    expect(failed).toMatchObject({
      className: 'failed',
      status: 'FAILED',
      failure_message: 'Checkpoint expired before completing.',
    });
    const sub = await getJson(c, `${J}/checkpoints/details/11/subtasks/${MAP_ID}`);
    expect(sub.subtasks).toHaveLength(4);
    // The model gives the max alignment over subtasks; one subtask carries it.
    expect(sub.summary.alignment.duration.max).toBe(250);
  });

  it('honours checkpointHistory', async () => {
    const small = await fixtureCluster({ checkpointHistory: 3 });
    try {
      small.advance(5 * CHECKPOINT_INTERVAL_MS + 5000);
      const cp = await getJson(small, `${J}/checkpoints`);
      expect(cp.history.map((h: { id: number }) => h.id)).toEqual([5, 4, 3]);
      expect((await get(small, `${J}/checkpoints/details/2`)).status).toBe(404);
    } finally {
      await small.close();
    }
  });
});

describe('savepoints', () => {
  it('reports the latest savepoint with its type, and its format from 1.17', async () => {
    const c120 = await fixtureCluster({ flinkVersion: '1.20' });
    const c116 = await fixtureCluster({ flinkVersion: '1.16' });
    try {
      for (const c of [c120, c116]) c.advance(8 * CHECKPOINT_INTERVAL_MS);
      const sp120 = (await getJson(c120, `${J}/checkpoints`)).latest.savepoint;
      expect(sp120).toMatchObject({
        id: 6,
        is_savepoint: true,
        checkpoint_type: 'SAVEPOINT',
        savepointFormat: 'CANONICAL',
      });
      const sp116 = (await getJson(c116, `${J}/checkpoints`)).latest.savepoint;
      expect(sp116).toMatchObject({ id: 6, checkpoint_type: 'SAVEPOINT' });
      expect('savepointFormat' in sp116).toBe(false);
      expect((await getJson(c120, `${J}/checkpoints`)).latest.completed.id).toBe(7);
    } finally {
      await c120.close();
      await c116.close();
    }
  });
});

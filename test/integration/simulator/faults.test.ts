// Injected faults, as the recorder's failure tests use them, seen over real HTTP.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixtureCluster, get } from './helpers';

describe('fault injection', () => {
  let c: Awaited<ReturnType<typeof fixtureCluster>>;
  beforeEach(async () => {
    c = await fixtureCluster();
  });
  afterEach(() => c.close());

  it('status: answers the status `times` times on matching paths only (with or without /v1)', async () => {
    c.injectFault({ kind: 'status', status: 503, body: '{"errors":["busy"]}', pathPrefix: '/jobs', times: 2 });
    expect((await get(c, '/overview')).status).toBe(200);
    const first = await get(c, '/jobs/overview');
    expect([first.status, first.json]).toEqual([503, { errors: ['busy'] }]);
    expect((await get(c, '/v1/jobs')).status).toBe(503);
    expect((await get(c, '/jobs')).status).toBe(200);
  });

  it('html: a proxy login page with 200, or 502 when asked', async () => {
    c.injectFault({ kind: 'html', times: 1 });
    const page = await get(c, '/overview');
    expect(page.status).toBe(200);
    expect(page.contentType).toMatch(/^text\/html/);
    expect(page.text.startsWith('<!DOCTYPE html>')).toBe(true);
    c.injectFault({ kind: 'html', status: 502, times: 1 });
    expect((await get(c, '/overview')).status).toBe(502);
    expect((await get(c, '/overview')).status).toBe(200);
  });

  it('delay: the normal answer arrives after the delay', async () => {
    c.injectFault({ kind: 'delay', ms: 150, times: 1 });
    const t0 = Date.now();
    const r = await get(c, '/overview');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    expect((r.json as { taskmanagers: number }).taskmanagers).toBe(2);
  });

  it('malformed-json: a 200 JSON answer that does not parse', async () => {
    c.injectFault({ kind: 'malformed-json', pathPrefix: '/overview' });
    const r = await get(c, '/overview');
    expect(r.status).toBe(200);
    expect(r.contentType).toBe('application/json; charset=UTF-8');
    expect(() => JSON.parse(r.text)).toThrow();
  });

  it('oversized: a valid JSON body of at least the requested size', async () => {
    c.injectFault({ kind: 'oversized', bytes: 2_000_000, times: 1 });
    const r = await get(c, '/jobmanager/metrics');
    expect(Buffer.byteLength(r.text)).toBeGreaterThanOrEqual(2_000_000);
    expect(Array.isArray(r.json)).toBe(true);
  });

  it('drop-connection: the request fails without a response', async () => {
    c.injectFault({ kind: 'drop-connection', times: 1 });
    await expect(fetch(`${c.url}/overview`)).rejects.toThrow();
    expect((await get(c, '/overview')).status).toBe(200);
  });

  it('clearFaults removes unlimited faults; requestCount counts every request', async () => {
    c.injectFault({ kind: 'status', status: 500 });
    const before = c.requestCount();
    expect((await get(c, '/overview')).status).toBe(500);
    expect((await get(c, '/config')).status).toBe(500);
    c.clearFaults();
    expect((await get(c, '/overview')).status).toBe(200);
    expect(c.requestCount() - before).toBe(3);
  });

  it('rejects a nonsensical fault with a clear error', () => {
    expect(() => c.injectFault({ kind: 'status', status: 42 })).toThrow(/status must be 100–599/);
    expect(() => c.injectFault({ kind: 'oversized', bytes: 0 })).toThrow(/bytes/);
    expect(() => c.injectFault({ kind: 'delay', ms: 10, times: 0 })).toThrow(/times/);
  });
});

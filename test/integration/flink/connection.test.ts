// Base URL prefix, custom headers and proxy credentials reach the server; credentials never
// appear in error messages, in the error's URL or in redactedUrl.

import { afterEach, describe, expect, it } from 'vitest';
import { FlinkApiError, FlinkClient } from '../../../electron/flink';
import { config120, overview } from '../../unit/flink/canned';
import { sendJson, startFakeJobManager, type FakeJobManager } from './fake-jobmanager';

const PASSWORD = 's3cr3t-Pa55word';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.tok3n-value';
const API_KEY = 'k3y-abcdef-123456';

let servers: FakeJobManager[] = [];
let clients: FlinkClient[] = [];
afterEach(async () => {
  for (const c of clients) c.close();
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
  clients = [];
});

async function start(handler: Parameters<typeof startFakeJobManager>[0]) {
  const s = await startFakeJobManager(handler);
  servers.push(s);
  return s;
}
function client(opts: ConstructorParameters<typeof FlinkClient>[0]) {
  const c = new FlinkClient({ retries: 0, ...opts });
  clients.push(c);
  return c;
}

function expectNoSecrets(e: unknown) {
  const err = e as FlinkApiError;
  for (const s of [PASSWORD, TOKEN, API_KEY, Buffer.from(`alice:${PASSWORD}`).toString('base64')]) {
    expect(err.message).not.toContain(s);
    expect(err.url).not.toContain(s);
    expect(JSON.stringify({ ...err })).not.toContain(s);
  }
}

describe('connection options', () => {
  it('sends requests under the path prefix with custom headers and basic auth', async () => {
    const s = await start((req, res) => {
      if (req.url === '/flink/prod/config') sendJson(res, config120);
      else sendJson(res, { errors: ['Not found: ' + req.url] }, 404);
    });
    const c = client({
      url: `${s.url}/flink/prod/`,
      headers: { 'X-Api-Key': API_KEY },
      basicAuth: { username: 'alice', password: PASSWORD },
    });
    expect(c.redactedUrl).toBe(`${s.url}/flink/prod`);
    const cfg = await c.getConfig();
    expect(cfg.flinkVersion).toBe('1.20.1');
    const seen = s.requests[0]!;
    expect(seen.url).toBe('/flink/prod/config');
    expect(seen.headers['x-api-key']).toBe(API_KEY);
    expect(seen.headers.authorization).toBe(`Basic ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}`);
    expect(seen.headers.accept).toBe('application/json');
  });

  it('sends a bearer token', async () => {
    const s = await start((_req, res) => sendJson(res, overview));
    const c = client({ url: s.url, bearerToken: TOKEN });
    await c.getOverview();
    expect(s.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('takes user:password from the URL as basic auth and never reports it', async () => {
    const s = await start((_req, res) => sendJson(res, { errors: ['nope'] }, 500));
    const c = client({ url: `http://alice:${PASSWORD}@127.0.0.1:${s.port}/gw` });
    expect(c.redactedUrl).toBe(`http://127.0.0.1:${s.port}/gw`);
    const err = await c.getOverview().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FlinkApiError);
    expect(s.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}`);
    expectNoSecrets(err);
  });

  it('keeps credentials out of error messages even when the proxy echoes them back', async () => {
    // A hostile/buggy proxy that reflects the request headers in its error body.
    const s = await start((req, res) =>
      sendJson(res, { errors: [`bad request with ${req.headers.authorization} ${req.headers['x-api-key']}`] }, 500),
    );
    for (const auth of [{ basicAuth: { username: 'alice', password: PASSWORD } }, { bearerToken: TOKEN }]) {
      const c = client({ url: s.url, headers: { 'x-api-key': API_KEY }, ...auth });
      const err = (await c.getOverview().catch((e: unknown) => e)) as FlinkApiError;
      expect(err.kind).toBe('http-status');
      expect(err.message).toContain('***');
      expectNoSecrets(err);
    }
  });

  it('rejects bad options with a specific message that hides URL credentials', () => {
    expect(() => new FlinkClient({ url: `ht!tp://alice:${PASSWORD}@x` })).toThrow(
      /invalid Flink URL "ht!tp:\/\/\*\*\*@x"/,
    );
    expect(() => new FlinkClient({ url: 'ftp://x' })).toThrow(/scheme/);
    expect(() => new FlinkClient({ url: 'http://x/?token=1' })).toThrow(/query/);
    expect(
      () => new FlinkClient({ url: 'http://x', bearerToken: TOKEN, basicAuth: { username: 'a', password: 'b' } }),
    ).toThrow(/either/);
    expect(() => new FlinkClient({ url: 'http://x', insecure: true })).toThrow(/https/);
    expect(() => new FlinkClient({ url: 'https://x', certFile: '/nonexistent.pem' })).toThrow(/both/);
    expect(() => new FlinkClient({ url: 'https://x', caFile: '/nonexistent/ca.pem' })).toThrow(
      /cannot read CA file \/nonexistent\/ca.pem: ENOENT/,
    );
  });
});

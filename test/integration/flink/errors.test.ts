// Every failure becomes a FlinkApiError with the right kind and one specific line; transient
// failures of GETs are retried, permanent ones are not.

import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FlinkApiError, FlinkClient, type FlinkConnectionOptions } from '../../../electron/flink';
import { ASK_TIMEOUT_SUMMARY, ASK_TIMEOUT_TRACE, flink500, jobsOverview } from '../../unit/flink/canned';
import { sendJson, startFakeJobManager, type FakeJobManager, type Handler } from './fake-jobmanager';

let servers: FakeJobManager[] = [];
let clients: FlinkClient[] = [];
afterEach(async () => {
  for (const c of clients) c.close();
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
  clients = [];
});

async function setup(handler: Handler, opts: Partial<FlinkConnectionOptions> = {}) {
  const server = await startFakeJobManager(handler);
  servers.push(server);
  const client = new FlinkClient({ url: `${server.url}/gw`, retryBaseDelayMs: 5, timeoutMs: 2000, ...opts });
  clients.push(client);
  return { server, client };
}

async function failure(p: Promise<unknown>): Promise<FlinkApiError> {
  const e = await p.then(
    () => {
      throw new Error('expected a failure');
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(FlinkApiError);
  const err = e as FlinkApiError;
  expect(err.message).not.toMatch(/\n/);
  return err;
}

describe('error kinds', () => {
  it('HTML page with status 200 (proxy login page) → html-response', async () => {
    const { client, server } = await setup((_q, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><html><body>Sign in</body></html>');
    });
    const err = await failure(client.getJobsOverview());
    expect(err.kind).toBe('html-response');
    expect(err.message).toBe('GET /jobs/overview: proxy answered an HTML page (status 200), not JSON');
    expect(err.url).toBe(`${server.url}/gw/jobs/overview`);
    expect(server.requests).toHaveLength(1);
  });

  it('HTML detected by a leading "<" even when labelled JSON', async () => {
    const { client } = await setup((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('\n  <html>oops</html>');
    });
    expect((await failure(client.getJobsOverview())).kind).toBe('html-response');
  });

  it.each([
    [401, /authentication failed at the proxy/],
    [403, /authorization failed at the proxy/],
  ])('%i → http-status saying what failed, not retried', async (status, text) => {
    const { client, server } = await setup((_q, res) => sendJson(res, { error: 'denied' }, status));
    const err = await failure(client.getOverview());
    expect(err).toMatchObject({ kind: 'http-status', status });
    expect(err.message).toMatch(text);
    expect(err.message.startsWith('GET /overview: ')).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it("404 → not-found with Flink's message, not retried", async () => {
    const { client, server } = await setup((_q, res) =>
      sendJson(res, { errors: ['Job 0000 not found\n\tat org.apache.flink...'] }, 404),
    );
    const err = await failure(client.getJob('0000'));
    expect(err).toMatchObject({ kind: 'not-found', status: 404 });
    expect(err.message).toBe('GET /jobs/0000: not found: Job 0000 not found');
    expect(server.requests).toHaveLength(1);
  });

  it('404 for Netty\'s fake "/bad-request" explains the request-line limit', async () => {
    const { client } = await setup((_q, res) => sendJson(res, { errors: ['Not found: /bad-request'] }, 404));
    const err = await failure(client.getOverview());
    expect(err.kind).toBe('http-status');
    expect(err.message).toMatch(/request line/);
  });

  it('500 once, then success on retry', async () => {
    let n = 0;
    const { client, server } = await setup((_q, res) =>
      n++ === 0 ? sendJson(res, { errors: ['AskTimeoutException'] }, 500) : sendJson(res, jobsOverview),
    );
    const jobs = await client.getJobsOverview();
    expect(jobs[0]!.name).toBe('orders-enrichment');
    expect(server.requests).toHaveLength(2);
    expect(client.stats).toMatchObject({ requests: 2, retries: 1, failures: 0 });
  });

  it('503 is retried (2 retries by default), then reported with the status', async () => {
    const { client, server } = await setup((_q, res) => {
      res.writeHead(503, { 'content-type': 'text/html' });
      res.end('<html>Service Unavailable</html>');
    });
    const err = await failure(client.getOverview());
    expect(err).toMatchObject({ kind: 'http-status', status: 503 });
    expect(err.message).toBe('GET /overview: server answered status 503 (proxy HTML page)');
    expect(server.requests).toHaveLength(3);
    expect(client.stats).toMatchObject({ requests: 3, retries: 2, failures: 1 });
  });

  it('a 500 that outlasts the retries keeps Flink\'s server-side cause, not just "Internal server error."', async () => {
    const { client, server } = await setup((_q, res) => {
      const body = flink500(ASK_TIMEOUT_TRACE);
      res.writeHead(500, {
        'content-type': 'application/json; charset=UTF-8',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
    });
    const err = await failure(client.getOverview());
    expect(err).toMatchObject({ kind: 'http-status', status: 500, serverMessage: ASK_TIMEOUT_SUMMARY });
    expect(err.message).toBe(`GET /overview: server answered status 500 (${ASK_TIMEOUT_SUMMARY})`);
    expect(server.requests).toHaveLength(3);
  });

  it('server text in an error is bounded, one line, without control characters, markup left as text', async () => {
    const hostile = `java.lang.IllegalStateException: \u001b[2J\u001b[31mpwned\u202e <script>alert(1)</script> ${'y'.repeat(10_000)}\r\n\tat x`;
    const { client } = await setup(
      (_q, res) =>
        sendJson(
          res,
          {
            errors: [
              'Internal server error.',
              `<Exception on server side:\n${hostile}\nCaused by: java.io.IOException: disk\u0007 full\nEnd of exception on server side>`,
            ],
          },
          500,
        ),
      { retries: 0 },
    );
    const err = await failure(client.getOverview());
    expect(err.message.length).toBeLessThanOrEqual(400);
    // eslint-disable-next-line no-control-regex
    expect(err.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(err.message).toContain('IllegalStateException: pwned <script>alert(1)</script> yyy');
    expect(err.message).toContain('(caused by IOException: disk full)');
  });

  it("any status carrying Flink's errors keeps them: a RestHandlerException sent as a whole stack trace (400)", async () => {
    const trace =
      'org.apache.flink.runtime.rest.handler.RestHandlerException: Cannot aggregate by skew\n\tat org.apache.flink.runtime.rest.handler.job.metrics.AbstractAggregatingMetricsHandler.handleRequest(AbstractAggregatingMetricsHandler.java:92)\nCaused by: java.lang.IllegalArgumentException: No enum constant AggregationMode.SKEW\n\t... 9 more';
    const { client } = await setup((_q, res) => sendJson(res, { errors: [trace] }, 400));
    const err = await failure(client.getOverview());
    expect(err.message).toBe(
      'GET /overview: server answered status 400 (RestHandlerException: Cannot aggregate by skew (caused by IllegalArgumentException: No enum constant AggregationMode.SKEW))',
    );
  });

  it('400 is not retried', async () => {
    const { client, server } = await setup((_q, res) =>
      sendJson(res, { errors: ['Invalid metric aggregation mode'] }, 400),
    );
    const err = await failure(client.getOverview());
    expect(err.message).toBe('GET /overview: server answered status 400 (Invalid metric aggregation mode)');
    expect(server.requests).toHaveLength(1);
  });

  it('a redirect (SSO login) is not followed and its query is not shown', async () => {
    const { client } = await setup((_q, res) => {
      res.writeHead(302, { location: 'https://sso.example/login?state=abc123secret' });
      res.end();
    });
    const err = await failure(client.getOverview());
    expect(err.kind).toBe('http-status');
    expect(err.message).toContain('https://sso.example/login');
    expect(err.message).not.toContain('abc123secret');
  });

  it('a server that never answers → timeout, retried', async () => {
    const { client, server } = await setup(() => undefined, { timeoutMs: 150, retries: 1 });
    const err = await failure(client.getOverview());
    expect(err.kind).toBe('timeout');
    expect(err.message).toBe('GET /overview: no answer within 150 ms');
    expect(server.requests).toHaveLength(2);
  });

  it('connection refused → unreachable', async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const client = new FlinkClient({ url: `http://127.0.0.1:${port}`, retries: 1, retryBaseDelayMs: 5 });
    clients.push(client);
    const err = await failure(client.getOverview());
    expect(err).toMatchObject({ kind: 'unreachable', code: 'ECONNREFUSED' });
    expect(err.message).toBe(`GET /overview: cannot reach http://127.0.0.1:${port}: ECONNREFUSED`);
    expect(client.stats.requests).toBe(2);
  });

  it('invalid JSON and an empty body → invalid-json', async () => {
    const { client } = await setup((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(req.url?.endsWith('/overview') ? '{"taskmanagers": 2,' : '');
    });
    expect((await failure(client.getOverview())).kind).toBe('invalid-json');
    const empty = await failure(client.getConfig());
    expect(empty.kind).toBe('invalid-json');
    expect(empty.message).toMatch(/empty response body/);
  });

  it('wrong types → schema error naming the field path', async () => {
    const bad = structuredClone(jobsOverview) as { jobs: Array<Record<string, unknown>> };
    bad.jobs[0]!['start-time'] = '2025-11-26';
    const { client } = await setup((_q, res) => sendJson(res, bad));
    const err = await failure(client.getJobsOverview());
    expect(err).toMatchObject({ kind: 'schema', field: 'jobs[0].start-time' });
    expect(err.message).toBe(
      'GET /jobs/overview: unexpected response: field jobs[0].start-time: expected number, received string',
    );
  });

  it('a body over the cap is aborted mid-stream → too-large', async () => {
    let closedByClient = false;
    const { client } = await setup(
      (_q, res) => {
        // Chunked, no content-length, never ends on its own: only an abort stops it.
        res.writeHead(200, { 'content-type': 'application/json' });
        res.on('close', () => (closedByClient = !res.writableFinished));
        const chunk = Buffer.alloc(16 * 1024, 0x20);
        const pump = (): void => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once('drain', pump);
        };
        res.write('[');
        pump();
      },
      { maxBodyBytes: 100 * 1024, retries: 0 },
    );
    const err = await failure(client.getJobsOverview());
    expect(err.kind).toBe('too-large');
    expect(err.message).toMatch(/exceeds the 102400-byte limit/);
    expect(client.stats.bytes).toBeLessThan(1024 * 1024);
    await new Promise((r) => setTimeout(r, 50));
    expect(closedByClient).toBe(true);
  });

  it('a declared content-length over the cap is refused before reading', async () => {
    const { client } = await setup((_q, res) => sendJson(res, { big: 'x'.repeat(5000) }), { maxBodyBytes: 1000 });
    expect((await failure(client.getOverview())).kind).toBe('too-large');
  });
});

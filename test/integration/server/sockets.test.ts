// Hostile peers over real sockets against the served mode (issue 16, item 5): sockets that never
// send a byte, requests stalled in their headers or body, idle keep-alives and a flood past the
// connection cap are closed within their deadlines, while real requests and a quiet live stream
// keep working. Deadlines are shortened through the limits option; the defaults are checked for
// the bound they promise, and the cap under a real lowered open-file limit in a child process.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiHandlers } from '../../../shared/api';
import {
  checkIntervalMs,
  connectionCap,
  DEFAULT_TIMEOUTS,
  defaultLimits,
  fileDescriptorLimit,
  type ServerLimits,
} from '../../../electron/server/limits';
import { listen } from '../../../electron/server/listen';
import { startServer, type ServedSession } from '../../../electron/server/server';
import { writeSession } from '../../e2e/fixtures/make-session';
import { cacheDir } from '../../fixtures/cache-dir';
import { call, host, peer, stalledBody, until, type Peer } from '../../fixtures/server-peers';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SHORT: ServerLimits = { headersMs: 600, requestMs: 1200, keepAliveMs: 300, idleMs: 1500, maxConnections: 500 };
/** Slack for timers and a loaded machine on top of a deadline plus one check interval. */
const SLACK_MS = 1000;

let dir: string;
let ui: string;
let file: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'backflow-sockets-'));
  ui = path.join(dir, 'ui');
  mkdirSync(ui);
  writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>ui</title>');
  file = path.join(dir, 'incident.backflow');
  writeSession(file);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('deadlines (shortened)', () => {
  let served: ServedSession;
  beforeAll(async () => {
    served = await startServer({ sessionPath: file, port: 0, staticRoot: ui, limits: SHORT });
  });
  afterAll(async () => served?.close());

  it('closes 50 silent and 20 body-stalled sockets within their deadlines while real requests succeed', async () => {
    const check = checkIntervalMs(SHORT);
    const silent = await Promise.all(Array.from({ length: 50 }, () => peer(served.port)));
    const stalled = await Promise.all(
      Array.from({ length: 20 }, () => peer(served.port, stalledBody(served.port, served.token))),
    );
    const hostile = [...silent, ...stalled];

    // Real requests meanwhile, on fresh and reused connections: all answered, and fast.
    const real: Array<{ status: number; ms: number }> = [];
    while (hostile.some((p) => p.closedAfter === null)) {
      real.push(await call(served));
      if (real.length > 400) throw new Error('hostile sockets still open');
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(real.length).toBeGreaterThan(10);
    expect(real.every((r) => r.status === 200)).toBe(true);
    // Never waiting behind a hostile socket (their deadlines are 600 and 1200 ms); generous for a loaded machine.
    expect(Math.max(...real.map((r) => r.ms))).toBeLessThan(SHORT.headersMs * 4);
    expect(real.map((r) => r.ms).sort((a, b) => a - b)[Math.floor(real.length / 2)]).toBeLessThan(SHORT.headersMs);

    for (const p of silent) {
      expect(p.closedAfter!).toBeGreaterThanOrEqual(SHORT.headersMs - 50);
      expect(p.closedAfter!).toBeLessThanOrEqual(SHORT.headersMs + check + SLACK_MS);
    }
    for (const p of stalled) {
      expect(p.closedAfter!).toBeGreaterThanOrEqual(SHORT.requestMs - 50);
      expect(p.closedAfter!).toBeLessThanOrEqual(SHORT.requestMs + check + SLACK_MS);
      expect(p.received).toMatch(/^HTTP\/1\.1 408 /); // Node says why before it closes
    }
  }, 20_000);

  it('closes a peer stalled in its headers, and an idle keep-alive after its timeout', async () => {
    const slowHeaders = await peer(served.port, `GET / HTTP/1.1\r\n${host(served.port)}X-Slow: 1\r\n`);
    const keepAlive = await peer(served.port, `GET / HTTP/1.1\r\n${host(served.port)}\r\n`);
    await until(() => slowHeaders.closedAfter !== null && keepAlive.closedAfter !== null, SHORT.headersMs + 2000);
    expect(keepAlive.received).toMatch(/^HTTP\/1\.1 200 /);
    // Node keeps an idle keep-alive up to a second past the timeout it announces, so the client closes first.
    expect(keepAlive.closedAfter!).toBeLessThan(SHORT.keepAliveMs + 1000 + SLACK_MS);
    expect(slowHeaders.closedAfter!).toBeLessThanOrEqual(SHORT.headersMs + checkIntervalMs(SHORT) + SLACK_MS);
  });

  it('keeps a quiet live stream open past the idle timeout with heartbeats, and still delivers events', async () => {
    const sse = await peer(
      served.port,
      `GET /api/events HTTP/1.1\r\n${host(served.port)}x-backflow-token: ${served.token}\r\n\r\n`,
    );
    await new Promise((r) => setTimeout(r, SHORT.idleMs * 2 + 500));
    expect(sse.closedAfter).toBeNull();
    expect(sse.received.match(/: keep-alive\n\n/g)?.length ?? 0).toBeGreaterThanOrEqual(3);
    served.live.publish({ type: 'annotations' });
    await until(() => sse.received.includes('event: annotations'), 2000);
    sse.socket.destroy();
  }, 10_000);
});

describe('the idle timeout waits for a peer, not for our own work', () => {
  it('answers a call that computes for longer than the idle timeout', async () => {
    const handlers = {
      sessionInfo: () => new Promise((r) => setTimeout(() => r({ slow: true }), 800)),
    } as unknown as ApiHandlers;
    const s = await listen({
      handlers,
      port: 0,
      staticRoot: ui,
      limits: { ...SHORT, headersMs: 200, requestMs: 300, idleMs: 300 },
    });
    try {
      const r = await call(s);
      expect(r.status).toBe(200);
      expect(r.ms).toBeGreaterThanOrEqual(800);
    } finally {
      await s.close();
    }
  });
});

describe('the connection cap', () => {
  it('makes room by closing the longest-waiting idle socket, and refuses with 503 when every one is busy', async () => {
    const cap = 30;
    const s = await listen({
      handlers: { sessionInfo: () => ({ ok: true }) } as unknown as ApiHandlers,
      port: 0,
      staticRoot: ui,
      limits: { ...SHORT, headersMs: 5000, requestMs: 10_000, idleMs: 20_000, maxConnections: cap },
    });
    try {
      // 40 silent peers: the oldest 10 are closed to make room for the newest.
      const silent: Peer[] = [];
      for (let i = 0; i < 40; i++) silent.push(await peer(s.port));
      await until(() => silent.filter((p) => p.closedAfter !== null).length === 10, 2000);
      expect(silent.slice(0, 10).every((p) => p.closedAfter !== null)).toBe(true);
      // A real request still gets through (another silent one makes room for it).
      expect((await call(s)).status).toBe(200);

      // Fill the cap with requests stalled in their bodies: busy, so nothing can be closed.
      const stalled = await Promise.all(Array.from({ length: cap }, () => peer(s.port, stalledBody(s.port, s.token))));
      await until(() => silent.every((p) => p.closedAfter !== null), 2000);
      const refused = await peer(s.port);
      await until(() => refused.closedAfter !== null, 2000);
      expect(refused.received).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
      expect(refused.received).toContain('{"error":"too many connections (30 open): try again shortly"}');
      expect(stalled.every((p) => p.closedAfter === null)).toBe(true);
      for (const p of stalled) p.socket.destroy();
      await until(() => stalled.every((p) => p.closedAfter !== null), 2000);
      await new Promise((r) => setTimeout(r, 50));
      expect((await call(s)).status).toBe(200);
    } finally {
      await s.close();
    }
  }, 20_000);
});

describe('the defaults', () => {
  it('close a silent or stalled socket within 60 s and keep a live stream alive', () => {
    const check = checkIntervalMs(DEFAULT_TIMEOUTS);
    expect(DEFAULT_TIMEOUTS.headersMs + check).toBeLessThanOrEqual(60_000);
    expect(DEFAULT_TIMEOUTS.requestMs + check).toBeLessThanOrEqual(60_000);
    expect(DEFAULT_TIMEOUTS.idleMs).toBeLessThanOrEqual(60_000);
    expect(DEFAULT_TIMEOUTS.keepAliveMs).toBeLessThan(DEFAULT_TIMEOUTS.idleMs);
    expect(DEFAULT_TIMEOUTS.headersMs).toBeLessThanOrEqual(DEFAULT_TIMEOUTS.requestMs); // Node requires it
  });

  it('derive the connection cap from the open-file limit, leaving descriptors for real work', () => {
    expect(connectionCap(20_000)).toBe(1000);
    expect(connectionCap(1024)).toBe(512);
    expect(connectionCap(300)).toBe(150);
    expect(connectionCap(256)).toBe(128);
    expect(connectionCap(64)).toBe(16);
    expect(connectionCap(null)).toBe(512);
    if (process.platform === 'linux') expect(fileDescriptorLimit()).toBeGreaterThan(0);
  });

  it('are what a server runs with when no limits are given', async () => {
    const s = await startServer({ sessionPath: file, port: 0, staticRoot: ui });
    try {
      expect(s.limits).toEqual(defaultLimits());
      expect(s.limits.maxConnections).toBe(connectionCap(fileDescriptorLimit()));
    } finally {
      await s.close();
    }
  });
});

describe.runIf(process.platform === 'linux')('under a lowered open-file limit (child process)', () => {
  let child: ChildProcess | null = null;
  let bundleDir: string;
  beforeAll(async () => {
    // The child serves with the defaults, so its cap comes from its own limit.
    bundleDir = cacheDir('backflow-test-serve-');
    writeFileSync(
      path.join(bundleDir, 'entry.ts'),
      `import { startServer } from ${JSON.stringify(path.join(ROOT, 'electron/server/server'))};
       const s = await startServer({ sessionPath: process.argv[2]!, port: 0, staticRoot: process.argv[3]! });
       console.log(JSON.stringify({ url: s.url, token: s.token, port: s.port, limits: s.limits }));
       process.on('SIGTERM', () => void s.close().then(() => process.exit(0)));`,
    );
    // The analysis worker beside it, as in out/cli/: the analysis then runs in a thread of its own.
    await build({
      entryPoints: {
        serve: path.join(bundleDir, 'entry.ts'),
        'analysis-worker': path.join(ROOT, 'electron/service/analysis-worker.ts'),
      },
      outdir: bundleDir,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      define: { __BACKFLOW_VERSION__: '"test"' },
      logLevel: 'silent',
    });
  });
  afterAll(() => {
    child?.kill('SIGTERM');
    rmSync(bundleDir, { recursive: true, force: true });
  });

  it('holds 300 silent sockets at the cap while real calls, the analysis worker included, succeed', async () => {
    const fdLimit = 256;
    child = spawn(
      'sh',
      [
        '-c',
        `ulimit -n ${fdLimit} && exec "${process.execPath}" "${path.join(bundleDir, 'serve.mjs')}" "$0" "$1"`,
        file,
        ui,
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    await until(() => out.includes('\n') || child!.exitCode !== null, 15_000).catch(() => {});
    if (!out.includes('\n')) throw new Error(`child did not start: ${err}`);
    const s = JSON.parse(out.split('\n')[0]!) as { url: string; token: string; port: number; limits: ServerLimits };
    expect(s.limits.maxConnections).toBe(connectionCap(fdLimit));

    const silent: Peer[] = [];
    for (let i = 0; i < 300; i++) silent.push(await peer(s.port));
    await until(() => silent.filter((p) => p.closedAfter === null).length <= s.limits.maxConnections, 5000);
    for (let i = 0; i < 10; i++) expect((await call(s)).status).toBe(200);
    // The analysis runs in a worker thread, which needs descriptors of its own.
    const analysis = await call(s, 'analysis', {});
    expect(analysis.status).toBe(200);
    expect((await call(s, 'overview', { from: 1_764_000_000_000, to: 1_764_000_600_000, buckets: 100 })).status).toBe(
      200,
    );
    expect(silent.filter((p) => p.closedAfter === null).length).toBeLessThanOrEqual(s.limits.maxConnections);
    expect(err).toBe('');
    for (const p of silent) p.socket.destroy();
  }, 60_000);
});

// Binds the HTTP bridge to loopback. Split from the session wiring so the bridge's guards can be
// tested with any implementation of the contract. Sockets are bounded in time and number here
// (limits.ts): a peer that stalls is closed, and past the connection cap a new one is refused.

import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { createHttpBridge, type BridgeOptions } from './http-bridge';
import { checkIntervalMs, defaultLimits, type ServerLimits } from './limits';
import { LiveHub } from './live';
import { COMMON_HEADERS, makeToken } from './security';

export interface ListenOptions {
  handlers: BridgeOptions['handlers'];
  /** Several open sessions (BridgeOptions.sessions). */
  sessions?: BridgeOptions['sessions'];
  /** Only loopback: the served mode is for this machine (use an SSH tunnel to reach it remotely). */
  host?: '127.0.0.1';
  /** 0 picks a free port. */
  port?: number;
  token?: string;
  staticRoot: string;
  /** Deadlines and the connection cap; defaults in limits.ts. */
  limits?: Partial<ServerLimits>;
}

export interface RunningServer {
  url: string;
  /** The URL to open, carrying the token in the fragment (never sent to servers or logs). */
  openUrl: string;
  port: number;
  token: string;
  live: LiveHub;
  /** The limits in force. */
  limits: ServerLimits;
  close(): Promise<void>;
}

/** Written straight to a socket past the cap: no request was read, so no HTTP machinery is involved. */
function refuse(socket: Socket, open: number): void {
  const body = JSON.stringify({ error: `too many connections (${open} open): try again shortly` });
  const head = Object.entries({
    ...COMMON_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'retry-after': '5',
    connection: 'close',
  })
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  socket.end(
    `HTTP/1.1 503 Service Unavailable\r\n${head}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    () => socket.destroy(),
  );
}

export async function listen(opts: ListenOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  if (host !== '127.0.0.1') throw new Error(`served mode binds to 127.0.0.1 only, not "${String(host)}"`);
  const token = opts.token ?? makeToken();
  if (token.length < 16 || !/^[A-Za-z0-9_-]+$/.test(token)) {
    throw new Error('token must be at least 16 characters of A-Z, a-z, 0-9, "-" or "_"');
  }
  const limits: ServerLimits = { ...defaultLimits(), ...opts.limits };
  // Live streams stay open by writing a heartbeat well within the idle timeout.
  const live = new LiveHub(Math.min(15_000, Math.floor(limits.idleMs / 3)));
  let port = opts.port ?? 0;
  const server = createServer(
    {
      headersTimeout: limits.headersMs,
      requestTimeout: limits.requestMs,
      keepAliveTimeout: limits.keepAliveMs,
      connectionsCheckingInterval: checkIntervalMs(limits),
    },
    createHttpBridge({
      handlers: opts.handlers,
      ...(opts.sessions ? { sessions: opts.sessions } : {}),
      token,
      port: () => port,
      staticRoot: path.resolve(opts.staticRoot),
      live,
    }),
  );
  // Idle in either direction (the bridge pauses this while it works on an answer).
  server.timeout = limits.idleMs;
  // Past the cap, the connection waiting longest for a request (a silent or slow-headers peer, an
  // idle keep-alive) makes room, so a browser's request still gets through; only when every one is
  // busy with a request is the new one refused.
  const sockets = new Set<Socket>();
  const waiting = new Map<Socket, true>(); // no request in flight, oldest first
  server.on('connection', (socket: Socket) => {
    if (sockets.size >= limits.maxConnections) {
      const oldest = waiting.keys().next();
      if (oldest.done) return refuse(socket, sockets.size);
      waiting.delete(oldest.value);
      sockets.delete(oldest.value);
      oldest.value.destroy();
    }
    sockets.add(socket);
    waiting.set(socket, true);
    socket.once('close', () => {
      sockets.delete(socket);
      waiting.delete(socket);
    });
  });
  server.on('request', (req, res) => {
    const socket = req.socket;
    waiting.delete(socket);
    res.once('finish', () => {
      if (!socket.destroyed) waiting.set(socket, true);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    openUrl: `${url}#token=${token}`,
    port,
    token,
    live,
    limits,
    close: () =>
      new Promise<void>((resolve) => {
        live.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

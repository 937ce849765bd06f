// Binds the HTTP bridge to loopback. Split from the session wiring so the bridge's guards can be
// tested with any implementation of the contract.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { ApiHandlers } from '../../shared/api';
import { createHttpBridge } from './http-bridge';
import { LiveHub } from './live';
import { makeToken } from './security';

export interface ListenOptions {
  handlers: ApiHandlers;
  /** Only loopback: the served mode is for this machine (use an SSH tunnel to reach it remotely). */
  host?: '127.0.0.1';
  /** 0 picks a free port. */
  port?: number;
  token?: string;
  staticRoot: string;
}

export interface RunningServer {
  url: string;
  /** The URL to open, carrying the token in the fragment (never sent to servers or logs). */
  openUrl: string;
  port: number;
  token: string;
  live: LiveHub;
  close(): Promise<void>;
}

export async function listen(opts: ListenOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  if (host !== '127.0.0.1') throw new Error(`served mode binds to 127.0.0.1 only, not "${String(host)}"`);
  const token = opts.token ?? makeToken();
  if (token.length < 16 || !/^[A-Za-z0-9_-]+$/.test(token)) {
    throw new Error('token must be at least 16 characters of A-Z, a-z, 0-9, "-" or "_"');
  }
  const live = new LiveHub();
  let port = opts.port ?? 0;
  const server = createServer(
    createHttpBridge({ handlers: opts.handlers, token, port: () => port, staticRoot: path.resolve(opts.staticRoot), live }),
  );
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
    close: () =>
      new Promise<void>((resolve) => {
        live.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

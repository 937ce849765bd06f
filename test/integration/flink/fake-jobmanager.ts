// A real HTTP(S) server on 127.0.0.1 standing in for a JobManager (or the proxy in front of it).
// Tests give it a handler; it records every request and the number of requests in flight.

import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  /** Length of `METHOD url HTTP/1.1`, the line Flink's Netty limits to 4096 bytes. */
  requestLineLength: number;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, seen: SeenRequest) => void | Promise<void>;

export interface FakeJobManager {
  url: string;
  port: number;
  requests: SeenRequest[];
  maxInFlight: number;
  close(): Promise<void>;
}

export function sendJson(res: http.ServerResponse, body: unknown, status = 200): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export async function startFakeJobManager(handler: Handler, tls?: https.ServerOptions): Promise<FakeJobManager> {
  const requests: SeenRequest[] = [];
  let inFlight = 0;
  const state = { maxInFlight: 0 };
  const listener = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const seen: SeenRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      requestLineLength: `${req.method} ${req.url} HTTP/${req.httpVersion}`.length,
    };
    requests.push(seen);
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    Promise.resolve(handler(req, res, seen)).catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, { errors: [String(e)] }, 500);
    });
  };
  const server = tls ? https.createServer(tls, listener) : http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests,
    get maxInFlight() {
      return state.maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

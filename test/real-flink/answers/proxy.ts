// A recording HTTP proxy between the recorder and a cluster (real or simulated): every answer the
// recorder gets, exactly as it came over the wire, kept by route.
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { routeOf } from './routes';

export interface Exchange {
  route: string;
  /** Path and query as asked (ids kept). */
  url: string;
  status: number;
  contentType: string | null;
  body: string;
}

export interface CaptureProxy {
  url: string;
  exchanges: Exchange[];
  close(): Promise<void>;
}

/** Bodies above this are kept cut (a metric list of a wide job is ~100 kB). */
const MAX_BODY = 4 * 1024 * 1024;

export async function startCaptureProxy(target: string): Promise<CaptureProxy> {
  const base = new URL(target);
  const exchanges: Exchange[] = [];
  const server: Server = createServer((req, res) => {
    const upstream = request(
      {
        host: base.hostname,
        port: base.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: base.host },
      },
      (up: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        up.on('data', (c: Buffer) => {
          if (size < MAX_BODY) chunks.push(c);
          size += c.length;
        });
        up.on('end', () => {
          exchanges.push({
            route: routeOf(req.url ?? '/'),
            url: req.url ?? '/',
            status: up.statusCode ?? 0,
            contentType: up.headers['content-type'] ?? null,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', (e) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`capture proxy: ${e.message}`);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

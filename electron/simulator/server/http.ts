// The HTTP side of the simulated JobManager: Netty-like request-line limit, `/v1` mounting,
// JSON with Flink's content type, `{"errors": [...]}` for failures, and injected faults.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WireContext } from '../versions/context';
import { RestError } from '../versions/errors';
import type { BackpressureSampler } from '../versions/backpressure';
import type { FlameGraphSampler } from '../evidence/flame-graph';
import type { FaultInjector, SimFault } from './faults';
import { PROXY_HTML_PAGE } from './faults';
import { matchRoute } from './routes';

export const JSON_CONTENT_TYPE = 'application/json; charset=UTF-8';
/** Netty HttpServerCodec default maxInitialLineLength. */
export const MAX_INITIAL_LINE = 4096;

export interface RequestDeps {
  context: () => WireContext;
  /** Answers of ExecutionGraph-backed routes by URL, with the model time they were made. */
  graphCache: Map<string, { at: number; body: string }>;
  faults: FaultInjector;
  sampler: BackpressureSampler;
  flameGraphs: FlameGraphSampler;
  restPort: () => number;
}

function send(res: ServerResponse, status: number, body: string, type = JSON_CONTENT_TYPE): void {
  if (res.destroyed) return;
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'Access-Control-Allow-Origin': '*',
  });
  res.end(body);
}

const errorBody = (message: string) => JSON.stringify({ errors: [message] });

/** Answers one request as Flink would, returning the JSON text it sent (for fault variants). */
function answer(req: IncomingMessage, deps: RequestDeps): { status: number; body: string } {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname.startsWith('/v1/') ? url.pathname.slice(3) : url.pathname === '/v1' ? '/' : url.pathname;
  const route = matchRoute(path);
  if (!route) return { status: 404, body: errorBody(`Not found: ${url.pathname}`) };
  if (req.method !== 'GET')
    return { status: 405, body: errorBody(`Request method ${req.method} not allowed for ${url.pathname}`) };
  const ctx = deps.context();
  const key = url.pathname.replace(/^\/v1\//, '/') + url.search;
  if (route.cached) {
    const hit = deps.graphCache.get(key);
    if (hit && ctx.view.now - hit.at < ctx.config.refreshIntervalMs) return { status: 200, body: hit.body };
  }
  try {
    const result = route.handler({
      ctx,
      params: route.params,
      query: url.searchParams,
      path: url.pathname,
      restPort: deps.restPort(),
      sampler: deps.sampler,
      flameGraphs: deps.flameGraphs,
    });
    const body = JSON.stringify(result);
    if (route.cached) {
      deps.graphCache.set(key, { at: ctx.view.now, body });
      if (deps.graphCache.size > 1000) {
        for (const [k, v] of deps.graphCache)
          if (ctx.view.now - v.at >= ctx.config.refreshIntervalMs) deps.graphCache.delete(k);
      }
    }
    return { status: 200, body };
  } catch (e) {
    if (e instanceof RestError) return { status: e.status, body: errorBody(e.message) };
    // As Flink's AbstractHandler answers an unhandled exception: a generic entry, then the trace.
    const trace = (e as Error).stack ?? String(e);
    return {
      status: 500,
      body: JSON.stringify({
        errors: ['Internal server error.', `<Exception on server side:\n${trace}\nEnd of exception on server side>`],
      }),
    };
  }
}

export function handleRequest(req: IncomingMessage, res: ServerResponse, deps: RequestDeps): void {
  const line = `${req.method} ${req.url} HTTP/${req.httpVersion}`;
  if (line.length > MAX_INITIAL_LINE) {
    // Netty replaces an over-long request with a fake "/bad-request" one, which no handler serves.
    send(res, 404, errorBody('Not found: /bad-request'));
    return;
  }
  const raw = (req.url ?? '/').split('?')[0]!;
  const fault = deps.faults.take(raw, raw.startsWith('/v1/') ? raw.slice(3) : raw);
  if (fault) {
    applyFault(fault, req, res, deps);
    return;
  }
  const { status, body } = answer(req, deps);
  send(res, status, body);
}

function applyFault(f: SimFault, req: IncomingMessage, res: ServerResponse, deps: RequestDeps): void {
  switch (f.kind) {
    case 'status':
      send(res, f.status, f.body ?? errorBody('Internal server error.'));
      return;
    case 'html':
      send(res, f.status ?? 200, PROXY_HTML_PAGE, 'text/html; charset=utf-8');
      return;
    case 'delay': {
      const timer = setTimeout(() => {
        const { status, body } = answer(req, deps);
        send(res, status, body);
      }, f.ms);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    case 'malformed-json': {
      const { body } = answer(req, deps);
      send(res, 200, body.slice(0, Math.max(1, Math.floor(body.length / 2))));
      return;
    }
    case 'oversized': {
      send(res, 200, oversizedBody(f.bytes));
      return;
    }
    case 'drop-connection':
      req.socket.destroy();
      return;
  }
}

/** A valid JSON array of metric-like entries, at least `bytes` long. */
function oversizedBody(bytes: number): string {
  const item = JSON.stringify({ id: 'padding', value: 'x'.repeat(1000) });
  const n = Math.max(1, Math.ceil(bytes / (item.length + 1)));
  return `[${Array.from({ length: n }, () => item).join(',')}]`;
}

// The HTTP bridge of the API contract: `POST /api/<method>` with a JSON body of params,
// `GET /api/events` as server-sent events, and the built renderer as static files. Every
// request passes the Host/Origin check; every API request needs the per-run token header.
// Params are validated with the contract's own schemas before any handler runs.

import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import {
  ApiNotFoundError,
  ApiParamError,
  ApiRefusedError,
  SESSION_QUERY,
  TOKEN_HEADER,
  isApiMethod,
  isRegistryMethod,
  parseParams,
  parseRegistryParams,
  parseSessionHandle,
  DEFAULT_SESSION,
  type ApiHandlers,
  type ApiMethod,
  type RegistryMethod,
} from '../../shared/api';
import { answerMessage } from '../session/errors';
import { answerOf, type Answering } from '../service/answer';
import type { SessionRouter } from '../service/sessions';
import type { LiveHub } from './live';
import { COMMON_HEADERS, foreignOrigin, tokenMatches } from './security';
import { readStatic } from './static-files';

const MAX_BODY_BYTES = 64 * 1024;

export interface BridgeOptions {
  /** The contract's handlers; a service that encodes its own answers (service.ts) is asked for those. */
  handlers: ApiHandlers & Partial<Answering>;
  /**
   * Several open sessions: a call names one with `?session=<handle>` (the first without), and
   * the calls about them all (sessions, compare) are answered. Without it only `handlers` is served.
   */
  sessions?: SessionRouter;
  token: string;
  /** The port the server listens on, needed to check Host/Origin (read lazily once bound). */
  port: () => number;
  staticRoot: string;
  live: LiveHub;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    ...COMMON_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, JSON.stringify({ error: message }));
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) throw new HttpError(415, 'request body must be application/json');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `request body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'request body is not valid JSON');
  }
}

/** The handlers of the session a call names (`?session=`), the default one without. */
function sessionHandlers(opts: BridgeOptions, session: string | null): ApiHandlers & Partial<Answering> {
  if (opts.sessions) return opts.sessions.session(session);
  if (session === null || session === DEFAULT_SESSION) return opts.handlers;
  throw new ApiNotFoundError(`no open session "${session}" (open: ${DEFAULT_SESSION})`);
}

async function callApi(
  opts: BridgeOptions,
  method: ApiMethod | RegistryMethod,
  session: string | null,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const raw = await readJsonBody(req);
  if (isRegistryMethod(method)) {
    const params = parseRegistryParams(method, raw);
    sendJson(res, 200, await opts.sessions!.answer(method, params));
    return;
  }
  const params = parseParams(method, raw);
  const handlers = sessionHandlers(opts, session);
  // The idle timeout is for a peer that stalls, not for our own work on the answer.
  const idleMs = req.socket.timeout ?? 0;
  req.socket.setTimeout(0);
  let answer: string;
  try {
    answer = await answerOf(handlers, method, params);
  } finally {
    if (!req.socket.destroyed) req.socket.setTimeout(idleMs);
  }
  sendJson(res, 200, answer);
}

export function createHttpBridge(opts: BridgeOptions): RequestListener {
  return (req, res) => {
    void handle(opts, req, res).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      // Answers name the session file, never its folder (answerMessage).
      const message = answerMessage(err);
      if (err instanceof HttpError) sendError(res, err.status, message);
      else if (err instanceof ApiParamError) sendError(res, 400, message);
      else if (err instanceof ApiNotFoundError) sendError(res, 404, message);
      else if (err instanceof ApiRefusedError) sendError(res, 409, message);
      else sendError(res, 500, message);
    });
  };
}

async function handle(opts: BridgeOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const foreign = foreignOrigin(req, opts.port());
  if (foreign) return sendError(res, 403, foreign);
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');

  if (url.pathname.startsWith('/api/')) {
    if (!tokenMatches(opts.token, req.headers[TOKEN_HEADER])) {
      return sendError(res, 401, `missing or wrong ${TOKEN_HEADER} header`);
    }
    const name = url.pathname.slice('/api/'.length);
    // Which open session the call is about: a malformed handle is a 400, an unknown one a 404.
    const asked = parseSessionHandle(url.searchParams.get(SESSION_QUERY) ?? undefined);
    if (name === 'events') {
      if (req.method !== 'GET') return sendError(res, 405, 'use GET for /api/events');
      // An unknown handle is refused before the stream opens.
      if (!opts.sessions) sessionHandlers(opts, asked);
      opts.live.attach(res, COMMON_HEADERS, opts.sessions ? opts.sessions.resolve(asked) : DEFAULT_SESSION);
      return;
    }
    const known = isApiMethod(name) || (opts.sessions !== undefined && isRegistryMethod(name));
    if (!known) return sendError(res, 404, `unknown API method "${name}"`);
    if (req.method !== 'POST') return sendError(res, 405, `use POST for /api/${name}`);
    return callApi(opts, name, asked, req, res);
  }

  if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, 'read-only');
  const file = await readStatic(opts.staticRoot, url.pathname);
  if (!file) return sendError(res, 404, 'not found');
  res.writeHead(200, {
    ...COMMON_HEADERS,
    'content-type': file.type,
    'content-length': file.body.length,
    'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  res.end(req.method === 'HEAD' ? undefined : file.body);
}

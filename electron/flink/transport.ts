// The HTTP layer: one GET of one JSON document, with a per-attempt deadline, a body-size cap,
// bounded concurrency, retries with backoff for transient failures, and classification of every
// failure into a FlinkApiError. Uses node:http(s) directly so CA, client cert and
// rejectUnauthorized apply, and a keep-alive agent so polling reuses connections.

import http from 'node:http';
import https from 'node:https';
import { scrubSecrets, type ResolvedConnection } from './connection';
import { FlinkApiError, flinkErrorSummary, type FlinkErrorKind } from './errors';
import { countProblem, currentTickBudget, type TickBudget } from './budget';
import { routeOf } from './routes';
import { Semaphore } from './semaphore';
import { errorText } from '../../shared/error-text';

/** Request and byte counts for status lines. */
export interface TransportStats {
  /** HTTP requests sent (each retry counts). */
  requests: number;
  /** Response body bytes received. */
  bytes: number;
  retries: number;
  failures: number;
}

/** Flink answers transient trouble (busy JobManager, ask timeouts) with 500; proxies with 502–504. */
const RETRY_STATUSES = new Set([500, 502, 503, 504]);
const RETRY_KINDS = new Set<FlinkErrorKind>(['unreachable', 'timeout']);

/** Who answers behind the connection: where a refused credential was refused, and how its error bodies read. */
export interface TransportDialect {
  /** Completes "authentication failed at …". */
  gatekeeper: string;
  /** The server's own words from an error body as one bounded line, or null. */
  errorSummary(body: string): string | null;
}

export const FLINK_DIALECT: TransportDialect = {
  gatekeeper: 'the proxy in front of the JobManager',
  errorSummary: flinkErrorSummary,
};

const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|EPROTO$|HOSTNAME_MISMATCH)/;
const NET_CODE =
  /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|EPIPE|ETIMEDOUT|ECONNABORTED)$/;

interface RawResponse {
  status: number;
  contentType: string;
  location: string | null;
  body: Buffer;
}

export class Transport {
  readonly stats: TransportStats = { requests: 0, bytes: 0, retries: 0, failures: 0 };
  private readonly sem: Semaphore;

  constructor(
    private readonly conn: ResolvedConnection,
    private readonly dialect: TransportDialect = FLINK_DIALECT,
  ) {
    this.sem = new Semaphore(conn.maxConcurrency);
  }

  /** Full server path for an API path (adds the proxy prefix). */
  serverPath(apiPath: string): string {
    return `${this.conn.prefix}${apiPath}`;
  }

  /**
   * GETs `apiPath` (+ already-encoded `query`, without `?`) and returns the parsed JSON. Inside a
   * tick budget (budget.ts) every attempt ends by the tick's deadline, retries only start when
   * they can finish, and nothing is sent once the budget is spent or while the path is backed off.
   */
  async getJson(apiPath: string, query = ''): Promise<unknown> {
    const budget = currentTickBudget();
    for (let attempt = 0; ; attempt++) {
      try {
        if (budget) this.admit(budget, apiPath);
        const value = await this.attempt(apiPath, query, budget);
        budget?.backoff.answered(apiPath);
        return value;
      } catch (e) {
        const err = e as FlinkApiError;
        if (budget && err.kind === 'timeout') budget.backoff.timedOut(apiPath);
        const retryable =
          RETRY_KINDS.has(err.kind) ||
          (err.status !== null && RETRY_STATUSES.has(err.status) && err.kind === 'http-status');
        // Exponential backoff with "equal jitter": half fixed, half random.
        const base = this.conn.retryBaseDelayMs * 2 ** attempt;
        const delay = base / 2 + Math.random() * (base / 2);
        const inTime = !budget || performance.now() + delay < budget.deadline;
        if (!retryable || attempt >= this.conn.retries || !inTime || (budget && err.kind === 'timeout')) {
          this.stats.failures++;
          // A 404 is an answer (a job or checkpoint detail that is gone), not a problem of the tick.
          if (budget && err.kind !== 'not-found') countProblem(budget, err.kind, routeOf(apiPath));
          throw err;
        }
        this.stats.retries++;
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  /** Throws a 'not-asked' error when the tick cannot afford this request. */
  private admit(b: TickBudget, apiPath: string): void {
    const now = performance.now();
    const wait = b.backoff.ticksLeft(apiPath);
    let why: string | null = null;
    if (now >= b.deadline) {
      b.skipped.deadline++;
      why = "the tick's deadline passed";
    } else if (wait > 0) {
      b.skipped.backedOff++;
      why = `slow endpoint backed off for ${wait} tick${wait === 1 ? '' : 's'} after timing out again`;
    } else if (b.requests >= b.maxRequests) {
      b.skipped.budget++;
      why = `the tick's ${b.maxRequests}-request budget was spent`;
    } else if (b.bytes >= b.maxBytes) {
      b.skipped.budget++;
      why = `the tick's ${b.maxBytes}-byte budget was spent`;
    }
    if (why) throw this.error('not-asked', apiPath, `not asked: ${why}`);
    b.requests++;
  }

  close(): void {
    this.conn.agent.destroy();
  }

  private error(
    kind: FlinkErrorKind,
    apiPath: string,
    detail: string,
    extra: { status?: number; code?: string; serverMessage?: string | null } = {},
  ): FlinkApiError {
    const { serverMessage, ...rest } = extra;
    return new FlinkApiError({
      kind,
      method: 'GET',
      path: apiPath,
      url: `${this.conn.redactedUrl}${apiPath}`,
      detail: scrubSecrets(detail, this.conn.secrets),
      ...rest,
      ...(serverMessage ? { serverMessage: scrubSecrets(serverMessage, this.conn.secrets) } : {}),
    });
  }

  private async attempt(apiPath: string, query: string, budget: TickBudget | undefined): Promise<unknown> {
    await this.sem.acquire();
    let raw: RawResponse;
    try {
      // Waiting for a slot may have used up the tick.
      const left = budget ? budget.deadline - performance.now() : Infinity;
      if (left <= 0) {
        budget!.skipped.deadline++;
        throw this.error('not-asked', apiPath, "not asked: the tick's deadline passed");
      }
      raw = await this.send(apiPath, query, left);
    } finally {
      this.sem.release();
    }
    if (budget) budget.bytes += raw.body.length;
    return this.classify(apiPath, raw);
  }

  /** One request; it ends by `leftMs` (the tick's deadline) or the per-attempt timeout, whichever is first. */
  private send(apiPath: string, query: string, leftMs: number): Promise<RawResponse> {
    const c = this.conn;
    const limitMs = Math.min(c.timeoutMs, Math.max(1, Math.round(leftMs)));
    const lib = c.protocol === 'https:' ? https : http;
    return new Promise<RawResponse>((resolve, reject) => {
      let settled = false;
      const fail = (err: FlinkApiError): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.destroy();
        reject(err);
      };
      this.stats.requests++;
      const req = lib.request({
        agent: c.agent,
        hostname: c.hostname,
        port: c.port,
        method: 'GET',
        path: this.serverPath(apiPath) + (query ? `?${query}` : ''),
        headers: c.headers,
      });
      const timer = setTimeout(() => {
        const why =
          limitMs < c.timeoutMs
            ? `no answer by the tick's deadline (${limitMs} ms left)`
            : `no answer within ${c.timeoutMs} ms`;
        fail(this.error('timeout', apiPath, why));
      }, limitMs);
      req.on('error', (e: NodeJS.ErrnoException) => fail(this.networkError(apiPath, e)));
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        const declared = Number(res.headers['content-length']);
        const tooLarge = (): FlinkApiError =>
          this.error(
            'too-large',
            apiPath,
            `response body exceeds the ${c.maxBodyBytes}-byte limit (status ${status})`,
            { status },
          );
        if (Number.isFinite(declared) && declared > c.maxBodyBytes) {
          fail(tooLarge());
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          this.stats.bytes += chunk.length;
          if (size > c.maxBodyBytes) fail(tooLarge());
          else chunks.push(chunk);
        });
        res.on('error', (e: NodeJS.ErrnoException) => fail(this.networkError(apiPath, e)));
        res.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({
            status,
            contentType: String(res.headers['content-type'] ?? ''),
            location: typeof res.headers.location === 'string' ? res.headers.location : null,
            body: Buffer.concat(chunks),
          });
        });
      });
      req.end();
    });
  }

  private networkError(apiPath: string, e: NodeJS.ErrnoException): FlinkApiError {
    const code = e.code ?? '';
    if (TLS_CODE.test(code) || /certificate|ssl|tls/i.test(e.message)) {
      const hint = /CERT|SELF_SIGNED|UNABLE_TO|DEPTH_ZERO/.test(code)
        ? ' (give the proxy CA with a CA file, or use insecure mode)'
        : '';
      return this.error('tls', apiPath, `TLS handshake failed: ${e.message}${code ? ` (${code})` : ''}${hint}`, {
        code,
      });
    }
    if (NET_CODE.test(code) || e.message === 'socket hang up') {
      return this.error('unreachable', apiPath, `cannot reach ${this.conn.redactedUrl}: ${code || e.message}`, {
        code: code || 'ECONNRESET',
      });
    }
    return this.error('unreachable', apiPath, `request failed: ${e.message}`, code ? { code } : {});
  }

  private classify(apiPath: string, r: RawResponse): unknown {
    const text = r.body.toString('utf8');
    const isHtml = /text\/html/i.test(r.contentType) || /^\s*</.test(text);
    const status = r.status;
    if (status >= 300 && status < 400) {
      const where = r.location ? ` to ${r.location.replace(/[?#].*$/, '')}` : '';
      return this.throwStatus(
        apiPath,
        status,
        `proxy redirected (status ${status})${where}; a login page? check the credentials`,
      );
    }
    if (status === 401 || status === 403) {
      const what = status === 401 ? 'authentication' : 'authorization';
      return this.throwStatus(
        apiPath,
        status,
        `${what} failed at ${this.dialect.gatekeeper} (status ${status}); check the credentials`,
      );
    }
    if (status === 404) {
      const msg = isHtml ? null : this.dialect.errorSummary(text);
      // Netty swaps an over-long request line for a fake "/bad-request" request (FLINK-8949).
      if (msg && /bad-request/.test(msg)) {
        return this.throwStatus(apiPath, status, 'server rejected the request line (longer than 4096 bytes?)', msg);
      }
      const detail = isHtml
        ? 'not found (proxy HTML page: is the URL path prefix right?)'
        : `not found${msg ? `: ${msg}` : ''}`;
      throw this.error('not-found', apiPath, detail, { status, serverMessage: msg });
    }
    if (status < 200 || status >= 300) {
      // Flink's 500 is ["Internal server error.", "<server-side stack trace>"]: the summary keeps the cause.
      const msg = isHtml ? null : this.dialect.errorSummary(text);
      return this.throwStatus(
        apiPath,
        status,
        `server answered status ${status}${isHtml ? ' (proxy HTML page)' : msg ? ` (${msg})` : ''}`,
        msg,
      );
    }
    if (isHtml) {
      throw this.error('html-response', apiPath, `proxy answered an HTML page (status ${status}), not JSON`, {
        status,
      });
    }
    if (text.trim() === '') {
      throw this.error('invalid-json', apiPath, `empty response body (status ${status}), expected JSON`, { status });
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      throw this.error('invalid-json', apiPath, `response is not valid JSON (${errorText(e)})`, { status });
    }
  }

  private throwStatus(apiPath: string, status: number, detail: string, serverMessage: string | null = null): never {
    throw this.error('http-status', apiPath, detail, { status, serverMessage });
  }
}

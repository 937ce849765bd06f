// One error type for a Prometheus-compatible store (Prometheus, Thanos, Mimir, VictoriaMetrics),
// each a one-line message saying what to fix. Built from the shared transport's FlinkApiError
// (same HTTP layer as the Flink client), re-classified in the store's terms.

import type { FlinkApiError } from '../flink/errors';
import { oneLine } from '../flink/errors';

export type PrometheusErrorKind =
  | 'unreachable'
  | 'timeout'
  | 'tls'
  | 'auth'
  | 'not-prometheus'
  | 'html-response'
  | 'query'
  | 'too-many-points'
  | 'http-status'
  | 'schema'
  | 'too-large';

export class PrometheusApiError extends Error {
  readonly kind: PrometheusErrorKind;
  readonly status: number | null;

  constructor(kind: PrometheusErrorKind, message: string, status: number | null = null) {
    super(oneLine(message));
    this.name = 'PrometheusApiError';
    this.kind = kind;
    this.status = status;
  }
}

/** Prometheus' error body `{"status":"error","errorType":"bad_data","error":"…"}` as `bad_data: …`; null for any other body. */
export function prometheusErrorSummary(body: string, max = 300): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  const { errorType, error } = (parsed ?? {}) as { errorType?: unknown; error?: unknown };
  if (typeof error !== 'string') return null;
  return oneLine(typeof errorType === 'string' && errorType ? `${errorType}: ${error}` : error, max);
}

/** Prometheus caps a range query's resolution: `exceeded maximum resolution of 11,000 points per timeseries`. */
export const MAX_POINTS_PER_SERIES = 11_000;
const RESOLUTION_LIMIT = /exceeded maximum resolution/i;

/** Re-classifies a transport failure of `GET <path>` against the store at `url`. */
export function fromTransportError(e: FlinkApiError, url: string): PrometheusApiError {
  const at = `GET ${e.path}`;
  const said = e.serverMessage;
  switch (e.kind) {
    case 'unreachable':
    case 'timeout':
    case 'tls':
    case 'too-large':
      return new PrometheusApiError(e.kind, e.message, e.status);
    case 'html-response':
      return new PrometheusApiError(
        'html-response',
        `${at}: ${url} answered an HTML page, not the Prometheus API (a login page or proxy? check the URL and credentials)`,
        e.status,
      );
    case 'invalid-json':
      return new PrometheusApiError(
        'not-prometheus',
        `${at}: ${url} answered something that is not JSON: not a Prometheus API`,
        e.status,
      );
    case 'not-found':
      return new PrometheusApiError(
        'not-prometheus',
        `${at}: not found at ${url} (status 404${said ? `, "${said}"` : ''}): not a Prometheus API, or a wrong path prefix`,
        404,
      );
    default:
      break;
  }
  const status = e.status;
  if (status === 401 || status === 403 || (status !== null && status >= 300 && status < 400)) {
    return new PrometheusApiError('auth', e.message, status);
  }
  if (said && RESOLUTION_LIMIT.test(said)) {
    return new PrometheusApiError(
      'too-many-points',
      `${at}: the store refused the query's resolution (${said}); use a larger --step or a shorter window`,
      status,
    );
  }
  if (said && status !== null && status >= 400 && status < 500)
    return new PrometheusApiError('query', `${at}: the store refused the query (status ${status}): ${said}`, status);
  if (said) return new PrometheusApiError('http-status', `${at}: the store failed (status ${status}): ${said}`, status);
  return new PrometheusApiError('http-status', e.message, status);
}

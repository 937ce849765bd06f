// One error type for everything that can go wrong talking to a Flink JobManager, so the recorder
// can decide per kind (retry later, mark the tick partial, tell the user to fix a flag) without
// parsing messages. Messages are one line and never carry credentials or query strings.

export type FlinkErrorKind =
  | 'unreachable'
  | 'timeout'
  | 'http-status'
  | 'not-found'
  | 'html-response'
  | 'invalid-json'
  | 'schema'
  | 'too-large'
  | 'tls';

export interface FlinkApiErrorInit {
  kind: FlinkErrorKind;
  /** `GET`. */
  method: string;
  /** API path below the base URL, without query (`/jobs/overview`). */
  path: string;
  /** Redacted absolute URL (no credentials, no query). */
  url: string;
  /** What went wrong, without the `GET /path: ` lead-in. */
  detail: string;
  status?: number;
  /** For kind 'schema': the failing field path, e.g. `jobs[0].start-time`. */
  field?: string;
  /** Low-level error code (ECONNREFUSED, SELF_SIGNED_CERT_IN_CHAIN, ...). */
  code?: string;
}

export class FlinkApiError extends Error {
  readonly kind: FlinkErrorKind;
  readonly method: string;
  readonly path: string;
  readonly url: string;
  readonly status: number | null;
  readonly field: string | null;
  readonly code: string | null;

  constructor(init: FlinkApiErrorInit) {
    super(oneLine(`${init.method} ${init.path}: ${init.detail}`));
    this.name = 'FlinkApiError';
    this.kind = init.kind;
    this.method = init.method;
    this.path = init.path;
    this.url = init.url;
    this.status = init.status ?? null;
    this.field = init.field ?? null;
    this.code = init.code ?? null;
  }
}

export function isFlinkApiError(e: unknown): e is FlinkApiError {
  return e instanceof FlinkApiError;
}

/** Collapses whitespace so a message stays on one status line; cuts overly long server text. */
export function oneLine(text: string, max = 400): string {
  const s = text.replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

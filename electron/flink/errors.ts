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
  | 'tls'
  /** Never sent: the tick's deadline or request/byte budget was spent, or the endpoint is backed off. */
  | 'not-asked';

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
  /** What Flink's `{"errors": [...]}` body said, as flinkErrorSummary made it. */
  serverMessage?: string | null;
}

export class FlinkApiError extends Error {
  readonly kind: FlinkErrorKind;
  readonly method: string;
  readonly path: string;
  readonly url: string;
  readonly status: number | null;
  readonly field: string | null;
  readonly code: string | null;
  /** Flink's own words from an error body (one bounded line), null when the body had none. */
  readonly serverMessage: string | null;

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
    this.serverMessage = init.serverMessage ?? null;
  }
}

export function isFlinkApiError(e: unknown): e is FlinkApiError {
  return e instanceof FlinkApiError;
}

// C0 and C1 controls and DEL, plus the bidirectional-text controls that can make a terminal or a
// log viewer show text in another order than it was written (Trojan Source).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** A terminal escape sequence (colour, cursor movement) is dropped whole, not just its ESC. */
// eslint-disable-next-line no-control-regex
const ANSI_ESCAPE = /\u001b(?:\[[0-?]*[ -/]*[@-~]|[@-Z\\-_])/g;

/**
 * Makes server or user text safe for a one-line status, log or terminal: whitespace runs (line
 * breaks included) become one space, other control characters are dropped, overly long text is
 * cut with "…". Markup stays literal text; whoever renders it escapes it.
 */
export function oneLine(text: string, max = 400): string {
  const s = text.replace(ANSI_ESCAPE, '').replace(/\s+/g, ' ').replace(CONTROL, '').trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** `org.apache.flink.runtime.rest.NotFoundException` → `NotFoundException` (the package is noise in a status line). */
function shortClassNames(line: string): string {
  return line.replace(/\b(?:[a-z_$][\w$]*\.)+([A-Z][\w$]*(?:Exception|Error|Throwable))\b/g, '$1');
}

const STACK_FRAME = /^(at\s|\.\.\.\s*\d+\s+more\b|Suppressed:)/;

/**
 * One entry of `errors[]`. A 500's second entry is a Java stack trace wrapped in "<Exception on
 * server side:" … "End of exception on server side>", and newer versions send a whole stack trace
 * as the only entry of other statuses too: keep the first line and the innermost "Caused by:",
 * drop the frames.
 */
function summariseEntry(entry: string): { head: string; cause: string | null } {
  const wrapped = /^\s*<Exception on server side:/.test(entry);
  const text = wrapped
    ? entry.replace(/^\s*<Exception on server side:/, '').replace(/(End of exception on server side)?>\s*$/, '')
    : entry;
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !STACK_FRAME.test(l));
  const head = lines.find((l) => !l.startsWith('Caused by:')) ?? '';
  const causes = lines.filter((l) => l.startsWith('Caused by:'));
  const cause = causes.length ? causes[causes.length - 1]!.replace(/^Caused by:\s*/, '') : null;
  return { head: shortClassNames(head), cause: cause === null ? null : shortClassNames(cause) };
}

/** Flink's generic first entry of a 500; the entries after it say what actually failed. */
const GENERIC_500 = /^Internal server error\.?$/i;

/**
 * Flink's error body `{"errors": ["…", …]}` as one bounded, control-free line; null when the body
 * is not that shape (a proxy's page, another JSON). For a 500 (`["Internal server error.",
 * "<Exception on server side:\n…stack trace…>"]`) this is the server-side cause, not the generic
 * first entry; for a stack trace, its first line and innermost cause.
 */
export function flinkErrorSummary(body: string, max = 240): string | null {
  let errors: unknown;
  try {
    errors = (JSON.parse(body) as { errors?: unknown } | null)?.errors;
  } catch {
    return null;
  }
  if (!Array.isArray(errors)) return null;
  const entries = errors
    .filter((e): e is string => typeof e === 'string')
    .map(summariseEntry)
    .filter((e) => e.head !== '' || e.cause !== null);
  if (entries.length === 0) return null;
  const specific =
    entries.length > 1 ? entries.filter((e, i) => !(i === 0 && e.cause === null && GENERIC_500.test(e.head))) : entries;
  const parts = specific.map(({ head, cause }) => {
    if (cause === null || head.includes(cause)) return oneLine(head, max);
    // The innermost cause is usually the informative part: it keeps up to half the room.
    const why = oneLine(cause, Math.floor(max / 2));
    const lead = oneLine(head, Math.max(40, max - why.length - 13));
    return lead === '' ? why : `${lead} (caused by ${why})`;
  });
  return oneLine(parts.join('; '), max);
}

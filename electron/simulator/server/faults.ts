// Faults a test can inject to see how a client copes with a misbehaving JobManager or proxy.

export type SimFault =
  | { kind: 'status'; status: number; body?: string; pathPrefix?: string; times?: number }
  /** A proxy's HTML login/error page instead of JSON (status 200 by default, or e.g. 502). */
  | { kind: 'html'; status?: number; pathPrefix?: string; times?: number }
  | { kind: 'delay'; ms: number; pathPrefix?: string; times?: number }
  /** A 200 whose JSON body is cut off in the middle. */
  | { kind: 'malformed-json'; pathPrefix?: string; times?: number }
  /** A 200 with a valid JSON array body of at least `bytes` bytes. */
  | { kind: 'oversized'; bytes: number; pathPrefix?: string; times?: number }
  /** The TCP connection is closed without any response. */
  | { kind: 'drop-connection'; pathPrefix?: string; times?: number };

interface Armed {
  fault: SimFault;
  left: number;
}

export class FaultInjector {
  private armed: Armed[] = [];

  inject(fault: SimFault): void {
    validateFault(fault);
    this.armed.push({ fault, left: fault.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.armed = [];
  }

  /** The first armed fault matching `path` (with or without `/v1`), used up once. */
  take(path: string, normalized: string): SimFault | null {
    const hit = this.armed.find((a) => {
      const prefix = a.fault.pathPrefix;
      return prefix === undefined || path.startsWith(prefix) || normalized.startsWith(prefix);
    });
    if (!hit) return null;
    hit.left--;
    if (hit.left <= 0) this.armed = this.armed.filter((a) => a !== hit);
    return hit.fault;
  }
}

function validateFault(f: SimFault): void {
  const bad = (msg: string) => {
    throw new Error(`invalid ${f.kind} fault: ${msg}`);
  };
  if (f.times !== undefined && (!Number.isInteger(f.times) || f.times < 1))
    bad(`times must be a whole number ≥ 1, got ${f.times}`);
  if (f.kind === 'status' && (!Number.isInteger(f.status) || f.status < 100 || f.status > 599))
    bad(`status must be 100–599, got ${f.status}`);
  if (f.kind === 'html' && f.status !== undefined && (!Number.isInteger(f.status) || f.status < 100 || f.status > 599))
    bad(`status must be 100–599, got ${f.status}`);
  if (f.kind === 'delay' && (!Number.isFinite(f.ms) || f.ms < 0)) bad(`ms must be ≥ 0, got ${f.ms}`);
  if (f.kind === 'oversized' && (!Number.isInteger(f.bytes) || f.bytes < 1))
    bad(`bytes must be a whole number ≥ 1, got ${f.bytes}`);
}

export const PROXY_HTML_PAGE =
  '<!DOCTYPE html>\n<html><head><title>Sign in</title></head>\n<body><h1>Authentication required</h1>\n' +
  '<form method="post" action="/oauth2/start"><button>Sign in with SSO</button></form></body></html>\n';

// The served mode's guards. The API is reachable only from this machine (bound to 127.0.0.1),
// only with the per-run token, and only under our own Host/Origin: a web page the user visits
// cannot reach it through DNS rebinding (foreign Host) or cross-site requests (foreign Origin).

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { REPORT_CSS } from '../report/css';

export function makeToken(): string {
  return randomBytes(24).toString('base64url');
}

export function tokenMatches(expected: string, given: string | string[] | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Host names a browser on this machine uses to reach the server. */
function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

/** Returns a reason when the request's Host or Origin is not ours, null when it is. */
export function foreignOrigin(req: IncomingMessage, port: number): string | null {
  const hosts = allowedHosts(port);
  const host = req.headers.host?.toLowerCase();
  if (!host || !hosts.has(host)) return `foreign Host header "${host ?? ''}"`;
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let originHost: string;
    try {
      const u = new URL(origin);
      originHost = u.protocol === 'http:' ? u.host.toLowerCase() : '';
    } catch {
      originHost = '';
    }
    if (!hosts.has(originHost)) return `foreign Origin header "${origin}"`;
  }
  return null;
}

/**
 * The report preview is a sandboxed `srcdoc` frame, which inherits this policy: its one inline
 * stylesheet (and nothing else inline) is allowed by hash. The frame itself needs no source
 * (about:srcdoc is not subject to frame-src), and the report has no scripts to allow.
 */
export const REPORT_STYLE_HASH = `'sha256-${createHash('sha256').update(REPORT_CSS).digest('base64')}'`;

/**
 * Strict CSP: only our own scripts, styles, and connections. Svelte's compiled CSS goes into a
 * file and style values are set through the CSSOM, so no 'unsafe-inline' is needed.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  `style-src 'self' ${REPORT_STYLE_HASH}`,
  "img-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const COMMON_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

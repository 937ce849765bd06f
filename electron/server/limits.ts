// How long a peer may take and how many sockets may be open: the served mode answers browsers on
// this machine, which send a request in milliseconds, so anything slower is a stuck or hostile
// peer holding a file descriptor. Every limit is an option so tests can shorten them.

import { readFileSync } from 'node:fs';

export interface ServerLimits {
  /** A request's headers must have arrived this long after it began (a socket that sends nothing included). */
  headersMs: number;
  /** The whole request, headers and body (at most 64 KiB), must have arrived within this. */
  requestMs: number;
  /** An idle keep-alive connection between two requests is closed after this. */
  keepAliveMs: number;
  /** No byte in either direction for this long, outside our own work on an answer: closed. */
  idleMs: number;
  /** Open connections at most; one more is answered 503 and closed. */
  maxConnections: number;
}

/**
 * A socket that sends nothing is closed after headersMs (plus one check interval, see
 * checkIntervalMs); one stalled in its body after requestMs; both well within a minute.
 */
export const DEFAULT_TIMEOUTS: Omit<ServerLimits, 'maxConnections'> = {
  headersMs: 20_000,
  requestMs: 30_000,
  keepAliveMs: 5_000,
  idleMs: 60_000,
};

/** Connections are checked against headersMs/requestMs this often (Node's default is 30 s). */
export function checkIntervalMs(l: Pick<ServerLimits, 'headersMs' | 'requestMs'>): number {
  return Math.max(25, Math.min(2_000, Math.floor(Math.min(l.headersMs, l.requestMs) / 10)));
}

/** The process's open-file limit (RLIMIT_NOFILE, soft) where the OS tells it; null elsewhere. */
export function fileDescriptorLimit(): number | null {
  try {
    const m = /^Max open files\s+(\d+|unlimited)\s/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    if (!m) return null;
    return m[1] === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(m[1]);
  } catch {
    return null; // not Linux; Node raises the soft limit to the hard one (macOS: 10 240) at start
  }
}

/**
 * Connections allowed under an open-file limit: at most half of it, and 128 descriptors always
 * left for the session file and its WAL, the analysis worker, static files and (demo --serve) the
 * recorder's own requests, so real work never meets EMFILE. 1000 is plenty for a few browsers.
 */
export function connectionCap(fdLimit: number | null): number {
  const limit = fdLimit ?? 1024;
  return Math.max(16, Math.min(1000, Math.floor(limit / 2), limit - 128));
}

export function defaultLimits(): ServerLimits {
  return { ...DEFAULT_TIMEOUTS, maxConnections: connectionCap(fileDescriptorLimit()) };
}

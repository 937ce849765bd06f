// Connection settings of one Flink cluster: base URL (with an optional proxy path prefix),
// credentials for the proxy in front of the JobManager, TLS material and request limits.
// Flink's REST server itself has no authentication; proxies (ingress, YARN RM proxy) add it.

import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';

export interface FlinkConnectionOptions {
  /** `http(s)://host:port[/path/prefix/]`; userinfo in the URL is taken as basic auth. */
  url: string;
  /** Extra request headers (e.g. a proxy's API-key header). Values are treated as secrets. */
  headers?: Record<string, string>;
  basicAuth?: { username: string; password: string };
  bearerToken?: string;
  /** PEM file with CA certificate(s) trusted in addition to the system CAs. */
  caFile?: string;
  /** PEM client certificate and key for mutual TLS. */
  certFile?: string;
  keyFile?: string;
  /** Skip server certificate verification. Callers must warn the user loudly. */
  insecure?: boolean;
  /** Whole-request deadline per attempt (ms). Default 10000. */
  timeoutMs?: number;
  /** Requests in flight at once for this cluster (the JobManager is shared). Default 4. */
  maxConcurrency?: number;
  /** Extra attempts for idempotent GETs on transient failures. Default 2. */
  retries?: number;
  /** First backoff delay (ms); doubles per attempt, with jitter. Default 250. */
  retryBaseDelayMs?: number;
  /** Abort a response body larger than this. Default 16 MiB. */
  maxBodyBytes?: number;
}

export interface ResolvedConnection {
  protocol: 'http:' | 'https:';
  hostname: string;
  port: number;
  /** Path prefix without trailing slash ('' or '/flink/prod'). */
  prefix: string;
  /** Base URL safe to show: no credentials, query or fragment, no trailing slash. */
  redactedUrl: string;
  headers: Record<string, string>;
  /** Secret strings that must never appear in a message (scrubbed defensively). */
  secrets: string[];
  insecure: boolean;
  timeoutMs: number;
  maxConcurrency: number;
  retries: number;
  retryBaseDelayMs: number;
  maxBodyBytes: number;
  agent: http.Agent;
}

export const DEFAULTS = {
  timeoutMs: 10_000,
  maxConcurrency: 4,
  retries: 2,
  retryBaseDelayMs: 250,
  maxBodyBytes: 16 * 1024 * 1024,
} as const;

/** Hides userinfo in a URL-ish string the user typed, for error messages about that string. */
export function hideUserinfo(text: string): string {
  return text.replace(/\/\/[^/@\s]*@/, '//***@');
}

function positiveInt(name: string, v: number | undefined, dflt: number, min: number): number {
  if (v === undefined) return dflt;
  if (!Number.isFinite(v) || v < min) throw new Error(`invalid ${name} ${v}: must be a number ≥ ${min}`);
  return Math.floor(v);
}

function readPem(what: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new Error(`cannot read ${what} file ${file}: ${code}`, { cause: e });
  }
}

/** Validates options and builds the keep-alive agent. Throws a plain Error naming the bad option. */
/** `service` names the server in messages about the URL ("invalid Prometheus URL"). */
export function resolveConnection(opts: FlinkConnectionOptions, service = 'Flink'): ResolvedConnection {
  let u: URL;
  try {
    u = new URL(opts.url);
  } catch {
    throw new Error(`invalid ${service} URL "${hideUserinfo(opts.url)}": expected http(s)://host:port[/prefix]`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new Error(`invalid ${service} URL scheme "${u.protocol}": use http:// or https://`);
  }
  if (u.search || u.hash) {
    throw new Error(`invalid ${service} URL: it must not contain a query or fragment`);
  }
  const headers: Record<string, string> = { accept: 'application/json' };
  const secrets: string[] = [];
  for (const [k, v] of Object.entries(opts.headers ?? {})) {
    headers[k.toLowerCase()] = v;
    if (v.length >= 4) secrets.push(v);
  }
  let basic = opts.basicAuth;
  if (!basic && (u.username || u.password)) {
    basic = { username: decodeURIComponent(u.username), password: decodeURIComponent(u.password) };
  }
  if (basic && opts.bearerToken !== undefined) {
    throw new Error('choose either basic auth or a bearer token, not both');
  }
  if (basic) {
    const b64 = Buffer.from(`${basic.username}:${basic.password}`).toString('base64');
    headers.authorization = `Basic ${b64}`;
    secrets.push(b64);
    if (basic.password.length >= 4) secrets.push(basic.password);
  }
  if (opts.bearerToken !== undefined) {
    headers.authorization = `Bearer ${opts.bearerToken}`;
    if (opts.bearerToken.length >= 4) secrets.push(opts.bearerToken);
  }
  const protocol = u.protocol;
  if (protocol === 'http:' && (opts.caFile || opts.certFile || opts.keyFile || opts.insecure)) {
    throw new Error('TLS options (CA file, client certificate, insecure) need an https:// URL');
  }
  if (Boolean(opts.certFile) !== Boolean(opts.keyFile)) {
    throw new Error('mutual TLS needs both a client certificate file and a key file');
  }
  const maxConcurrency = positiveInt('max concurrency', opts.maxConcurrency, DEFAULTS.maxConcurrency, 1);
  const agentBase = { keepAlive: true, maxSockets: maxConcurrency, maxFreeSockets: maxConcurrency };
  const agent =
    protocol === 'https:'
      ? new https.Agent({
          ...agentBase,
          // A custom CA is trusted in addition to the system store, not instead of it.
          ca: opts.caFile ? [...rootCertificates, readPem('CA', opts.caFile).toString('utf8')] : undefined,
          cert: opts.certFile ? readPem('client certificate', opts.certFile) : undefined,
          key: opts.keyFile ? readPem('client key', opts.keyFile) : undefined,
          rejectUnauthorized: !opts.insecure,
        })
      : new http.Agent(agentBase);
  const prefix = u.pathname.replace(/\/+$/, '');
  const port = u.port ? Number(u.port) : protocol === 'https:' ? 443 : 80;
  return {
    protocol,
    // URL keeps IPv6 literals bracketed; node:http wants them bare.
    hostname: u.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    prefix,
    redactedUrl: `${protocol}//${u.host}${prefix}`,
    headers,
    secrets,
    insecure: Boolean(opts.insecure),
    timeoutMs: positiveInt('timeout', opts.timeoutMs, DEFAULTS.timeoutMs, 1),
    maxConcurrency,
    retries: positiveInt('retries', opts.retries, DEFAULTS.retries, 0),
    retryBaseDelayMs: positiveInt('retry delay', opts.retryBaseDelayMs, DEFAULTS.retryBaseDelayMs, 0),
    maxBodyBytes: positiveInt('max body size', opts.maxBodyBytes, DEFAULTS.maxBodyBytes, 1),
    agent,
  };
}

/** Replaces every known secret in a message (a proxy might echo a header back in its body). */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let s = text;
  for (const secret of secrets) s = s.split(secret).join('***');
  return s;
}

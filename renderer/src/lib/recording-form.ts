// The desktop recording form's rules, kept out of the component so each message is decided in
// one place. The limits mirror what the main process accepts (electron/shell/ipc.ts); checking
// here only turns a refusal into a message beside the field the user has to fix.

import type { CredentialInput, RecordingRequest } from '../../../shared/desktop-bridge';
import { parseDuration } from '../../../shared/time';

export type AuthMode = 'none' | 'saved' | 'basic' | 'bearer';
export type DetailLevel = RecordingRequest['detail'];

export interface RecordingFormInput {
  url: string;
  auth: AuthMode;
  username: string;
  password: string;
  token: string;
  interval: string;
  jobs: string;
  detail: DetailLevel;
}

export type FormField = 'url' | 'username' | 'password' | 'token' | 'interval' | 'jobs';

export interface FormResult {
  errors: Partial<Record<FormField, string>>;
  /** Set when there are no errors. */
  request: RecordingRequest | null;
  /** The secret to hand to the main side before starting (basic/bearer only). */
  credential: CredentialInput | null;
}

export const MIN_INTERVAL_MS = 1000;
export const MAX_INTERVAL_MS = 3_600_000;
const MAX_JOBS = 100;

/** The key the main side files a saved credential under: origin + path, no userinfo/query. */
export function credentialKeyOf(url: string): string | null {
  try {
    const u = new URL(url.trim());
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return null;
  }
}

function checkUrl(raw: string): string | null {
  const text = raw.trim();
  if (text === '') return 'Enter the JobManager URL, e.g. http://flink-jobmanager:8081';
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return `"${text}" is not a URL; include the scheme, e.g. http://${text}`;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return `Use an http:// or https:// URL (got ${u.protocol}//)`;
  if (u.username || u.password)
    return 'Do not put credentials into the URL; choose Basic or Bearer authentication below';
  if (text.length > 2000) return 'The URL is longer than 2000 characters';
  return null;
}

function parseJobs(raw: string): { jobs: string[]; error: string | null } {
  const jobs = [
    ...new Set(
      raw
        .split(/[\n,]/)
        .map((j) => j.trim())
        .filter((j) => j !== ''),
    ),
  ];
  if (jobs.length > MAX_JOBS) return { jobs, error: `At most ${MAX_JOBS} jobs (got ${jobs.length})` };
  const long = jobs.find((j) => j.length > 200);
  if (long) return { jobs, error: `A job id or name is at most 200 characters ("${long.slice(0, 24)}…")` };
  return { jobs, error: null };
}

function parseInterval(raw: string): { ms: number | null; error: string | null } {
  let ms: number;
  try {
    ms = parseDuration(raw);
  } catch {
    return { ms: null, error: `"${raw.trim()}" is not a duration; use e.g. 10s, 1m or plain seconds` };
  }
  if (ms < MIN_INTERVAL_MS) return { ms: null, error: 'Poll at most once a second (interval ≥ 1s)' };
  if (ms > MAX_INTERVAL_MS) return { ms: null, error: 'Poll at least once an hour (interval ≤ 1h)' };
  return { ms, error: null };
}

export function validateRecordingForm(f: RecordingFormInput): FormResult {
  const errors: FormResult['errors'] = {};
  const urlError = checkUrl(f.url);
  if (urlError) errors.url = urlError;
  const interval = parseInterval(f.interval);
  if (interval.error) errors.interval = interval.error;
  const jobs = parseJobs(f.jobs);
  if (jobs.error) errors.jobs = jobs.error;
  if (f.auth === 'basic') {
    if (f.username.trim() === '') errors.username = 'Enter the user name for Basic authentication';
    else if (f.username.length > 500) errors.username = 'The user name is longer than 500 characters';
    if (f.password.length > 5000) errors.password = 'The password is longer than 5000 characters';
  }
  if (f.auth === 'bearer') {
    if (f.token === '') errors.token = 'Enter the bearer token';
    else if (f.token.length > 10_000) errors.token = 'The token is longer than 10 000 characters';
  }
  if (Object.keys(errors).length > 0 || interval.ms === null) return { errors, request: null, credential: null };

  const url = f.url.trim();
  const credential: CredentialInput | null =
    f.auth === 'basic'
      ? { url, basicAuth: { username: f.username.trim(), password: f.password } }
      : f.auth === 'bearer'
        ? { url, bearerToken: f.token }
        : null;
  return {
    errors,
    request: { url, intervalMs: interval.ms, jobs: jobs.jobs, detail: f.detail, useSavedCredential: f.auth !== 'none' },
    credential,
  };
}

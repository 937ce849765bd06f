// Cluster URLs go into a file that gets shared with colleagues: never with credentials. The
// recorder passes a plain URL, but this strips userinfo, query and fragment defensively anyway.

import { SessionFileError } from './errors';

export function sanitizeClusterUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new SessionFileError('invalid-input', `cluster URL "${redact(input)}" is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SessionFileError('invalid-input', `cluster URL must be http or https, got ${url.protocol}`);
  }
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  return url.toString().replace(/\/+$/, '');
}

/** For error messages about an unparsable URL: drop anything that looks like userinfo. */
function redact(input: string): string {
  return input.replace(/\/\/[^/@]*@/, '//').slice(0, 200);
}

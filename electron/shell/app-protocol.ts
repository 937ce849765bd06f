// The renderer is loaded from `app://backflow/…`, a custom scheme serving out/renderer only:
// no remote content, no file:// access to the rest of the disk, and every response carries the
// same strict Content-Security-Policy and headers as the served mode (one definition).

import type { CustomScheme } from 'electron';
import { COMMON_HEADERS } from '../server/security';
import { readStatic } from '../server/static-files';

export const APP_SCHEME = 'app';
export const APP_HOST = 'backflow';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** Registered before the app is ready: standard + secure so 'self', fetch and storage behave as on https. */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

/** True for URLs of our own pages (the IPC sender check and the navigation guard use it). */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

function textResponse(status: number, message: string): Response {
  return new Response(message, { status, headers: { ...COMMON_HEADERS, 'content-type': 'text/plain; charset=utf-8' } });
}

/** Answers one app:// request from the built renderer folder. */
export async function serveAppRequest(
  rendererRoot: string,
  request: { url: string; method: string },
): Promise<Response> {
  if (!isAppUrl(request.url)) return textResponse(404, 'not found');
  if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'read-only');
  const file = await readStatic(rendererRoot, new URL(request.url).pathname);
  if (!file) return textResponse(404, 'not found');
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(file.body), {
    status: 200,
    headers: { ...COMMON_HEADERS, 'content-type': file.type, 'cache-control': 'no-cache' },
  });
}

// The renderer's one way to reach the main side: one client, two transports. In the desktop app
// the preload exposes `window.backflow` (the contract over IPC); in served mode the HTTP bridge
// is used (token in a header). Components never know which one they talk to.

import {
  SESSION_QUERY,
  TOKEN_HEADER,
  type ApiMethod,
  type ApiParams,
  type ApiResult,
  type LiveEvent,
  type RegistryMethod,
  type RegistryParams,
  type RegistryResult,
} from '../../../shared/api';
import type { DesktopBridge } from '../../../shared/desktop-bridge';
import { SseParser } from './sse';

export interface ApiClient {
  call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>>;
  /** Calls back for each live event until the returned function is called. */
  subscribe(onEvent: (e: LiveEvent) => void): () => void;
  /** A call about the open sessions as a whole: the list, a comparison of two. */
  ask<M extends RegistryMethod>(method: M, params: RegistryParams<M>): Promise<RegistryResult<M>>;
  /** The same transport, its calls and live events about the open session `handle` names. */
  forSession(handle: string): ApiClient;
}

export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

/** `onUnauthorized`: the server refused the token (it was restarted with a new one). */
export function httpClient(token: string, onUnauthorized: () => void = () => {}, session?: string): ApiClient {
  const query = session === undefined ? '' : `?${SESSION_QUERY}=${encodeURIComponent(session)}`;
  const post = async (method: string, params: unknown, q: string): Promise<unknown> => {
    const res = await fetch(`./api/${method}${q}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
      body: JSON.stringify(params),
      cache: 'no-store',
    });
    const body: unknown = await res.json().catch(() => ({ error: `HTTP ${res.status}` }));
    if (res.status === 401) onUnauthorized();
    if (!res.ok) {
      const msg = typeof body === 'object' && body && 'error' in body ? String(body.error) : `HTTP ${res.status}`;
      throw new ApiCallError(res.status, msg);
    }
    return body;
  };
  return {
    call: async (method, params) => (await post(method, params, query)) as ApiResult<typeof method>,
    ask: async (method, params) => (await post(method, params, '')) as RegistryResult<typeof method>,
    forSession: (handle) => httpClient(token, onUnauthorized, handle),
    subscribe(onEvent) {
      // EventSource cannot send headers, so read the SSE stream through fetch (lib/sse.ts).
      const abort = new AbortController();
      void (async () => {
        for (let attempt = 0; !abort.signal.aborted; attempt++) {
          try {
            const res = await fetch(`./api/events${query}`, {
              headers: { [TOKEN_HEADER]: token },
              signal: abort.signal,
            });
            if (res.status === 401) onUnauthorized();
            if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
            const reader = res.body.getReader();
            const sse = new SseParser((data) => onEvent(JSON.parse(data) as LiveEvent));
            for (;;) {
              const { value, done } = await reader.read();
              if (done) break;
              sse.push(value);
            }
          } catch {
            if (abort.signal.aborted) return;
          }
          await new Promise((r) => setTimeout(r, Math.min(10_000, 500 * 2 ** Math.min(attempt, 5))));
        }
      })();
      return () => abort.abort();
    },
  };
}

/** The desktop bridge when the page runs inside the Electron shell, else null. */
export function desktopBridge(): DesktopBridge | null {
  const b = (globalThis as { backflow?: DesktopBridge }).backflow;
  return b && typeof b.invoke === 'function' && typeof b.onLive === 'function' ? b : null;
}

export function ipcClient(bridge: DesktopBridge, session?: string): ApiClient {
  return {
    call: (method, params) => bridge.invoke(method, params, session),
    // A window's own session's events carry no handle; a compared session's carry its own.
    subscribe: (onEvent) =>
      bridge.onLive((e) => {
        if ((e.type === 'tick' ? e.session : undefined) === session) onEvent(e);
      }),
    ask: (method, params) => bridge.ask(method, params),
    forSession: (handle) => ipcClient(bridge, handle),
  };
}

/** IPC inside the desktop app, HTTP with the token otherwise; null when neither is available. */
export function makeClient(token: string | null, onUnauthorized?: () => void): ApiClient | null {
  const bridge = desktopBridge();
  if (bridge) return ipcClient(bridge);
  return token ? httpClient(token, onUnauthorized) : null;
}

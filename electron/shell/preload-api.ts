// The object the sandboxed preload exposes as `window.backflow`. It forwards only the contract's
// methods and the listed desktop actions, unwraps IpcReply into a value or an Error with the
// main side's message, and never hands the IPC event (or ipcRenderer itself) to the page.
// Kept free of Node APIs and of zod: a sandboxed preload only has a small require().

import {
  API_METHODS,
  DESKTOP_ACTIONS,
  REGISTRY_METHODS,
  IPC,
  type DesktopActions,
  type DesktopBridge,
  type DesktopCommand,
  type IpcReply,
} from '../../shared/desktop-bridge';
import type { LiveEvent } from '../../shared/api';

/** The parts of Electron's ipcRenderer the preload uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
}

export class BridgeError extends Error {
  constructor(
    readonly kind: string,
    message: string,
  ) {
    super(message);
    this.name = 'BridgeError';
  }
}

function unwrap(reply: unknown): unknown {
  const r = reply as IpcReply<unknown> | null;
  if (r && typeof r === 'object' && r.ok === true) return r.value;
  if (r && typeof r === 'object' && r.ok === false) throw new BridgeError(r.kind, r.message);
  throw new BridgeError('failed', 'malformed reply from the main process');
}

function subscribe<T>(ipc: IpcRendererLike, channel: string, callback: (payload: T) => void): () => void {
  const listener = (_event: unknown, payload: unknown) => callback(payload as T);
  ipc.on(channel, listener);
  return () => void ipc.removeListener(channel, listener);
}

export function createPreloadApi(ipc: IpcRendererLike): DesktopBridge {
  const methods = new Set<string>(API_METHODS);
  const registry = new Set<string>(REGISTRY_METHODS);
  const actions = {} as Record<string, (arg?: unknown) => Promise<unknown>>;
  for (const name of DESKTOP_ACTIONS) {
    actions[name] = async (arg?: unknown) => unwrap(await ipc.invoke(IPC.action, name, arg));
  }
  return {
    async invoke(method, params, session) {
      // Checked here too so a typo fails in the page with a clear message, not a main-side log.
      if (!methods.has(method)) throw new BridgeError('params', `unknown API method "${String(method)}"`);
      const args: unknown[] = session === undefined ? [method, params] : [method, params, session];
      return unwrap(await ipc.invoke(IPC.api, ...args)) as never;
    },
    async ask(method, params) {
      if (!registry.has(method)) throw new BridgeError('params', `unknown API method "${String(method)}"`);
      return unwrap(await ipc.invoke(IPC.api, method, params)) as never;
    },
    onLive: (callback) => subscribe<LiveEvent>(ipc, IPC.live, callback),
    onCommand: (callback) => subscribe<DesktopCommand>(ipc, IPC.command, callback),
    actions: Object.freeze(actions) as unknown as DesktopActions,
  };
}

/** The parts of a drag event the drop watcher reads. */
export interface DragEventLike {
  preventDefault(): void;
  stopPropagation(): void;
  dataTransfer: { types: readonly string[]; files: ArrayLike<unknown>; dropEffect?: string } | null;
}

export interface DropTargetLike {
  addEventListener(type: 'dragover' | 'drop', listener: (e: DragEventLike) => void, capture: boolean): void;
}

/** At most this many dropped files are passed on (the app opens at most this many windows at once). */
export const MAX_DROPPED = 8;

/**
 * Files dropped on the window: their paths (Electron's webUtils.getPathForFile) go straight to the
 * main process, which opens one or compares two. The page never receives them, and nothing but
 * file drags is touched (text dragged inside the page behaves as before).
 */
export function watchDroppedFiles(
  target: DropTargetLike,
  pathOf: (file: unknown) => string,
  ipc: Pick<IpcRendererLike, 'invoke'>,
): void {
  const carriesFiles = (e: DragEventLike) => e.dataTransfer?.types.includes('Files') === true;
  target.addEventListener(
    'dragover',
    (e) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      e.dataTransfer!.dropEffect = 'copy';
    },
    true,
  );
  target.addEventListener(
    'drop',
    (e) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      e.stopPropagation();
      const paths = Array.from(e.dataTransfer!.files)
        .slice(0, MAX_DROPPED)
        .map((f) => pathOf(f))
        .filter((p) => p !== '');
      if (paths.length > 0) void ipc.invoke(IPC.dropped, paths).catch(() => {});
    },
    true,
  );
}

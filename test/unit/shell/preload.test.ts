import { describe, expect, it } from 'vitest';
import { paramSchemas } from '../../../shared/api';
import { API_METHODS, DESKTOP_ACTIONS, IPC } from '../../../shared/desktop-bridge';
import {
  BridgeError,
  createPreloadApi,
  watchDroppedFiles,
  type DragEventLike,
  type IpcRendererLike,
} from '../../../electron/shell/preload-api';

type Listener = (event: unknown, payload: unknown) => void;

function fakeIpc(reply: (channel: string, args: unknown[]) => unknown = () => ({ ok: true, value: 'v' })) {
  const calls: { channel: string; args: unknown[] }[] = [];
  const listeners = new Map<string, Set<Listener>>();
  const ipc: IpcRendererLike = {
    invoke: async (channel, ...args) => {
      calls.push({ channel, args });
      return reply(channel, args);
    },
    on: (channel, l) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(l)),
    removeListener: (channel, l) => listeners.get(channel)?.delete(l),
  };
  const emit = (channel: string, payload: unknown) => {
    for (const l of listeners.get(channel) ?? []) l({ sender: 'the IPC event' }, payload);
  };
  return { ipc, calls, emit, listeners };
}

describe('preload bridge', () => {
  it('lists exactly the methods of the API contract', () => {
    expect([...API_METHODS].sort()).toEqual(Object.keys(paramSchemas).sort());
  });

  it('exposes invoke, ask (about the open sessions), onLive, onCommand and the desktop actions, nothing else', () => {
    const api = createPreloadApi(fakeIpc().ipc);
    expect(Object.keys(api).sort()).toEqual(['actions', 'ask', 'invoke', 'onCommand', 'onLive']);
    expect(Object.keys(api.actions).sort()).toEqual([...DESKTOP_ACTIONS].sort());
    expect(Object.isFrozen(api.actions)).toBe(true);
  });

  it('forwards every contract method over the api channel and returns the value', async () => {
    const { ipc, calls } = fakeIpc((_c, args) => ({ ok: true, value: { echoed: args[0] } }));
    const api = createPreloadApi(ipc);
    for (const m of Object.keys(paramSchemas)) {
      await expect(api.invoke(m as never, {} as never)).resolves.toEqual({ echoed: m });
    }
    expect(calls.every((c) => c.channel === IPC.api)).toBe(true);
    expect(calls.map((c) => c.args[0])).toEqual(Object.keys(paramSchemas));
  });

  it('refuses a method outside the contract without sending anything', async () => {
    const { ipc, calls } = fakeIpc();
    const api = createPreloadApi(ipc);
    await expect(api.invoke('dropTables' as never, {} as never)).rejects.toThrow('unknown API method "dropTables"');
    expect(calls).toHaveLength(0);
  });

  it('turns an error reply into an Error carrying the main side message and kind', async () => {
    const { ipc } = fakeIpc(() => ({ ok: false, kind: 'params', message: 'overview: to: from must be before to' }));
    const err = await createPreloadApi(ipc)
      .invoke('overview', { from: 2, to: 1, buckets: 3 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BridgeError);
    expect((err as BridgeError).message).toBe('overview: to: from must be before to');
    expect((err as BridgeError).kind).toBe('params');
  });

  it('rejects a reply that is not an IpcReply', async () => {
    const { ipc } = fakeIpc(() => 'surprise');
    await expect(createPreloadApi(ipc).invoke('sessionInfo', {})).rejects.toThrow('malformed reply');
  });

  it('sends desktop actions with their name and argument over the action channel', async () => {
    const { ipc, calls } = fakeIpc(() => ({ ok: true, value: [] }));
    await createPreloadApi(ipc).actions.openRecent('0123456789abcdef');
    expect(calls).toEqual([{ channel: IPC.action, args: ['openRecent', '0123456789abcdef'] }]);
  });

  it('delivers live events without the IPC event object, until unsubscribed', () => {
    const { ipc, emit, listeners } = fakeIpc();
    const got: unknown[][] = [];
    const off = createPreloadApi(ipc).onLive((...args: unknown[]) => got.push(args));
    const e = { type: 'tick', clusterId: 1, ts: 5, tickCount: 1 };
    emit(IPC.live, e);
    off();
    emit(IPC.live, { ...e, ts: 6 });
    expect(got).toEqual([[e]]);
    expect(listeners.get(IPC.live)?.size).toBe(0);
  });
});

describe('files dropped on the window', () => {
  function drag(types: string[], files: { name: string }[]) {
    const e = {
      prevented: false,
      stopped: false,
      preventDefault() {
        this.prevented = true;
      },
      stopPropagation() {
        this.stopped = true;
      },
      dataTransfer: { types, files, dropEffect: 'none' },
    };
    return e as typeof e & DragEventLike;
  }
  function watched() {
    const { ipc, calls } = fakeIpc();
    const listeners = new Map<string, (e: DragEventLike) => void>();
    watchDroppedFiles(
      { addEventListener: (type, l, capture) => (expect(capture).toBe(true), void listeners.set(type, l)) },
      (f) => `/home/ana/${(f as { name: string }).name}`,
      ipc,
    );
    return { calls, fire: (type: string, e: DragEventLike) => listeners.get(type)!(e) };
  }

  it('sends the paths of the dropped files to the main process, never to the page', () => {
    const { calls, fire } = watched();
    const over = drag(['Files'], []);
    fire('dragover', over);
    expect([over.prevented, over.dataTransfer.dropEffect]).toEqual([true, 'copy']);
    const drop = drag(['Files'], [{ name: 'before.backflow' }, { name: 'after.backflow' }]);
    fire('drop', drop);
    expect([drop.prevented, drop.stopped]).toEqual([true, true]);
    expect(calls).toEqual([
      { channel: IPC.dropped, args: [['/home/ana/before.backflow', '/home/ana/after.backflow']] },
    ]);
  });

  it('leaves drags of anything but files to the page', () => {
    const { calls, fire } = watched();
    const over = drag(['text/plain'], []);
    fire('dragover', over);
    const drop = drag(['text/plain'], []);
    fire('drop', drop);
    expect([over.prevented, drop.prevented, drop.stopped]).toEqual([false, false, false]);
    expect(calls).toEqual([]);
  });
});

// The session handle over the desktop bridge: the preload carries it as an argument, the IPC
// router validates it and routes the call to that session of a real registry of session files,
// the first session without one; unknown handles and the bound on open sessions are clear errors.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ApiHandlers, SessionInfoResult } from '../../../shared/api';
import type { DesktopActions } from '../../../shared/desktop-bridge';
import { isAppUrl } from '../../../electron/shell/app-protocol';
import { createIpcRouter } from '../../../electron/shell/ipc';
import { createPreloadApi } from '../../../electron/shell/preload-api';
import { SessionRegistry } from '../../../electron/service/sessions';
import { writeSession } from '../../e2e/fixtures/make-session';

const ours = { senderFrame: { url: 'app://backflow/index.html' } };
let dir: string;
let registry: SessionRegistry;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'backflow-ipc-sessions-'));
  registry = new SessionRegistry(() => ({ worker: null }));
  for (const name of ['one.backflow', 'two.backflow']) {
    const file = path.join(dir, name);
    writeSession(file);
    registry.open(file);
  }
});
afterAll(() => {
  registry.closeAll();
  rmSync(dir, { recursive: true, force: true });
});

function bridge() {
  const router = createIpcRouter({
    api: (handle) => registry.session(handle) as unknown as ApiHandlers,
    sessions: () => registry,
    actions: {} as DesktopActions,
    isTrustedUrl: isAppUrl,
  });
  // The preload over an in-process ipcRenderer that hands its arguments to the router.
  return createPreloadApi({
    invoke: (_channel, ...args) => router.api(ours, args[0], args[1], args[2]),
    on: () => undefined,
    removeListener: () => undefined,
  });
}

it('routes a call to the session its handle names, the first one without a handle', async () => {
  const b = bridge();
  expect(((await b.invoke('sessionInfo', {})) as SessionInfoResult).fileName).toBe('one.backflow');
  expect(((await b.invoke('sessionInfo', {}, 's2')) as SessionInfoResult).fileName).toBe('two.backflow');
  const list = await b.ask('sessions', {});
  expect(list.sessions.map((s) => `${s.handle} ${s.fileName}`)).toEqual(['s1 one.backflow', 's2 two.backflow']);
});

it('says which sessions are open for an unknown handle, and refuses a malformed one', async () => {
  const b = bridge();
  await expect(b.invoke('sessionInfo', {}, 's3')).rejects.toThrow('no open session "s3" (open: s1, s2)');
  await expect(b.invoke('sessionInfo', {}, '../x')).rejects.toThrow(/^session: must be a session handle/);
});

it('opens at most 8 sessions and names the limit beyond', () => {
  const r = new SessionRegistry(() => ({ worker: null }));
  try {
    const file = path.join(dir, 'one.backflow');
    for (let i = 0; i < 8; i++) r.open(file);
    expect(r.handles()).toHaveLength(8);
    expect(() => r.open(file)).toThrow(
      'at most 8 sessions can be open at once (8 are): close one before opening one.backflow',
    );
    r.close('s3');
    expect(r.open(file)).toBe('s9');
  } finally {
    r.closeAll();
  }
});

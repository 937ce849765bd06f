import { describe, expect, it } from 'vitest';
import { mainWindowOptions } from '../../../electron/shell/window-options';
import {
  denyAllPermissions,
  guardContents,
  navigationDecision,
  type GuardedContents,
  type PermissionSession,
} from '../../../electron/shell/window-security';

function fakeContents() {
  const listeners = new Map<string, (e: { preventDefault(): void }, url: string) => void>();
  let openHandler: ((d: { url: string }) => { action: 'deny' }) | null = null;
  const contents = {
    setWindowOpenHandler: (h: (d: { url: string }) => { action: 'deny' }) => {
      openHandler = h;
    },
    on: (event: string, l: (e: { preventDefault(): void }, url: string) => void) => listeners.set(event, l),
  } as unknown as GuardedContents;
  const fire = (event: string, url = '') => {
    let prevented = false;
    listeners.get(event)!({ preventDefault: () => (prevented = true) }, url);
    return prevented;
  };
  return { contents, fire, open: (url: string) => openHandler!({ url }) };
}

describe('window security', () => {
  it('creates the window with the checklist web preferences', () => {
    const o = mainWindowOptions(
      { width: 1000, height: 700, maximized: false },
      '/app/out/preload/preload.cjs',
      'Backflow',
    );
    expect(o.webPreferences).toMatchObject({
      preload: '/app/out/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      // drops arrive as (always refused) navigations that open the session
      navigateOnDragDrop: true,
    });
    expect(o.show).toBe(false);
    expect(o).not.toHaveProperty('x');
    expect(mainWindowOptions({ x: 10, y: 20, width: 1000, height: 700, maximized: false }, 'p', 't')).toMatchObject({
      x: 10,
      y: 20,
    });
  });

  it('denies every window.open', () => {
    const { contents, open } = fakeContents();
    guardContents(contents, () => {});
    expect(open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(open('app://backflow/index.html')).toEqual({ action: 'deny' });
  });

  it('prevents navigation away from the app and refuses webviews', () => {
    const { contents, fire } = fakeContents();
    const opened: string[] = [];
    guardContents(contents, (f) => opened.push(f));
    expect(fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(fire('will-redirect', 'http://127.0.0.1:8081/')).toBe(true);
    expect(fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(fire('will-navigate', 'app://backflow/index.html')).toBe(false);
    expect(fire('will-attach-webview')).toBe(true);
    expect(opened).toEqual([]);
  });

  it('opens a session file dropped on the window instead of navigating to it', () => {
    const { contents, fire } = fakeContents();
    const opened: string[] = [];
    guardContents(contents, (f) => opened.push(f));
    expect(fire('will-navigate', 'file:///home/ann/incident%20one.backflow')).toBe(true);
    expect(fire('will-navigate', 'file:///home/ann/notes.txt')).toBe(true);
    expect(opened).toEqual(['/home/ann/incident one.backflow']);
    expect(navigationDecision('file:///C:/Users/ann/s.backflow')).toEqual({
      allow: false,
      openFile: 'C:/Users/ann/s.backflow',
    });
  });

  it('refuses every permission request and check', () => {
    let request: ((wc: unknown, p: string, cb: (g: boolean) => void) => void) | null = null;
    let check: ((wc: unknown, p: string) => boolean) | null = null;
    const session: PermissionSession = {
      setPermissionRequestHandler: (h) => (request = h),
      setPermissionCheckHandler: (h) => (check = h),
    };
    denyAllPermissions(session);
    const answers: boolean[] = [];
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read'])
      request!(null, p, (g) => answers.push(g));
    expect(answers).toEqual([false, false, false, false]);
    expect(check!(null, 'media')).toBe(false);
  });
});

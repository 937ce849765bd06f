// Electron's security checklist, applied in one place: window options, navigation and
// window.open denied, webviews refused, every permission request refused. Dropping a session
// file on the window makes Chromium try to navigate to it: that navigation is refused too, and
// the file is opened as a session instead.

import type { BrowserWindowConstructorOptions } from 'electron';
import { isAppUrl } from './app-protocol';
import { isSessionFileName } from './open-args';

export function secureWebPreferences(
  preloadPath: string,
): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    // A dropped file becomes a navigation attempt, which guardContents always refuses and turns
    // into "open this session": drag-and-drop works without giving the page any file path.
    navigateOnDragDrop: true,
    spellcheck: false,
  };
}

/** What to do with a navigation attempt: always refused; a dropped session file is opened. */
export function navigationDecision(url: string): { allow: false; openFile: string | null } {
  if (url.startsWith('file:')) {
    try {
      const p = decodeURIComponent(new URL(url).pathname);
      // file:///C:/x on Windows: drop the slash before the drive letter.
      const path = /^\/[A-Za-z]:\//.test(p) ? p.slice(1) : p;
      if (isSessionFileName(path)) return { allow: false, openFile: path };
    } catch {
      // not a usable file URL: refused like any other navigation
    }
  }
  return { allow: false, openFile: null };
}

interface PreventableEvent {
  preventDefault(): void;
}

/** The parts of webContents the guards use. */
export interface GuardedContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate' | 'will-redirect', listener: (e: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (e: PreventableEvent) => void): unknown;
}

export function guardContents(contents: GuardedContents, onDroppedFile: (path: string) => void): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const refuse = (e: PreventableEvent, url: string) => {
    // In-page reloads of our own index are not navigations away; everything else is refused.
    if (isAppUrl(url)) return;
    e.preventDefault();
    const d = navigationDecision(url);
    if (d.openFile) onDroppedFile(d.openFile);
  };
  contents.on('will-navigate', refuse);
  contents.on('will-redirect', refuse);
  contents.on('will-attach-webview', (e: PreventableEvent) => e.preventDefault());
}

/** The parts of a session (Electron's, not ours) the permission guard uses. */
export interface PermissionSession {
  setPermissionRequestHandler(
    handler: (wc: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: (wc: unknown, permission: string) => boolean): void;
}

/** Backflow needs no permission (camera, notifications from pages, geolocation…): refuse all. */
export function denyAllPermissions(session: PermissionSession): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

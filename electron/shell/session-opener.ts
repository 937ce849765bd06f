// Opening a session file in the window. argv, open-file, drop, the Open dialog and Open Recent
// all end in openFile: one place refuses what is not a session, says why a file cannot be
// opened (keeping the current session), and keeps the recent list.

import path from 'node:path';
import type { DesktopActions } from '../../shared/desktop-bridge';
import { errorText } from '../../shared/error-text';
import { RefusedError } from './ipc';
import type { MainWindow } from './main-window';
import { isSessionFileName, SESSION_EXTENSION } from './open-args';
import type { RecentSessions } from './recent-sessions';
import type { SessionHost } from './session-host';
import type { ComparePair } from '../../shared/desktop-bridge';
import { writeCompareReport } from '../report/compare';
import type { HtmlToPdf } from '../report/pdf';

export interface SessionOpenerDeps {
  sessions: Pick<SessionHost, 'open'>;
  recent: RecentSessions;
  window: Pick<MainWindow, 'ready' | 'showError' | 'showSession' | 'askOpenPath'>;
  /** The OS list of recent documents (Dock, jump list). */
  addRecentDocument(file: string): void;
  /** A session was opened (the menu lists it). */
  opened(): void;
  /**
   * Where a session file goes when this window shows one already: the window showing that file
   * comes to the front, or a new window opens it (the outcome); null opens it here.
   */
  elsewhere?(file: string): Promise<boolean> | null;
}

export const SESSION_FILTERS = [{ name: 'Backflow session', extensions: [SESSION_EXTENSION.slice(1)] }];

export class SessionOpener {
  /** A file asked for before Electron was ready: opened once it is. */
  pending: string | null;

  constructor(
    private readonly deps: SessionOpenerDeps,
    pending: string | null = null,
  ) {
    this.pending = pending;
  }

  /** `here`: in this window even when it shows a session (a recording started from it). */
  async openFile(file: string, options: { here?: boolean } = {}): Promise<boolean> {
    const { window } = this.deps;
    if (!window.ready) {
      this.pending = file;
      return false;
    }
    if (!isSessionFileName(file)) {
      window.showError('Not a Backflow session', `${path.basename(file)} is not a ${SESSION_EXTENSION} session file.`);
      return false;
    }
    const routed = options.here ? null : this.deps.elsewhere?.(file);
    if (routed) return routed;
    try {
      this.deps.sessions.open(file);
    } catch (e) {
      window.showError(`Cannot open ${path.basename(file)}`, errorText(e));
      return false;
    }
    this.deps.recent.add(file);
    this.deps.addRecentDocument(file);
    this.deps.opened();
    window.showSession();
    return true;
  }

  readonly actions: Pick<DesktopActions, 'openSessionDialog' | 'recentSessions' | 'openRecent'> = {
    openSessionDialog: async () => {
      const file = await this.deps.window.askOpenPath({
        title: 'Open Session',
        properties: ['openFile'],
        filters: SESSION_FILTERS,
      });
      if (!file) return null;
      return (await this.openFile(file)) ? path.basename(file) : null;
    },
    recentSessions: async () => this.deps.recent.entries(),
    openRecent: async (id) => {
      const file = this.deps.recent.pathOf(id);
      if (!file) throw new RefusedError('that session is no longer in the recent list (moved or deleted?)');
      return (await this.openFile(file)) ? path.basename(file) : null;
    },
  };
}

export interface CompareDeps {
  sessions: Pick<SessionHost, 'openCompare' | 'comparePair' | 'comparePairFiles' | 'registry'>;
  recent: RecentSessions;
  window: Pick<MainWindow, 'showError' | 'showSession' | 'askOpenPath' | 'askSavePath' | 'ask'>;
  addRecentDocument(file: string): void;
  /**
   * The session files the app's windows show, this window's first. When other windows show some,
   * the dialog offers them before a file.
   */
  openSessions?(): string[];
  /** Prints the report page to PDF (Electron's printToPDF in a hidden window, as Export Report). */
  htmlToPdf: HtmlToPdf;
}

/** Sessions offered as buttons in the compare dialog (the rest through Choose a File…). */
const MAX_OFFERED = 6;

const COMPARE_REPORT_FILTERS = {
  html: { name: 'HTML page', extensions: ['html'] },
  md: { name: 'Markdown', extensions: ['md'] },
  pdf: { name: 'PDF document', extensions: ['pdf'] },
} as const;

/**
 * File › Compare Sessions…: asks for A ("before") then B, opens both beside the window's session
 * (keeping it), lists them as recent, and reloads the window, which then shows the compare view.
 */
export function compareActions(deps: CompareDeps): Pick<
  DesktopActions,
  'compareSessionsDialog' | 'comparePair' | 'exportCompareReport'
> & {
  /** Opens two files to compare in this window (two files dropped at once): the pair, or null when refused. */
  compare(a: string, b: string): Promise<ComparePair | null>;
} {
  const ask = (which: string) =>
    deps.window.askOpenPath({
      title: `Compare Sessions: choose ${which}`,
      properties: ['openFile'],
      filters: SESSION_FILTERS,
    });
  const compare = async (a: string, b: string): Promise<ComparePair | null> => {
    for (const f of [a, b])
      if (!isSessionFileName(f)) {
        deps.window.showError(
          'Not a Backflow session',
          `${path.basename(f)} is not a ${SESSION_EXTENSION} session file.`,
        );
        return null;
      }
    try {
      deps.sessions.openCompare(a, b);
    } catch (e) {
      deps.window.showError('Cannot compare these sessions', errorText(e));
      return null;
    }
    for (const f of [a, b]) {
      deps.recent.add(f);
      deps.addRecentDocument(f);
    }
    deps.window.showSession();
    return deps.sessions.comparePair();
  };
  /** One side: a session open in a window, or a file; null when cancelled. */
  const pick = async (which: string, offered: string[]): Promise<string | null> => {
    const open = offered.slice(0, MAX_OFFERED);
    if (open.length === 0) return ask(which);
    const buttons = [...open.map((f) => path.basename(f)), 'Choose a File…', 'Cancel'];
    const r = await deps.window.ask({
      type: 'question',
      message: `Compare Sessions: choose ${which}`,
      detail: 'A session open in a Backflow window, or a session file.',
      buttons,
      defaultId: 0,
      cancelId: buttons.length - 1,
    });
    if (r === null || r === buttons.length - 1) return null;
    return r < open.length ? open[r]! : ask(which);
  };
  return {
    compareSessionsDialog: async (): Promise<ComparePair | null> => {
      const shown = deps.openSessions?.() ?? [];
      // Only this window's session open: straight to the files, as with one window.
      const offered = shown.length > 1 ? shown : [];
      const a = await pick('A, the session before', offered);
      if (!a) return null;
      const b = await pick(
        `B, to compare with ${path.basename(a)}`,
        offered.filter((f) => path.resolve(f) !== path.resolve(a)),
      );
      if (!b) return null;
      return compare(a, b);
    },
    comparePair: () => deps.sessions.comparePair(),
    compare,
    exportCompareReport: async (req) => {
      const pair = deps.sessions.comparePairFiles();
      if (!pair) throw new RefusedError('no two sessions are open to compare: use File › Compare Sessions…');
      const stem = (f: string) => path.basename(f, SESSION_EXTENSION);
      const out = await deps.window.askSavePath({
        title: 'Compare Report',
        defaultPath: path.join(
          path.dirname(pair.b.file),
          `compare-${stem(pair.a.file)}-${stem(pair.b.file)}.${req.format}`,
        ),
        filters: [
          { ...COMPARE_REPORT_FILTERS[req.format], extensions: [...COMPARE_REPORT_FILTERS[req.format].extensions] },
        ],
      });
      if (!out) return null;
      const file = path.extname(out).toLowerCase() === `.${req.format}` ? out : `${out}.${req.format}`;
      // The same document and writer as `backflow compare --out`.
      const doc = await deps.sessions.registry.compare(pair.a.handle, pair.b.handle, req.align);
      try {
        await writeCompareReport(doc, req.format, file, { htmlToPdf: deps.htmlToPdf });
      } catch (e) {
        deps.window.showError('Cannot write the compare report', errorText(e));
        return null;
      }
      return path.basename(file);
    },
  };
}

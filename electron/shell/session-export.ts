// Taking the open session out of the app: a copy of the file (File › Save a Copy) and the
// incident report (the window's export dialog chooses range, parts and format, then calls
// exportReport). Both ask where to write next to the session and say why when they cannot.

import path from 'node:path';
import type { DesktopActions } from '../../shared/desktop-bridge';
import { errorText } from '../../shared/error-text';
import { saveCopy } from '../session/index';
import type { ShellElectron } from './electron-like';
import { RefusedError } from './ipc';
import type { MainWindow } from './main-window';
import { SESSION_EXTENSION } from './open-args';
import { electronHtmlToPdf, exportReportRange, reportSaveOptions } from './report-export';
import { SESSION_FILTERS } from './session-opener';

export interface SessionExportDeps {
  el: Pick<ShellElectron, 'BrowserWindow'>;
  window: Pick<MainWindow, 'askSavePath' | 'showError'>;
  /** The open session's file, or null. */
  sessionPath(): string | null;
}

export function sessionExport(deps: SessionExportDeps): {
  saveCopyDialog(): Promise<void>;
  exportReport: DesktopActions['exportReport'];
} {
  return {
    async saveCopyDialog() {
      const src = deps.sessionPath();
      if (!src) return;
      const copy = await deps.window.askSavePath({
        title: 'Save a Copy',
        defaultPath: path.join(path.dirname(src), `${path.basename(src, SESSION_EXTENSION)}-copy${SESSION_EXTENSION}`),
        filters: SESSION_FILTERS,
      });
      if (!copy) return;
      try {
        saveCopy(src, copy);
      } catch (e) {
        deps.window.showError('Could not save the copy', errorText(e));
      }
    },
    async exportReport(req) {
      const src = deps.sessionPath();
      if (!src) throw new RefusedError('no session is open: open a session file first');
      const out = await deps.window.askSavePath({ title: 'Export Report', ...reportSaveOptions(src, req.format) });
      if (!out) return null;
      try {
        const files = await exportReportRange(
          src,
          out,
          req,
          electronHtmlToPdf((o) => new deps.el.BrowserWindow(o)),
        );
        return path.basename(files[0]!);
      } catch (e) {
        throw new Error(`could not export the report: ${errorText(e)}`, { cause: e });
      }
    },
  };
}

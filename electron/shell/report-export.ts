// File > Export Report…: the report writers of electron/report on the open session, for the range,
// parts and format chosen in the window's export dialog. PDF is printed by Electron
// itself (a hidden, script-less, sandboxed window), so the desktop app needs no Chromium install.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserWindowConstructorOptions } from 'electron';
import type { ExportReportRequest } from '../../shared/desktop-bridge';
import { loadReport, writeReport, type HtmlToPdf, type ReportFormat } from '../report/index';
import { ReportError } from '../report/errors';
import { SessionReader } from '../session/index';
import { errorText } from '../../shared/error-text';

export const REPORT_FILTERS = [
  { name: 'HTML report', extensions: ['html'] },
  { name: 'Markdown report', extensions: ['md'] },
  { name: 'PDF report', extensions: ['pdf'] },
];

export function reportFormatFor(file: string): ReportFormat | null {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.html' || ext === '.htm') return 'html';
  if (ext === '.md' || ext === '.markdown') return 'md';
  if (ext === '.pdf') return 'pdf';
  return null;
}

/** The export dialog's filter and suggested name for one format (`<session>-report.<ext>`). */
export function reportSaveOptions(
  sessionPath: string,
  format: ReportFormat,
): { defaultPath: string; filters: typeof REPORT_FILTERS } {
  const base = path.basename(sessionPath, path.extname(sessionPath));
  return {
    defaultPath: path.join(path.dirname(sessionPath), `${base}-report.${format}`),
    filters: REPORT_FILTERS.filter((f) => f.extensions.includes(format)),
  };
}

/**
 * Writes the report the export dialog previewed (same range, parts and default title as
 * reportPreview) in the chosen format; a name typed without that format's extension gets it.
 */
export async function exportReportRange(
  sessionPath: string,
  out: string,
  req: ExportReportRequest,
  htmlToPdf: HtmlToPdf,
): Promise<string[]> {
  const file = reportFormatFor(out) === req.format ? out : `${out}.${req.format}`;
  const reader = SessionReader.open(sessionPath);
  try {
    const model = loadReport(reader, {
      from: req.from,
      to: req.to,
      sustainedAfterMs: req.sustainedAfterMs,
      include: req.include,
    });
    return await writeReport(model, req.format, file, { htmlToPdf });
  } finally {
    reader.close();
  }
}

/** The parts of a BrowserWindow used to print. */
export interface PrintingWindow {
  loadURL(url: string): Promise<void>;
  webContents: {
    printToPDF(options: { printBackground?: boolean; preferCSSPageSize?: boolean }): Promise<Buffer | Uint8Array>;
  };
  destroy(): void;
}

/** A hidden window that shows the report file with JavaScript off and nothing else allowed. */
export const PRINT_WINDOW_OPTIONS: BrowserWindowConstructorOptions = {
  show: false,
  webPreferences: {
    javascript: false,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    webSecurity: true,
  },
};

export function electronHtmlToPdf(
  createWindow: (options: BrowserWindowConstructorOptions) => PrintingWindow,
): HtmlToPdf {
  return async (html, outPath) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'backflow-report-'));
    const win = createWindow(PRINT_WINDOW_OPTIONS);
    try {
      const page = path.join(dir, 'report.html');
      writeFileSync(page, html);
      await win.loadURL(pathToFileURL(page).href);
      const pdf = await win.webContents.printToPDF({ printBackground: true, preferCSSPageSize: true });
      writeFileSync(outPath, pdf);
    } catch (e) {
      throw new ReportError(`could not print the PDF: ${errorText(e)}`);
    } finally {
      win.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

// File > Export Report…: the report writers of electron/report on the open session, with the
// format chosen by the file name the user typed (.html, .md, .pdf). PDF is printed by Electron
// itself (a hidden, script-less, sandboxed window), so the desktop app needs no Chromium install.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserWindowConstructorOptions } from 'electron';
import { loadReport, writeReport, type HtmlToPdf, type ReportFormat } from '../report/index';
import { ReportError } from '../report/errors';
import { SessionReader } from '../session/index';

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

/** Writes the report of a whole session; returns the files written. */
export async function exportReportFile(sessionPath: string, out: string, htmlToPdf: HtmlToPdf): Promise<string[]> {
  const format = reportFormatFor(out);
  if (!format) throw new ReportError(`choose a report file ending in .html, .md or .pdf (got ${path.basename(out)})`);
  const reader = SessionReader.open(sessionPath);
  try {
    const model = loadReport(reader, { title: path.basename(sessionPath) });
    return await writeReport(model, format, out, { htmlToPdf });
  } finally {
    reader.close();
  }
}

/** The parts of a BrowserWindow used to print. */
export interface PrintingWindow {
  loadURL(url: string): Promise<void>;
  webContents: { printToPDF(options: { printBackground?: boolean; preferCSSPageSize?: boolean }): Promise<Buffer | Uint8Array> };
  destroy(): void;
}

/** A hidden window that shows the report file with JavaScript off and nothing else allowed. */
export const PRINT_WINDOW_OPTIONS: BrowserWindowConstructorOptions = {
  show: false,
  webPreferences: { javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true },
};

export function electronHtmlToPdf(createWindow: (options: BrowserWindowConstructorOptions) => PrintingWindow): HtmlToPdf {
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
      throw new ReportError(`could not print the PDF: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      win.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

// PDF = the HTML report printed by Chromium. The HTML→PDF step is injectable: the CLI uses
// Debian's headless Chromium, the desktop app passes Electron's printToPDF.

import { execFile } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ReportError } from './errors';

/** Renders a self-contained HTML page to a PDF file at `outPath`. */
export type HtmlToPdf = (html: string, outPath: string) => Promise<void>;

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Flags that keep headless Chromium from talking to anything (also the e2e tests' and UI bench's). */
export const QUIET_CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
const CHROMIUM_FLAGS = [...QUIET_CHROMIUM_FLAGS, '--no-pdf-header-footer'];

export function chromiumHtmlToPdf(options: { executable?: string; timeoutMs?: number } = {}): HtmlToPdf {
  const exe = options.executable ?? DEFAULT_CHROMIUM;
  const timeoutMs = options.timeoutMs ?? 120_000;
  return async (html, outPath) => {
    try {
      accessSync(exe, constants.X_OK);
    } catch {
      throw new ReportError(
        `PDF needs Chromium, but ${exe} was not found or is not executable: install Chromium (Debian: apt-get install chromium), set BACKFLOW_CHROMIUM, or write --format html`,
      );
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'backflow-pdf-'));
    try {
      const page = path.join(dir, 'report.html');
      writeFileSync(page, html);
      const target = path.resolve(outPath);
      const args = [
        ...CHROMIUM_FLAGS,
        `--user-data-dir=${path.join(dir, 'profile')}`,
        `--print-to-pdf=${target}`,
        pathToFileURL(page).href,
      ];
      await new Promise<void>((resolve, reject) => {
        execFile(exe, args, { timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 }, (err, _stdout, stderr) => {
          if (err) {
            const last =
              String(stderr)
                .trim()
                .split('\n')
                .filter((l) => !/dbus|bus\.cc/i.test(l))
                .pop() ?? '';
            reject(
              new ReportError(
                `Chromium could not print the PDF (${err.killed ? `timed out after ${timeoutMs} ms` : `exit ${err.code ?? err.signal}`})${last ? `: ${last}` : ''}`,
              ),
            );
          } else resolve();
        });
      });
      let size = 0;
      try {
        size = statSync(target).size;
      } catch {
        // reported below
      }
      if (size === 0) throw new ReportError(`Chromium exited without writing ${target}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

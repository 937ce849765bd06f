import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ReportError } from '../../../electron/report/errors';
import {
  electronHtmlToPdf,
  PRINT_WINDOW_OPTIONS,
  reportFormatFor,
  type PrintingWindow,
} from '../../../electron/shell/report-export';

const dir = mkdtempSync(path.join(tmpdir(), 'backflow-report-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fakePrinter(fail = false) {
  const seen: { url: string; html: string; destroyed: boolean }[] = [];
  const create = (): PrintingWindow => {
    const rec = { url: '', html: '', destroyed: false };
    seen.push(rec);
    return {
      async loadURL(url) {
        rec.url = url;
        rec.html = readFileSync(fileURLToPath(url), 'utf8');
      },
      webContents: {
        async printToPDF() {
          if (fail) throw new Error('printing failed');
          return Buffer.from(`%PDF ${rec.html.length}`);
        },
      },
      destroy() {
        rec.destroyed = true;
      },
    };
  };
  return { create, seen };
}

describe('report export', () => {
  it('picks the format from the file name', () => {
    expect(['a.html', 'a.HTM', 'a.md', 'a.markdown', 'a.pdf', 'a.txt', 'a'].map(reportFormatFor)).toEqual([
      'html',
      'html',
      'md',
      'md',
      'pdf',
      null,
      null,
    ]);
  });

  it('prints through a hidden window with JavaScript off, then cleans up', async () => {
    const { create, seen } = fakePrinter();
    const out = path.join(dir, 'r.pdf');
    await electronHtmlToPdf(create)('<!doctype html><p>report</p>', out);
    expect(readFileSync(out, 'utf8')).toBe(`%PDF ${'<!doctype html><p>report</p>'.length}`);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url.startsWith('file://')).toBe(true);
    expect(seen[0]!.destroyed).toBe(true);
    expect(existsSync(fileURLToPath(seen[0]!.url))).toBe(false);
    expect(PRINT_WINDOW_OPTIONS).toMatchObject({
      show: false,
      webPreferences: { javascript: false, sandbox: true, nodeIntegration: false },
    });
  });

  it('reports a printing failure as a ReportError and still closes the window', async () => {
    const { create, seen } = fakePrinter(true);
    const err = await electronHtmlToPdf(create)('<p>x</p>', path.join(dir, 'x.pdf')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReportError);
    expect((err as Error).message).toBe('could not print the PDF: printing failed');
    expect(seen[0]!.destroyed).toBe(true);
    expect(existsSync(path.join(dir, 'x.pdf'))).toBe(false);
  });
});

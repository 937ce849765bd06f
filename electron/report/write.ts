// Writes a report model to disk in one of the three formats.

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ReportModel } from '../../shared/report/types';
import { ReportError } from './errors';
import { renderHtml } from './html';
import { renderMarkdown } from './markdown';
import type { HtmlToPdf } from './pdf';
import { errorText } from '../../shared/error-text';

export const REPORT_FORMATS = ['html', 'md', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** `report.md` → `report_files` (beside it). */
export function imagesDirFor(out: string): string {
  const base = path.basename(out).replace(/\.(md|markdown)$/i, '');
  return path.join(path.dirname(out), `${base}_files`);
}

/** Returns every file written. */
export async function writeReport(
  model: ReportModel,
  format: ReportFormat,
  out: string,
  deps: { htmlToPdf?: HtmlToPdf } = {},
): Promise<string[]> {
  const dir = path.dirname(path.resolve(out));
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new ReportError(`cannot create ${dir}: ${errorText(e)}`);
  }
  const write = (file: string, text: string): void => {
    try {
      writeFileSync(file, text);
    } catch (e) {
      throw new ReportError(`cannot write ${file}: ${errorText(e)}`);
    }
  };
  if (format === 'html') {
    write(out, renderHtml(model));
    return [out];
  }
  if (format === 'md') {
    const imagesDir = imagesDirFor(out);
    const { markdown, images } = renderMarkdown(model, path.basename(imagesDir));
    rmSync(imagesDir, { recursive: true, force: true }); // no stale charts from an earlier report
    mkdirSync(imagesDir, { recursive: true });
    for (const img of images)
      write(path.join(imagesDir, img.file), `<?xml version="1.0" encoding="UTF-8"?>\n${img.svg}\n`);
    write(out, markdown);
    return [out, ...images.map((i) => path.join(imagesDir, i.file))];
  }
  if (!deps.htmlToPdf) throw new ReportError('PDF output needs an HTML-to-PDF renderer');
  await deps.htmlToPdf(renderHtml(model), out);
  return [out];
}

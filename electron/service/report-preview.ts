// reportPreview: the report of a range exactly as the HTML writer writes it, so the export dialog
// shows what will be saved. The title is the report's default (it names the job), the same one
// the desktop export writes.

import { ApiParamError, type ApiParams, type ReportPreviewResult } from '../../shared/api';
import { ReportError } from '../report/errors';
import { renderHtml } from '../report/html';
import { loadReport } from '../report/load';
import type { SessionReader } from '../session/reader';

export function reportPreview(
  reader: SessionReader,
  p: ApiParams<'reportPreview'>,
  now: () => number,
): ReportPreviewResult {
  try {
    const model = loadReport(reader, {
      from: p.from,
      to: p.to,
      sustainedAfterMs: p.sustainedAfterMs,
      include: p.include,
      now,
    });
    return { html: renderHtml(model) };
  } catch (e) {
    // An empty session or range is the caller's choice, not a fault of the main side.
    if (e instanceof ReportError) throw new ApiParamError(`reportPreview: ${e.message}`);
    throw e;
  }
}

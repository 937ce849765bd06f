// Reads a session (or a time slice of it) into the report model: the same analysis input and
// analysis as `backflow analyze`, plus the file's summary and annotations.

import { analyzeSession } from '../../shared/analysis/index';
import { MAX_ANNOTATION_TEXT } from '../../shared/api';
import { buildReport } from '../../shared/report/build';
import type { ReportInclude, ReportModel } from '../../shared/report/types';
import { epochMs } from '../../shared/time';
import { readRangeInput } from '../session/analysis-input';
import type { SessionReader } from '../session/index';
import { ReportError } from './errors';

export interface LoadReportOptions {
  from?: number;
  to?: number;
  sustainedAfterMs?: number;
  title?: string;
  /** Optional parts to show (the export dialog's switches); everything when absent. */
  include?: ReportInclude;
  /** Clock for "generated at"; tests pin it. */
  now?: () => number;
}

/**
 * Characters of one note a report shows: whatever the app lets a user write; a longer note (written
 * by another tool) is cut and says so, so a few huge notes cannot make a report of hundreds of MB.
 */
export const REPORT_NOTE_CHARS = MAX_ANNOTATION_TEXT;

const count = (n: number): string => n.toLocaleString('en');

/** The session's notes in the range, each cut to REPORT_NOTE_CHARS (read cut: never whole into memory). */
function reportNotes(reader: SessionReader, from: number, to: number) {
  const { items } = reader.annotationSummaries({
    range: { from: epochMs(from), to: epochMs(to) },
    previewChars: REPORT_NOTE_CHARS,
    limit: Number.MAX_SAFE_INTEGER,
  });
  return items.map(({ preview, previewCut, textLength, ...a }) => ({
    ...a,
    text: previewCut
      ? `${preview}… [note cut: the first ${count(REPORT_NOTE_CHARS)} of ${count(textLength)} characters]`
      : preview,
  }));
}

export function loadReport(reader: SessionReader, options: LoadReportOptions = {}): ReportModel {
  const whole = reader.timeRange();
  if (!whole) throw new ReportError('the session has no ticks yet: nothing to report');
  // A range wider than the session (a dialog's "from the start", an open end) is the session.
  const from = Math.max(options.from ?? whole.from, whole.from);
  const to = Math.min(options.to ?? whole.to, whole.to);
  if (!(from < to)) throw new ReportError(`the report range is empty: from ${from} is not before to ${to}`);
  // Only the range (and the context its analysis needs): a 10-minute report of a day costs what one of an hour does.
  const input = readRangeInput(reader, from, to);
  const doc = analyzeSession(input, { sustainedAfterMs: options.sustainedAfterMs, from, to });
  return buildReport({
    doc,
    input,
    session: reader.info(),
    annotations: reportNotes(reader, from, to),
    generatedAt: (options.now ?? Date.now)(),
    title: options.title,
    include: options.include,
  });
}

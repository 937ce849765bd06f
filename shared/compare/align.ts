// How B's time lines up with A's: by the sessions' starts, by their worst incidents (the same
// trouble side by side), or by the clock (two clusters recorded together). The offset places B's
// instants on A's axis; a range given for one session only is carried to the other through it.

import type { AnalysisDocument } from '../analysis/document';
import type { AlignMode, Alignment } from './document';

export const ALIGN_MODES: readonly AlignMode[] = ['start', 'episode', 'clock'];

/** The start of the best-ranked incident among the given jobs (all when none given); null without one. */
function worstIncidentStart(doc: AnalysisDocument, jobIds: ReadonlySet<string> | null): number | null {
  const x = doc.incidents.find((i) => jobIds === null || jobIds.has(i.jobId));
  return x ? x.start : null;
}

export interface AlignSide {
  /** The session's first instant (not the start of a range compared within it). */
  start: number;
  /** The analysis of the compared range: its worst incident is the `episode` anchor. */
  doc: AnalysisDocument;
  /** Job ids compared (null: every job). */
  jobIds: ReadonlySet<string> | null;
}

export function alignSessions(mode: AlignMode, a: AlignSide, b: AlignSide): Alignment {
  const byStart = (note: string | null): Alignment => ({
    mode,
    offsetMs: a.start - b.start,
    anchorA: a.start,
    anchorB: b.start,
    note,
  });
  if (mode === 'start') return byStart(null);
  if (mode === 'clock') {
    const overlap =
      Math.min(a.doc.session.end, b.doc.session.end) >= Math.max(a.doc.session.start, b.doc.session.start);
    return {
      mode,
      offsetMs: 0,
      anchorA: a.start,
      anchorB: a.start,
      note: overlap ? null : 'the sessions do not overlap in time',
    };
  }
  const ia = worstIncidentStart(a.doc, a.jobIds);
  const ib = worstIncidentStart(b.doc, b.jobIds);
  if (ia === null || ib === null) {
    const which = ia === null && ib === null ? 'neither session has an' : ia === null ? 'A has no' : 'B has no';
    return byStart(`${which} incident to align on: aligned by start`);
  }
  return { mode, offsetMs: ia - ib, anchorA: ia, anchorB: ib, note: null };
}

export interface Range {
  from: number;
  to: number;
}

/**
 * The other session's range for a range given on one side only: the same stretch through the
 * offset, clipped to that session. Null when it falls outside it.
 */
export function carryRange(r: Range, offsetMs: number, toSide: 'a' | 'b', bounds: Range): Range | null {
  const shift = toSide === 'b' ? -offsetMs : offsetMs;
  const from = Math.max(bounds.from, r.from + shift);
  const to = Math.min(bounds.to, r.to + shift);
  return from <= to ? { from, to } : null;
}

// Two session files compared: read each one's analysis input, analyse the compared ranges, line
// B up with A and hand both to the pure comparison (shared/compare). The one way two sessions are
// compared: `backflow compare`, its report and the served/desktop compare view all come here.

import { analyzeSession } from '../../shared/analysis/index';
import type { AnalysisDocument } from '../../shared/analysis/document';
import {
  alignSessions,
  carryRange,
  compareSessions,
  CompareInputError,
  jobsNamed,
  type AlignMode,
  type Range,
} from '../../shared/compare/index';
import type { CompareDocument } from '../../shared/compare/document';
import { epochMs } from '../../shared/time';
import { readAnalysisInput } from '../session/analysis-input';
import type { SessionReader } from '../session/index';

export interface CompareFile {
  /** How the session is named in the document (the file as the user gave it, or its name). */
  label: string;
  reader: SessionReader;
  /** Compare only this part of it; the whole session (or the other's range carried over) when null. */
  asked: Range | null;
}

export interface CompareFilesOptions {
  mode: AlignMode;
  /** Compare only the job of this name. */
  jobName?: string | null;
}

/** A session's whole range; a CompareInputError when it has no tick yet. */
export function wholeRange(label: string, reader: SessionReader): Range {
  const t = reader.timeRange();
  if (!t) throw new CompareInputError(`${label} has no ticks yet: nothing to compare`);
  return { from: epochMs(t.from), to: epochMs(t.to) };
}

export function compareFiles(a: CompareFile, b: CompareFile, options: CompareFilesOptions): CompareDocument {
  const wholeA = wholeRange(a.label, a.reader);
  const wholeB = wholeRange(b.label, b.reader);
  const inputA = readAnalysisInput(a.reader);
  const inputB = readAnalysisInput(b.reader);
  const jobName = options.jobName ?? null;
  const analyse = (side: 'a' | 'b', r: Range | null): AnalysisDocument =>
    analyzeSession(side === 'a' ? inputA : inputB, r ? { from: r.from, to: r.to } : {});
  let docA = analyse('a', a.asked);
  let docB = analyse('b', b.asked);
  const ids = (jobs: { jobId: string }[]): Set<string> | null => (jobName ? new Set(jobs.map((j) => j.jobId)) : null);
  const alignment = alignSessions(
    options.mode,
    { start: wholeA.from, doc: docA, jobIds: ids(jobsNamed(inputA, jobName)) },
    { start: wholeB.from, doc: docB, jobIds: ids(jobsNamed(inputB, jobName)) },
  );
  // A range on one side only: the same stretch of the other, through the alignment.
  const carried = (asked: Range, to: CompareFile, bounds: Range, which: 'a' | 'b'): Range => {
    const r = carryRange(asked, alignment.offsetMs, which, bounds);
    if (!r)
      throw new CompareInputError(
        `the range given for ${which === 'b' ? 'A' : 'B'} lies outside ${to.label} once aligned`,
      );
    return r;
  };
  if (a.asked && !b.asked) docB = analyse('b', carried(a.asked, b, wholeB, 'b'));
  else if (b.asked && !a.asked) docA = analyse('a', carried(b.asked, a, wholeA, 'a'));
  return compareSessions(
    { file: a.label, input: inputA, doc: docA },
    { file: b.label, input: inputB, doc: docB },
    { jobName, alignment },
  );
}

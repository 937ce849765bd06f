// The analysis of the whole session, per sustained threshold. It needs every frame decoded
// (readAnalysisInput), which takes seconds on a large session, so a result is kept until the file
// grew and then recomputed at most every `minAgeMs` — or five times as long as the last run took,
// whichever is longer — so a live recording never keeps the main side busy analysing. The
// decoded input is dropped after each run: only the (small) document is kept.

import { analyzeSession, type AnalysisDocument } from '../../shared/analysis';
import { readAnalysisInput } from '../session/analysis-input';
import type { SessionReader } from '../session/reader';

interface Entry {
  doc: AnalysisDocument;
  lastTs: number | null;
  at: number;
}

const MAX_THRESHOLDS = 8;

export class AnalysisCache {
  private readonly docs = new Map<string, Entry>();
  private lastCostMs = 0;

  constructor(
    private readonly reader: SessionReader,
    private readonly now: () => number,
    private readonly minAgeMs = 5000,
  ) {}

  /** The latest document if one was computed for this threshold, without computing one. */
  peek(sustainedAfterMs?: number): AnalysisDocument | null {
    return this.docs.get(String(sustainedAfterMs ?? 'default'))?.doc ?? null;
  }

  get(lastTs: number | null, sustainedAfterMs?: number): AnalysisDocument {
    const key = String(sustainedAfterMs ?? 'default');
    const cur = this.docs.get(key);
    const fresh = cur && (cur.lastTs === lastTs || this.now() - cur.at < Math.max(this.minAgeMs, 5 * this.lastCostMs));
    if (cur && fresh) return cur.doc;
    const t0 = this.now();
    const doc = analyzeSession(readAnalysisInput(this.reader), sustainedAfterMs === undefined ? {} : { sustainedAfterMs });
    this.lastCostMs = this.now() - t0;
    this.docs.delete(key);
    this.docs.set(key, { doc, lastTs, at: this.now() });
    if (this.docs.size > MAX_THRESHOLDS) this.docs.delete(this.docs.keys().next().value!);
    return doc;
  }
}

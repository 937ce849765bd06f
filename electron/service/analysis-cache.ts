// The analysis of the whole session, per sustained threshold. It needs every frame decoded
// (readAnalysisInput), which takes seconds on a large session, so a result is kept until the file
// grew and then recomputed at most every `minAgeMs` — or five times as long as the last run took,
// whichever is longer — so a live recording never keeps the main side busy analysing. Runs go
// through an AnalysisRunner (a worker thread when the bundle has one); callers asking while a run
// for the same threshold is under way share its answer. Only the document and the per-vertex
// level series are kept (small: one number per vertex and sample).

import type { AnalysisOutcome, AnalysisRunner } from './analysis-runner';

interface Entry {
  doc: AnalysisOutcome;
  lastTs: number | null;
  at: number;
}

const MAX_THRESHOLDS = 8;

export class AnalysisCache {
  private readonly docs = new Map<string, Entry>();
  private readonly running = new Map<string, Promise<AnalysisOutcome>>();
  private lastCostMs = 0;

  constructor(
    private readonly runner: AnalysisRunner,
    private readonly now: () => number,
    private readonly minAgeMs = 5000,
  ) {}

  /** The latest document if one was computed for this threshold, without computing one. */
  peek(sustainedAfterMs?: number): AnalysisOutcome | null {
    return this.docs.get(String(sustainedAfterMs ?? 'default'))?.doc ?? null;
  }

  get(lastTs: number | null, sustainedAfterMs?: number): Promise<AnalysisOutcome> {
    const key = String(sustainedAfterMs ?? 'default');
    const cur = this.docs.get(key);
    const fresh = cur && (cur.lastTs === lastTs || this.now() - cur.at < Math.max(this.minAgeMs, 5 * this.lastCostMs));
    if (cur && fresh) return Promise.resolve(cur.doc);
    const under = this.running.get(key);
    if (under) return under;
    const t0 = this.now();
    const run = this.runner
      // The lanes (the same for every threshold) come with the default's run only: a day of a
      // large job's are ≈12 MB, which each kept threshold would otherwise hold again.
      .run(sustainedAfterMs, sustainedAfterMs === undefined)
      .then((doc) => {
        this.lastCostMs = this.now() - t0;
        this.docs.delete(key);
        this.docs.set(key, { doc, lastTs, at: this.now() });
        if (this.docs.size > MAX_THRESHOLDS) this.docs.delete(this.docs.keys().next().value!);
        return doc;
      })
      .finally(() => this.running.delete(key));
    this.running.set(key, run);
    return run;
  }

  close(): void {
    this.runner.close();
  }
}

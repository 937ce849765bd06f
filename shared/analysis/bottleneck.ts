// Where the backpressure comes from: walk the job graph downstream from a backpressured vertex,
// through every vertex that is itself backpressured, to the first ones that are not. Among
// those, a busy one is the bottleneck ("the operator after the last one that is experiencing
// backpressure"); a sink counts like any other vertex. Where busy time is not reported (Flink
// ≤ 1.12 has no busyTimeMsPerSecond), the guide's buffer rule stands in: a vertex that is not
// backpressured, with an input pool ~100 % full and an output pool that is not, is where the
// backpressure originates. Two candidates, or a vertex on the way without data, make the answer
// ambiguous: it is reported, not guessed.

import { BUSY_RATIO } from './thresholds';

export interface VertexState {
  /** Backpressured during the window; null when the vertex has no data there. */
  backpressured: boolean | null;
  /** Max over subtasks of the mean busy fraction; NaN when not reported. */
  busy: number;
  /**
   * Some subtask's inPoolUsage was ~100 % while its outPoolUsage was not high (the guide's
   * buffer rule); null/absent when the pools were not reported. Only read when busy is NaN.
   */
  inputFull?: boolean | null;
}

/** What made a candidate a candidate: its busy time, or (busy not reported) its buffers. */
export type CandidateBasis = 'busy' | 'input-buffers';

export type AmbiguityReason = 'multiple-candidates' | 'missing-data' | 'no-busy-downstream' | 'no-downstream';

export interface FrontierEdge {
  /** Last backpressured vertex. */
  sender: string;
  /** First vertex after it that is not backpressured. */
  receiver: string;
}

export interface BottleneckResult {
  /** The bottleneck vertex, or null when there is none or the answer is ambiguous. */
  vertexId: string | null;
  /** Busy, not backpressured vertices right after backpressured ones. */
  candidates: string[];
  /** Per candidate, the evidence it was picked on. */
  basis: Record<string, CandidateBasis>;
  /** Vertices on the walk without data (or without busy time) in the window. */
  missing: string[];
  /** Not backpressured and not busy vertices right after backpressured ones. */
  idle: string[];
  /** Backpressured vertices the walk went through (the start included). */
  backpressured: string[];
  frontier: FrontierEdge[];
  ambiguity: AmbiguityReason | null;
}

export function findBottleneck(
  downstream: ReadonlyMap<string, readonly string[]>,
  stateOf: (vertexId: string) => VertexState | undefined,
  from: string,
): BottleneckResult {
  const candidates: string[] = [];
  const basis: Record<string, CandidateBasis> = {};
  const missing: string[] = [];
  const idle: string[] = [];
  const bp: string[] = [];
  const frontier: FrontierEdge[] = [];
  const seen = new Set<string>([from]);
  const queue = [from];
  while (queue.length > 0) {
    const u = queue.shift()!;
    bp.push(u);
    const next = downstream.get(u) ?? [];
    for (const w of next) {
      if (seen.has(w)) continue;
      seen.add(w);
      const st = stateOf(w);
      if (!st || st.backpressured === null) missing.push(w);
      else if (st.backpressured) queue.push(w);
      else if (Number.isNaN(st.busy)) {
        if (st.inputFull === true) {
          candidates.push(w);
          basis[w] = 'input-buffers';
          frontier.push({ sender: u, receiver: w });
        } else missing.push(w);
      } else if (st.busy >= BUSY_RATIO) {
        candidates.push(w);
        basis[w] = 'busy';
        frontier.push({ sender: u, receiver: w });
      } else {
        idle.push(w);
        frontier.push({ sender: u, receiver: w });
      }
    }
  }
  let ambiguity: AmbiguityReason | null = null;
  if (candidates.length > 1) ambiguity = 'multiple-candidates';
  else if (missing.length > 0) ambiguity = 'missing-data';
  else if (candidates.length === 0) ambiguity = idle.length > 0 ? 'no-busy-downstream' : 'no-downstream';
  return {
    vertexId: ambiguity === null ? candidates[0]! : null,
    candidates,
    basis,
    missing,
    idle,
    backpressured: bp,
    frontier,
    ambiguity,
  };
}

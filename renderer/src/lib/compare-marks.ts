// What the compare view draws on each session's job graph nodes: the vertex's verdict and its
// busy p95 change A → B (matched vertices, on both graphs), or that only this session has it.

import type { Change } from '../../../shared/compare/change';
import type { JobComparison, Verdict } from '../../../shared/compare/document';

export interface GraphMark {
  /** The verdict, or `only` for a vertex the other session lacks. */
  verdict: Verdict | 'only';
  /** Short enough for a node: `resolved · busy 100%→34%`. */
  label: string;
  /** The whole line of the comparison (the node's tooltip and accessible name). */
  text: string;
}

const VERDICT_WORD: Record<Verdict, string> = {
  resolved: 'resolved',
  'new-bottleneck': 'new bottleneck',
  'still-bottleneck': 'still bottleneck',
  better: 'better',
  worse: 'worse',
  mixed: 'mixed',
  unchanged: 'unchanged',
  unknown: 'not comparable',
};

const pct = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)}%`);

/** `100%→34%`, or `35% =` when the difference is within the resolution or the noise. */
function busyText(c: Change): string {
  return c.direction === 'unchanged' || pct(c.a) === pct(c.b) ? `${pct(c.b)} =` : `${pct(c.a)}→${pct(c.b)}`;
}

/** The marks of one side's graph, by that session's vertex id. */
export function graphMarks(job: JobComparison, side: 'a' | 'b'): Map<string, GraphMark> {
  const marks = new Map<string, GraphMark>();
  for (const v of job.vertices) {
    const busy = v.measures.busyP95;
    const label =
      busy.a === null && busy.b === null
        ? VERDICT_WORD[v.verdict]
        : `${VERDICT_WORD[v.verdict]} · busy ${busyText(busy)}`;
    marks.set(v[side].vertexId, { verdict: v.verdict, label, text: v.text });
  }
  for (const u of job.unmatched[side])
    marks.set(u.vertexId, { verdict: 'only', label: `only in ${side.toUpperCase()}`, text: u.text });
  return marks;
}

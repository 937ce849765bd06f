// One matched vertex across the two sessions: its measures judged by the noise rule (change.ts),
// its part in each session's incidents, and the verdict in words.

import { shortVertexName } from '../analysis/explain';
import { BUSY_RATIO } from '../analysis/thresholds';
import type { VertexInfo } from '../model';
import { fractionTolerance, judge, rateTolerance, shareTolerance, type Change } from './change';
import type { Verdict, VertexComparison, VertexMeasureChanges, VertexRole, VertexSide } from './document';
import type { MatchedBy } from './match-vertices';
import { quantile, spread } from './stats';
import type { VertexMeasures } from './vertex-measures';
import { changedTexts, formatValue } from './words';

export interface VertexInSession {
  info: VertexInfo;
  measures: VertexMeasures;
  role: VertexRole;
  bottleneckMs: number;
  bottleneckCause: string | null;
}

const num = (x: number | undefined): number | null => (x !== undefined && Number.isFinite(x) ? x : null);

function percentiles(a: number[], b: number[], q: number): Change {
  return judge(num(quantile(a, q)), num(quantile(b, q)), fractionTolerance(a, b), 'lower-better');
}

export function measureChanges(a: VertexMeasures, b: VertexMeasures): VertexMeasureChanges {
  const share = (m: VertexMeasures, key: 'lowShare' | 'highShare') => ({ share: m[key], samples: m.samples });
  const rate = (key: 'recordsInPerSec' | 'recordsOutPerSec', samples: 'recordsIn' | 'recordsOut'): Change => {
    const x = num(a.whole?.[key]);
    const y = num(b.whole?.[key]);
    return judge(x, y, rateTolerance(x, y, spread(a[samples]), spread(b[samples])), 'higher-better');
  };
  const pool = (key: 'outPoolMax' | 'inPoolMax', samples: 'outPool' | 'inPool'): Change =>
    judge(num(a.whole?.[key]), num(b.whole?.[key]), fractionTolerance(a[samples], b[samples]), 'lower-better');
  const busy = (q: number): Change => ({ ...percentiles(a.busy, b.busy, q), better: null });
  return {
    highShare: judge(
      num(a.highShare),
      num(b.highShare),
      shareTolerance(share(a, 'highShare'), share(b, 'highShare')),
      'lower-better',
    ),
    lowShare: judge(
      num(a.lowShare),
      num(b.lowShare),
      shareTolerance(share(a, 'lowShare'), share(b, 'lowShare')),
      'lower-better',
    ),
    ratioP50: percentiles(a.ratio, b.ratio, 0.5),
    ratioP95: percentiles(a.ratio, b.ratio, 0.95),
    busyP50: busy(0.5),
    busyP95: busy(0.95),
    recordsInPerSec: rate('recordsInPerSec', 'recordsIn'),
    recordsOutPerSec: rate('recordsOutPerSec', 'recordsOut'),
    outPoolUsage: pool('outPoolMax', 'outPool'),
    inPoolUsage: pool('inPoolMax', 'inPool'),
  };
}

/**
 * What flows through the vertex: records in, or records out for a source (which reads none from
 * Flink's network), told by records in being zero or unknown in both sessions.
 */
export function throughput(m: VertexMeasureChanges): { label: string; change: Change } {
  const none = (x: number | null): boolean => x === null || x === 0;
  const c = m.recordsInPerSec;
  return none(c.a) && none(c.b)
    ? { label: 'records out', change: m.recordsOutPerSec }
    : { label: 'records in', change: c };
}

/** The role change first; otherwise what backpressure did (HIGH, LOW time and the p95 ratio). */
export function verdictOf(a: VertexRole, b: VertexRole, m: VertexMeasureChanges): Verdict {
  if (a === 'bottleneck' && b !== 'bottleneck') return 'resolved';
  if (a !== 'bottleneck' && b === 'bottleneck') return 'new-bottleneck';
  if (a === 'bottleneck' && b === 'bottleneck') return 'still-bottleneck';
  const bp = [m.highShare, m.lowShare, m.ratioP95];
  if (bp.every((c) => c.direction === 'unknown')) return 'unknown';
  const better = bp.some((c) => c.better === true);
  const worse = bp.some((c) => c.better === false);
  return better && worse ? 'mixed' : better ? 'better' : worse ? 'worse' : 'unchanged';
}

const HEADS: Record<Verdict, string> = {
  resolved: 'no longer the bottleneck',
  'new-bottleneck': 'the new bottleneck',
  'still-bottleneck': 'still the bottleneck',
  better: 'less backpressure',
  worse: 'more backpressure',
  mixed: 'backpressure changed both ways',
  unchanged: 'unchanged',
  unknown: 'no samples to compare',
};

/** At most this many changed measures in the one line (the JSON has them all). */
const MAX_DETAILS = 3;

/**
 * `Window(…): no longer the bottleneck; busy 95 % → 40 %`, `Sink: now busy 80 %, the new
 * bottleneck`: the verdict, then the measures that changed beyond the noise, most telling first.
 */
export function vertexText(
  name: string,
  verdict: Verdict,
  m: VertexMeasureChanges,
  cause: string | null = null,
): string {
  const busyInHead = verdict === 'new-bottleneck' && m.busyP95.b !== null && m.busyP95.b >= BUSY_RATIO;
  const busy = busyInHead ? [] : ([['busy', m.busyP95, 'percent']] as const);
  const details = changedTexts([
    ...busy,
    ['HIGH', m.highShare, 'percent', ' of the time'],
    ['LOW', m.lowShare, 'percent', ' of the time'],
    ['backpressure p95', m.ratioP95, 'percent'],
    [throughput(m).label, throughput(m).change, 'rate'],
    ['output pool', m.outPoolUsage, 'percent'],
  ]).slice(0, MAX_DETAILS);
  const quiet = verdict === 'unchanged' && m.ratioP95.a === 0 && m.ratioP95.b === 0;
  const head = busyInHead
    ? `now busy ${formatValue(m.busyP95.b, 'percent')}, ${HEADS[verdict]}`
    : verdict === 'new-bottleneck' && cause !== null
      ? `${HEADS[verdict]} (${cause})`
      : quiet
        ? 'no backpressure in either session'
        : verdict === 'unchanged'
          ? 'backpressure unchanged'
          : HEADS[verdict];
  return `${shortVertexName(name)}: ${[head, ...details].join('; ')}`;
}

function side(v: VertexInSession): VertexSide {
  return {
    vertexId: v.info.vertexId,
    vertexName: v.info.name,
    parallelism: v.info.parallelism,
    role: v.role,
    bottleneckMs: v.bottleneckMs,
    bottleneckCause: v.bottleneckCause,
    lowMs: v.measures.lowMs,
    highMs: v.measures.highMs,
    samples: v.measures.samples,
    ratioSources: v.measures.ratioSources,
  };
}

export function compareVertex(a: VertexInSession, b: VertexInSession, matchedBy: MatchedBy): VertexComparison {
  const measures = measureChanges(a.measures, b.measures);
  const verdict = verdictOf(a.role, b.role, measures);
  let text = vertexText(b.info.name, verdict, measures, b.bottleneckCause);
  if (a.info.parallelism !== b.info.parallelism) text += ` (parallelism ${a.info.parallelism} → ${b.info.parallelism})`;
  return { a: side(a), b: side(b), matchedBy, verdict, text, measures };
}

// Plain-text pieces shared by the HTML and Markdown writers (each escapes them for its format).

import { bottleneckSummary } from '../../shared/analysis/explain';
import { formatCount, recordsDelayedText } from '../../shared/analysis/format';
import type {
  CheckpointRow,
  CheckpointSummary,
  IncidentSection,
  IncidentVertexRow,
  ReportModel,
} from '../../shared/report/types';
import { formatClock, formatDuration, formatInstant } from '../../shared/time';

/** `09:05:30–09:08:00` with the date when the span crosses midnight. */
export function span(from: number, to: number): string {
  const sameDay = formatInstant(from).slice(0, 10) === formatInstant(to).slice(0, 10);
  return sameDay ? `${formatClock(from)}–${formatClock(to)}` : `${formatInstant(from)} – ${formatInstant(to)}`;
}

export function rangeText(m: ReportModel): string {
  return `${formatInstant(m.range.from)} – ${formatInstant(m.range.to)} (${formatDuration(m.range.to - m.range.from)})`;
}

/** The bottleneck as the analysis words it (from the rule that chose it), or why there is none. */
export function bottleneckText(x: Pick<IncidentSection, 'bottleneck' | 'ambiguity'>): string {
  if (x.bottleneck) return bottleneckSummary(x.bottleneck);
  return x.ambiguity ? `unclear: ${x.ambiguity.text}` : 'not determined';
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function summaryText(m: ReportModel): string {
  const s = m.summary;
  if (s.incidents === 0) return 'No backpressure: every vertex stayed at OK in this range.';
  const delayed = s.recordsDelayed !== null ? ` About ${formatCount(s.recordsDelayed)} records were delayed.` : '';
  return (
    `${plural(s.incidents, 'incident')} of backpressure in ${formatDuration(m.range.to - m.range.from)}: ${s.sustained} sustained (at least ${formatDuration(m.sustainedAfterMs)}), ${s.transient} transient; ` +
    `${formatDuration(s.backpressuredMs)} of backpressure in total, each moment counted once (${plural(s.episodes, 'episode')} on single vertices).${delayed}`
  );
}

/** `Source: Kafka — sustained HIGH for 2m 20s, 16:02:50–16:05:10, 2 of 2 subtasks`. */
export function vertexRowText(v: IncidentVertexRow): string {
  return `${v.vertexName}: ${v.class} ${v.peakLevel} for ${formatDuration(v.durationMs)}, ${span(v.start, v.end)}, ${v.subtasks.affected} of ${v.subtasks.total} subtasks`;
}

export function impactText(x: IncidentSection): string {
  if (!x.impact) return 'throughput not recorded';
  return `${recordsDelayedText(x.impact.records)}${x.impact.recordsPerSec !== null ? ` (${formatCount(x.impact.recordsPerSec)} records/s while backpressured)` : ''}`;
}

const OVERLAP_WORDS: Record<IncidentSection['overlaps'][number], string> = {
  checkpoint: 'checkpoint alignment',
  gc: 'a GC pause',
  restart: 'a restart',
  rescale: 'a rescale',
};

/** The facts of an incident as label/value pairs, in the order both writers show them. */
export function incidentFacts(x: IncidentSection, manyJobs: boolean): Array<[string, string]> {
  const facts: Array<[string, string]> = [];
  if (manyJobs) facts.push(['Job', `${x.jobName} (${x.cluster})`]);
  facts.push([
    'When',
    `${span(x.start, x.end)} UTC, ${formatDuration(x.durationMs)}${x.recurring ? ', recurring' : ''}`,
  ]);
  facts.push(['Bottleneck', bottleneckText(x)]);
  facts.push(['Cause', x.cause]);
  facts.push(['Impact', impactText(x)]);
  if (x.overlaps.length > 0) facts.push(['Explained in part by', x.overlaps.map((o) => OVERLAP_WORDS[o]).join(', ')]);
  return facts;
}

export function noteTime(a: { start: number; end: number | null }): string {
  return a.end === null
    ? `${formatInstant(a.start)}`
    : `${formatInstant(a.start)} – ${formatClock(a.end)} (${formatDuration(a.end - a.start)})`;
}

export function ordinaryCheckpointsText(o: CheckpointSummary | null, outliers: number): string {
  if (o === null) return outliers > 0 ? 'No other checkpoints in this range.' : 'No checkpoints in this range.';
  return (
    `${outliers > 0 ? `The other ${plural(o.count, 'checkpoint')}` : `All ${plural(o.count, 'checkpoint')}`} completed normally: ` +
    `median ${formatDuration(o.medianDurationMs)}, longest ${formatDuration(o.maxDurationMs)}` +
    (o.maxAlignmentMs !== null ? `, alignment at most ${formatDuration(o.maxAlignmentMs)}` : '') +
    '.'
  );
}

export function checkpointCells(c: CheckpointRow, manyJobs: boolean): string[] {
  return [
    ...(manyJobs ? [c.jobName] : []),
    `${c.id}${c.isSavepoint ? ' (savepoint)' : ''}`,
    c.status,
    formatInstant(c.start),
    formatDuration(c.durationMs),
    c.alignmentMs === null ? 'n/a' : formatDuration(c.alignmentMs),
  ];
}

export const CHECKPOINT_HEAD = ['Id', 'Status', 'Triggered', 'Duration', 'Alignment'];

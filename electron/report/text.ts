// Plain-text pieces shared by the HTML and Markdown writers (each escapes them for its format).

import type { EvidenceValue } from '../../shared/analysis/document';
import { bottleneckSummary, listed } from '../../shared/analysis/explain';
import type { Finding, ReportModel } from '../../shared/report/types';
import { formatClock, formatDuration, formatInstant } from '../../shared/time';


function num(x: number): string {
  if (Number.isInteger(x)) return String(x);
  return Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3).replace(/\.?0+$/, '');
}

export function evidenceValue(v: EvidenceValue): string {
  if (v === null) return 'n/a';
  if (Array.isArray(v)) return `[${listed(v.map((x) => (typeof x === 'number' ? num(x) : x)))}]`;
  if (typeof v === 'number') return num(v);
  return String(v);
}

export function evidenceText(e: Record<string, EvidenceValue>): string {
  return Object.entries(e)
    .map(([k, v]) => `${k}=${evidenceValue(v)}`)
    .join(', ');
}

/** `09:05:30–09:08:00` with the date when the span crosses midnight. */
export function span(from: number, to: number): string {
  const sameDay = formatInstant(from).slice(0, 10) === formatInstant(to).slice(0, 10);
  return sameDay ? `${formatClock(from)}–${formatClock(to)}` : `${formatInstant(from)} – ${formatInstant(to)}`;
}

export function rangeText(m: ReportModel): string {
  return `${formatInstant(m.range.from)} – ${formatInstant(m.range.to)} (${formatDuration(m.range.to - m.range.from)})`;
}

export function findingFacts(f: Finding): string {
  const rec = f.recurring ? `, recurring${f.recurring.periodMs !== null ? ` every ${formatDuration(f.recurring.periodMs)}` : ''}${f.recurring.with ? ` with each ${f.recurring.with}` : ''}` : '';
  const ov = f.overlaps.length > 0 ? `, overlaps ${f.overlaps.join(', ')}` : '';
  return `${formatDuration(f.durationMs)}, ${span(f.start, f.end)} UTC, ${f.subtasks.affected}/${f.subtasks.total} subtasks${rec}${ov}`;
}

/** The bottleneck as the analysis words it (from the rule that chose it), or why there is none. */
export function bottleneckText(f: Finding): string {
  if (f.bottleneck) return bottleneckSummary(f.bottleneck);
  return f.ambiguity ? `unclear: ${f.ambiguity.text}` : 'not determined';
}

export function summaryText(m: ReportModel): string {
  const s = m.summary;
  if (s.episodes === 0) return 'No backpressure episodes: every vertex stayed at OK in this range.';
  return `${s.episodes} backpressure episode${s.episodes === 1 ? '' : 's'}: ${s.sustained} sustained (at least ${formatDuration(m.sustainedAfterMs)}), ${s.transient} transient${s.recurring > 0 ? ` (${s.recurring} recurring)` : ''}; ${formatDuration(s.backpressuredMs)} of backpressure in total.`;
}

export function annotationTime(a: { start: number; end: number | null }): string {
  return a.end === null ? `${formatInstant(a.start)}` : `${formatInstant(a.start)} – ${formatClock(a.end)} (${formatDuration(a.end - a.start)})`;
}

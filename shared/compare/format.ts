// The comparison as text for the CLI, in the tone of `backflow analyze`: the two sessions, how
// they are aligned, then per job what changed in a few lines and a table of its vertices.

import { shortVertexName } from '../analysis/explain';
import { table } from '../analysis/format';
import { formatDuration, formatInstant } from '../time';
import type { Change } from './change';
import { throughput } from './compare-vertex';
import type { CompareDocument, CompareSessionDoc, JobComparison } from './document';
import { formatValue, type ValueKind } from './words';

function sessionLine(label: string, s: CompareSessionDoc): string {
  const versions = [...new Set(s.clusters.map((c) => c.flinkVersion ?? 'version unknown'))].join(', ');
  return `${label} ${s.file}: ${formatInstant(s.start)} – ${formatInstant(s.end)} (${formatDuration(s.durationMs)}), Flink ${versions || 'n/a'}`;
}

/** `95 % → 40 %`, or the one value when unchanged. */
export function cellText(c: Change, kind: ValueKind): string {
  const a = formatValue(c.a, kind);
  const b = formatValue(c.b, kind);
  if (c.a === null && c.b === null) return 'n/a';
  return c.direction === 'unchanged' || a === b ? `${b} =` : `${a} → ${b}`;
}

export function alignmentText(d: CompareDocument): string {
  const al = d.alignment;
  const how = { start: 'by start', episode: 'by the worst incident', clock: 'by clock time' }[al.mode];
  const shift =
    al.offsetMs === 0 ? '' : `, B shifted by ${al.offsetMs < 0 ? '-' : '+'}${formatDuration(Math.abs(al.offsetMs))}`;
  return `Aligned ${how}${shift}${al.note ? ` (${al.note})` : ''}`;
}

/** The vertices of a job as rows: name, how matched, and the main measures A → B. */
export function vertexRows(j: JobComparison): string[][] {
  return j.vertices.map((v) => [
    shortVertexName(v.b.vertexName),
    v.verdict,
    cellText(v.measures.highShare, 'percent'),
    cellText(v.measures.ratioP95, 'percent'),
    cellText(v.measures.busyP95, 'percent'),
    cellText(throughput(v.measures).change, 'rate'),
    v.matchedBy === 'name' ? '' : `matched by ${v.matchedBy}`,
  ]);
}

export const VERTEX_HEAD = ['vertex', 'verdict', 'HIGH time', 'backpressure p95', 'busy p95', 'records/s', ''];

export function formatCompareText(d: CompareDocument): string {
  const lines = [sessionLine('A', d.a), sessionLine('B', d.b), alignmentText(d)];
  for (const j of d.jobs) {
    lines.push('', j.text[0]!, ...j.text.slice(1).map((t) => `  ${t}`));
    if (j.vertices.length > 0) {
      lines.push('', ...table([VERTEX_HEAD, ...vertexRows(j)]).map((l) => `    ${l}`));
    }
  }
  const unmatched = [...d.unmatchedJobs.a, ...d.unmatchedJobs.b];
  if (d.jobs.length === 0) lines.push('', 'No job runs in both sessions under the same name.');
  if (unmatched.length > 0) lines.push('', 'Not compared', ...unmatched.map((u) => `  ${u.text}`));
  lines.push('', '= unchanged: within the resolution or the noise of the two sessions.');
  return lines.join('\n') + '\n';
}

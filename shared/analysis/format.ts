// Human-readable analysis for the CLI: incidents (episodes that share a bottleneck and overlap,
// their time counted once), sustained first, each with its one-line headline, the vertices it
// backpressured, its bottleneck and hints; columns aligned so a list scans like a table.

import { formatClock, formatDuration, formatInstant } from '../time';
import type { AnalysisDocument, IncidentDoc } from './document';
import { bottleneckSummary, incidentHeadline } from './explain';

function row(x: IncidentDoc): string[] {
  return [
    `#${x.rank}`,
    x.peakLevel,
    formatDuration(x.durationMs),
    `${formatClock(x.start)}–${formatClock(x.end)}`,
    `${x.jobName} / ${x.vertices.length === 1 ? x.vertices[0]!.vertexName : `${x.vertices.length} vertices`}`,
    [x.recurring ? 'recurring' : '', x.materialOverlaps.length > 0 ? `[${x.materialOverlaps.join(', ')}]` : '']
      .filter(Boolean)
      .join(' '),
  ];
}

function details(x: IncidentDoc, indent: string): string[] {
  const out: string[] = [`${indent}${incidentHeadline(x)}`];
  if (x.bottleneck) {
    out.push(`${indent}bottleneck: ${bottleneckSummary(x.bottleneck)}`);
  } else if (x.ambiguity) {
    out.push(`${indent}bottleneck: unclear, ${x.ambiguity.text}`);
  }
  if (x.impactBasis === 'records') out.push(`${indent}impact: ${recordsDelayedText(x.impact)}`);
  for (const v of x.vertices) {
    out.push(
      `${indent}episode #${v.episode}: ${v.vertexName}, ${v.class} ${v.peakLevel} ${formatDuration(v.durationMs)} ${formatClock(v.start)}–${formatClock(v.end)}`,
    );
  }
  for (const h of x.hints) out.push(`${indent}- ${h.kind}: ${h.text}`);
  return out;
}

/** Rows of cells as lines, each column padded to its widest cell (the last left ragged). */
export function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

const count = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A count in a few characters: `950`, `12.3 k`, `2.1 M`, `1.25 G`. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '–';
  const a = Math.abs(n);
  const r = (x: number, unit: string) => `${x >= 100 ? Math.round(x) : x.toFixed(1).replace(/\.0$/, '')} ${unit}`;
  if (a < 1000) return String(Math.round(n));
  if (a < 1e6) return r(n / 1e3, 'k');
  if (a < 1e9) return r(n / 1e6, 'M');
  return r(n / 1e9, 'G');
}

/** What the impact of an incident or episode means: the records that passed while it was backpressured. */
export function recordsDelayedText(records: number): string {
  return `about ${formatCount(records)} records delayed`;
}

export function formatAnalysisText(doc: AnalysisDocument): string {
  const lines: string[] = [];
  const s = doc.session;
  lines.push(`Session ${formatInstant(s.start)} – ${formatInstant(s.end)} (${formatDuration(s.end - s.start)})`);
  for (const c of s.clusters) lines.push(`Cluster ${c.url} (Flink ${c.flinkVersion ?? 'version unknown'})`);
  const sm = doc.summary;
  if (sm.episodes === 0) {
    lines.push('No backpressure episodes (no vertex above OK).');
    return lines.join('\n') + '\n';
  }
  lines.push(
    `${count(sm.incidents, 'incident')}: ${sm.sustainedIncidents} sustained, ${sm.transientIncidents} transient; ` +
      `backpressure for ${formatDuration(sm.incidentMs)} in total (${count(sm.episodes, 'episode')} on single vertices` +
      (sm.recurring > 0 ? `, ${sm.recurring} recurring` : '') +
      ')',
  );
  // One table for all incidents so columns line up across the two sections.
  const rendered = table(doc.incidents.map(row));
  for (const cls of ['sustained', 'transient'] as const) {
    if (!doc.incidents.some((x) => x.class === cls)) continue;
    lines.push('', cls === 'sustained' ? 'Sustained' : 'Transient');
    doc.incidents.forEach((x, i) => {
      if (x.class !== cls) return;
      lines.push(`  ${rendered[i]}`);
      lines.push(...details(x, '      '));
    });
  }
  if (sm.bottlenecks.length > 0) {
    lines.push('', 'Bottlenecks');
    lines.push(
      ...table(
        sm.bottlenecks.map((b) => [`  ${b.vertexName}`, count(b.incidents, 'incident'), formatDuration(b.durationMs)]),
      ),
    );
  }
  return lines.join('\n') + '\n';
}

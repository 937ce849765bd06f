// Human-readable analysis for the CLI: sustained episodes first, each with its bottleneck and
// hints; columns aligned so a list of episodes scans like a table.

import { formatClock, formatDuration, formatInstant } from '../time';
import type { AnalysisDocument, EpisodeDoc } from './document';
import { bottleneckSummary } from './explain';

function row(e: EpisodeDoc): string[] {
  return [
    `#${e.rank}`,
    e.peakLevel,
    formatDuration(e.durationMs),
    `${formatClock(e.start)}–${formatClock(e.end)}`,
    `${e.jobName} / ${e.vertexName}`,
    `${e.subtasks.affected}/${e.subtasks.total} subtasks`,
    [
      e.recurring && e.periodMs !== null
        ? `every ${formatDuration(e.periodMs)}${e.recurringWith ? ` (each ${e.recurringWith})` : ''}`
        : '',
      e.overlaps.length > 0 ? `[${e.overlaps.join(', ')}]` : '',
    ].filter(Boolean).join(' '),
  ];
}

function details(e: EpisodeDoc, indent: string): string[] {
  const out: string[] = [];
  if (e.bottleneck) {
    out.push(`${indent}bottleneck: ${bottleneckSummary(e.bottleneck)}`);
  } else if (e.ambiguity) {
    out.push(`${indent}bottleneck: unclear, ${e.ambiguity.text}`);
  }
  for (const h of e.hints) out.push(`${indent}- ${h.kind}: ${h.text}`);
  return out;
}

function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd());
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
    `${sm.episodes} episode${sm.episodes === 1 ? '' : 's'}: ${sm.sustained} sustained, ${sm.transient} transient` +
      (sm.recurring > 0 ? ` (${sm.recurring} recurring)` : '') +
      `, backpressured ${formatDuration(sm.backpressuredMs)} in total`,
  );
  // One table for all episodes so columns line up across the two sections.
  const rendered = table(doc.episodes.map(row));
  for (const cls of ['sustained', 'transient'] as const) {
    if (!doc.episodes.some((e) => e.class === cls)) continue;
    lines.push('', cls === 'sustained' ? 'Sustained' : 'Transient');
    doc.episodes.forEach((e, i) => {
      if (e.class !== cls) return;
      lines.push(`  ${rendered[i]}`);
      lines.push(...details(e, '      '));
    });
  }
  if (sm.bottlenecks.length > 0) {
    lines.push('', 'Bottlenecks');
    lines.push(
      ...table(
        sm.bottlenecks.map((b) => [
          `  ${b.vertexName}`,
          `${b.episodes} episode${b.episodes === 1 ? '' : 's'}`,
          formatDuration(b.durationMs),
        ]),
      ),
    );
  }
  return lines.join('\n') + '\n';
}

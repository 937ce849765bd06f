// The report as Markdown for tickets and wikis: text and tables, with the charts written as
// SVG files into `<name>_files/` beside it and referenced relatively.

import { escapeMarkdown as md } from '../../shared/report/escape';
import { jobGraphSvg } from '../../shared/report/svg/job-graph';
import { lineChartSvg } from '../../shared/report/svg/line-chart';
import { timelineSvg } from '../../shared/report/svg/timeline';
import type { Finding, ReportModel } from '../../shared/report/types';
import { formatDuration, formatInstant } from '../../shared/time';
import { annotationTime, bottleneckText, evidenceText, findingFacts, rangeText, span, summaryText } from './text';

export interface MarkdownOutput {
  markdown: string;
  /** File names inside the images folder, with their SVG text. */
  images: Array<{ file: string; svg: string }>;
}

function table(head: string[], rows: string[][]): string[] {
  return [`| ${head.map(md).join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`, ...rows.map((r) => `| ${r.map(md).join(' | ')} |`)];
}

function hintLines(f: Finding, indent: string): string[] {
  return f.hints.flatMap((h) => {
    const ev = evidenceText(h.evidence);
    return [`${indent}- **${md(h.kind)}**: ${md(h.text)}`, ...(ev ? [`${indent}  evidence: ${md(ev)}`] : [])];
  });
}

/** `imagesDir` is the folder name as referenced from the Markdown file (relative). */
export function renderMarkdown(m: ReportModel, imagesDir: string): MarkdownOutput {
  const images: MarkdownOutput['images'] = [];
  const image = (file: string, alt: string, svg: string): string => {
    images.push({ file, svg });
    return `![${md(alt)}](${encodeURIComponent(imagesDir)}/${file})`;
  };
  const out: string[] = [];
  out.push(`# ${md(m.title)}`, '', `${md(rangeText(m))}, all times UTC. Data resolution ${m.resolutionMs === null ? 'n/a' : md(formatDuration(m.resolutionMs))}; episodes of at least ${md(formatDuration(m.sustainedAfterMs))} count as sustained.`, '');

  out.push('## Key findings', '', md(summaryText(m)), '');
  for (const b of m.summary.bottlenecks) out.push(`- Bottleneck **${md(b.vertexName)}** (${md(b.jobName)}): ${b.episodes} episode${b.episodes === 1 ? '' : 's'}, ${md(formatDuration(b.durationMs))}`);
  if (m.summary.bottlenecks.length > 0) out.push('');
  m.findings.forEach((f, i) => {
    out.push(`${i + 1}. **${f.class} ${f.peakLevel}** on **${md(f.vertexName)}** in ${md(f.jobName)}: ${md(findingFacts(f))}`);
    out.push(`   Bottleneck: **${md(bottleneckText(f))}**`);
    if (f.class === 'sustained') out.push(...hintLines(f, '   '));
  });
  if (m.otherEpisodes > 0) out.push('', `${m.otherEpisodes} more transient episodes are on the timeline; \`backflow analyze\` lists them all.`);
  if (!m.include.transientEpisodes && m.summary.transient > 0) out.push('', 'Transient episodes are left out of this report.');
  out.push('');

  out.push('## Timeline', '', image('timeline.svg', 'Overview timeline', timelineSvg(m.timeline)), '');
  out.push('Lanes: episodes, each vertex\'s level (green OK, yellow LOW, red HIGH, grey no data), checkpoints, GC pauses, annotations.', '');

  out.push('## Session', '');
  out.push(...table(['Cluster', 'Flink', 'Resolution', 'Polls', 'Failed polls'], m.clusters.map((c) => [c.url, c.flinkVersion ?? 'unknown', c.resolutionMs === null ? 'n/a' : formatDuration(c.resolutionMs), String(c.ticks), String(c.errors)])), '');
  out.push(...table(['Job', 'Job id', 'Cluster', 'Vertices'], m.jobs.map((j) => [j.name, j.jobId, j.cluster, String(j.vertices)])), '');
  if (m.gaps.length === 0) out.push('No data gaps: every poll succeeded on time.', '');
  else out.push(...table(['Cluster', 'From', 'To', 'Length', 'Why'], m.gaps.map((g) => [g.cluster, formatInstant(g.from), formatInstant(g.to), formatDuration(g.to - g.from), g.reason === 'error' ? 'failed polls' : 'no polls'])), '');

  out.push('## Episodes', '');
  m.episodes.forEach((e, i) => {
    out.push(`### #${e.rank} ${e.class} ${e.peakLevel} backpressure on ${md(e.vertexName)}`, '');
    out.push(`- Job: ${md(e.jobName)} (${md(e.cluster)})`, `- Time: ${md(`${formatInstant(e.start)} – ${formatInstant(e.end)} (${formatDuration(e.durationMs)})`)}`, `- Subtasks: ${e.subtasks.affected} of ${e.subtasks.total}`, `- Bottleneck: **${md(bottleneckText(e))}**`);
    if (e.bottleneck) out.push(`- Why: ${md(e.bottleneck.reason)}`);
    out.push(...hintLines(e, ''), '');
    out.push(image(`episode-${e.rank}-ratio.svg`, e.chart.title, lineChartSvg(e.chart)), '', `${md(e.chart.title)} (max over subtasks), ${md(span(e.chart.from, e.chart.to))} UTC; the episode is shaded.`, '');
    if (e.graph) out.push(image(`episode-${e.rank}-graph.svg`, `Job graph of ${e.graph.jobName}`, jobGraphSvg(e.graph, `g${i}`)), '', `Job graph at the worst instant, ${md(formatInstant(e.graph.ts))}.`, '');
  });
  if (m.episodes.length === 0) out.push('No episodes.', '');

  if (m.include.checkpointTable) {
    out.push('## Checkpoints', '');
    if (m.checkpoints.length === 0) out.push('No checkpoints in this range.', '');
    else out.push(...table(['Job', 'Id', 'Status', 'Triggered', 'Duration', 'Alignment'], m.checkpoints.map((c) => [c.jobName, `${c.id}${c.isSavepoint ? ' (savepoint)' : ''}`, c.status, formatInstant(c.start), formatDuration(c.durationMs), c.alignmentMs === null ? 'n/a' : formatDuration(c.alignmentMs)])), '');
    if (m.checkpointsOmitted > 0) out.push(`${m.checkpointsOmitted} later checkpoints not listed.`, '');
  }

  if (m.include.gcTable) {
    out.push('## Garbage collection', '');
    if (m.gc.length === 0) out.push('No significant GC pauses (at least 1 s, or 10 % of the interval).', '');
    else out.push(...table(['TaskManager', 'Cluster', 'From', 'To', 'GC time', 'Collections', 'Collector'], m.gc.map((g) => [g.taskManager, g.cluster, formatInstant(g.start), formatInstant(g.end), formatDuration(g.gcTimeMs), String(g.gcCount), g.collector ?? 'all collectors'])), '');
  }

  if (m.include.annotations) {
    out.push('## Annotations', '');
    if (m.annotations.length === 0) out.push('No annotations in this range.', '');
    else out.push(...table(['Time (UTC)', 'Note', 'Tag', 'On', 'Source'], m.annotations.map((a) => [annotationTime(a), a.text, a.tag ?? '', a.subject ?? '', a.source === 'user' ? 'user' : 'pinned'])), '');
  }

  out.push(`Generated by Backflow at ${md(formatInstant(m.generatedAt))}.`, '');
  return { markdown: out.join('\n'), images };
}

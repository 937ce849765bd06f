// The report as Markdown for tickets, wikis and post-mortem documents: the summary and the
// user's notes first, one section per incident (evidence in words, raw values in a compact
// table), outlier checkpoints, then the reference material; the charts written as SVG files into
// `<name>_files/` beside it and referenced relatively.

import { escapeMarkdown as md } from '../../shared/report/escape';
import { groupByClusterJob } from '../../shared/report/groups';
import { flameGraphSvg } from '../../shared/report/svg/flame-graph';
import { jobGraphSvg } from '../../shared/report/svg/job-graph';
import { lineChartSvg } from '../../shared/report/svg/line-chart';
import { timelineSvg } from '../../shared/report/svg/timeline';
import type { ReportAnnotation, ReportModel } from '../../shared/report/types';
import { formatDuration, formatInstant } from '../../shared/time';
import {
  CHECKPOINT_HEAD,
  checkpointCells,
  impactText,
  incidentFacts,
  noteTime,
  ordinaryCheckpointsText,
  rangeText,
  span,
  summaryText,
  vertexRowText,
} from './text';
import { dumpLine, flameCaption, HOT_HEAD, hotRows, stacksHeading, TASK_HEAD, taskRows } from './stacks-text';

export interface MarkdownOutput {
  markdown: string;
  /** File names inside the images folder, with their SVG text. */
  images: Array<{ file: string; svg: string }>;
}

export function table(head: string[], rows: string[][]): string[] {
  return [
    `| ${head.map(md).join(' | ')} |`,
    `|${head.map(() => ' --- ').join('|')}|`,
    ...rows.map((r) => `| ${r.map(md).join(' | ')} |`),
  ];
}

function noteLines(a: ReportAnnotation): string[] {
  const meta = [noteTime(a), a.tag ?? '', a.subject ?? ''].filter(Boolean).join(' · ');
  // Each line of the note quoted as typed (escaped: a note never becomes markup).
  return [
    `**${md(meta)}**${a.source === 'user' ? '' : ' (pinned)'}`,
    '',
    ...a.text.split(/\r\n|[\r\n]/).map((l) => `> ${md(l)}`),
    '',
  ];
}

/** `imagesDir` is the folder name as referenced from the Markdown file (relative). */
export function renderMarkdown(m: ReportModel, imagesDir: string): MarkdownOutput {
  const images: MarkdownOutput['images'] = [];
  const image = (file: string, alt: string, svg: string): string => {
    images.push({ file, svg });
    return `![${md(alt)}](${encodeURIComponent(imagesDir)}/${file})`;
  };
  const manyJobs = m.jobs.length > 1;
  const out: string[] = [];
  out.push(
    `# ${md(m.title)}`,
    '',
    ...(m.source ? [`Source: ${md(m.source)}.`, ''] : []),
    `${md(rangeText(m))}, all times UTC. Data resolution ${m.resolutionMs === null ? 'n/a' : md(formatDuration(m.resolutionMs))}; incidents of at least ${md(formatDuration(m.sustainedAfterMs))} count as sustained.`,
    '',
  );

  out.push('## Summary', '', md(summaryText(m)), '');
  m.incidents.forEach((i) =>
    out.push(`${i.rank}. **${i.class} ${i.peakLevel}**: ${md(i.headline)}${i.impact ? ` — ${md(impactText(i))}` : ''}`),
  );
  if (m.incidents.length > 0) out.push('');
  for (const b of m.summary.bottlenecks)
    out.push(
      `- Bottleneck **${md(b.vertexName)}**${manyJobs ? ` (${md(b.jobName)})` : ''}: ${b.incidents} incident${b.incidents === 1 ? '' : 's'}, ${md(formatDuration(b.durationMs))}`,
    );
  if (m.summary.bottlenecks.length > 0) out.push('');
  if (m.otherIncidents > 0)
    out.push(
      `${m.otherIncidents} more transient incidents are on the timeline; \`backflow analyze\` lists them all.`,
      '',
    );
  if (!m.include.transientEpisodes && m.summary.transient > 0)
    out.push('Transient incidents are left out of this report.', '');

  if (m.include.annotations) {
    out.push('## Notes', '');
    if (m.notes.length === 0) out.push('No notes in this range.', '');
    for (const a of m.notes) out.push(...noteLines(a));
  }

  out.push('## Incidents', '');
  // Several clusters or jobs: their incidents under a heading per cluster and job.
  const grouped = groupByClusterJob(m.incidents, m.jobs).flatMap((g) =>
    g.items.map((x, k) => ({ ...x, heading: k === 0 ? g.heading : null })),
  );
  grouped.forEach(({ item: i, index: n, heading }) => {
    if (heading) out.push(`### ${md(heading)}`, '');
    out.push(`${manyJobs ? '####' : '###'} #${i.rank} ${i.class} ${i.peakLevel}: ${md(i.headline)}`, '');
    out.push(
      ...table(['', ''], [['Backpressure on', i.vertices.map(vertexRowText).join('; ')], ...incidentFacts(i, false)]),
      '',
    );
    out.push(
      '**Why.** ' +
        (i.bottleneck
          ? md(i.bottleneck.reason)
          : i.ambiguity
            ? `No single bottleneck: ${md(i.ambiguity.text)}.`
            : 'Not determined.'),
      '',
    );
    for (const h of i.hints) out.push(`- ${md(h.text)}`);
    if (i.hints.length > 0) out.push('');
    if (i.evidence.length > 0)
      out.push(
        '**Evidence.**',
        '',
        ...table(
          ['For', 'Measure', 'Value'],
          i.evidence.map((r) => [r.about, r.what, r.value]),
        ),
        '',
      );
    out.push(
      image(`incident-${i.rank}-ratio.svg`, i.chart.title, lineChartSvg(i.chart)),
      '',
      `${md(i.chart.title)} (max over subtasks) and the bottleneck's busiest subtask, ${md(span(i.chart.from, i.chart.to))} UTC; the incident is shaded.`,
      '',
    );
    if (i.graph)
      out.push(
        image(`incident-${i.rank}-graph.svg`, `Job graph of ${i.graph.jobName}`, jobGraphSvg(i.graph, `g${n}`)),
        '',
        `Job graph at the worst instant, ${md(formatInstant(i.graph.ts))}; the bottleneck outlined in blue.`,
        '',
      );
    const s = i.stacks;
    if (s) {
      out.push(`**${md(stacksHeading(s))}.**`, '');
      s.flameGraphs.forEach((f, k) => {
        out.push(
          image(
            `incident-${i.rank}-flame-${k + 1}.svg`,
            `${f.type ?? 'FULL'} flame graph of the bottleneck`,
            flameGraphSvg(f),
          ),
          '',
          md(flameCaption(f, s.vertexName)),
          '',
        );
        if (f.hot.length > 0) out.push(...table(HOT_HEAD, hotRows(f)), '');
      });
      for (const d of s.threadDumps) {
        out.push(md(dumpLine(d)), '');
        if (d.taskThreads.length > 0) out.push(...table(TASK_HEAD, taskRows(d)), '');
        else out.push(`No task thread of ${md(s.vertexName)} in it.`, '');
      }
      for (const note of s.notes) out.push(`- ${md(note)}`);
      if (s.notes.length > 0) out.push('');
    }
  });
  if (m.incidents.length === 0) out.push('No incidents.', '');

  out.push('## Timeline', '', image('timeline.svg', 'Overview timeline', timelineSvg(m.timeline)), '');
  out.push(
    "Lanes: incidents (violet sustained, dashed transient), each vertex's level (blue OK, orange LOW, striped magenta HIGH, grey no data), checkpoints, GC pauses, notes.",
    '',
  );

  if (m.include.checkpointTable) {
    out.push('## Checkpoints', '');
    const outliers = m.checkpoints.filter((c) => c.outlier.length > 0);
    const head = [...(manyJobs ? ['Job'] : []), ...CHECKPOINT_HEAD];
    if (m.checkpoints.length === 0) out.push('No checkpoints in this range.', '');
    else {
      if (outliers.length > 0)
        out.push(
          'Standing out:',
          '',
          ...table(
            [...head, 'Why it stands out'],
            outliers.map((c) => [...checkpointCells(c, manyJobs), c.outlier.join('; ')]),
          ),
          '',
        );
      else out.push('No checkpoint stands out: none failed, took unusually long or aligned for a second or more.', '');
      out.push(md(ordinaryCheckpointsText(m.ordinaryCheckpoints, outliers.length)), '');
    }
    if (m.checkpointsOmitted > 0) out.push(`${m.checkpointsOmitted} later checkpoints not listed.`, '');
  }

  if (m.include.gcTable) {
    out.push('## Garbage collection', '');
    if (m.gc.length === 0) out.push('No significant GC pauses (at least 1 s, or 10 % of the interval).', '');
    else
      out.push(
        ...table(
          ['TaskManager', 'Cluster', 'From', 'To', 'GC time', 'Collections', 'Collector'],
          m.gc.map((g) => [
            g.taskManager,
            g.cluster,
            formatInstant(g.start),
            formatInstant(g.end),
            formatDuration(g.gcTimeMs),
            String(g.gcCount),
            g.collector ?? 'all collectors',
          ]),
        ),
        '',
      );
  }

  out.push('## Session', '');
  out.push(
    ...table(
      ['Cluster', 'Flink', 'Resolution', 'Polls', 'Failed polls'],
      m.clusters.map((c) => [
        c.url,
        c.flinkVersion ?? 'unknown',
        c.resolutionMs === null ? 'n/a' : formatDuration(c.resolutionMs),
        String(c.ticks),
        String(c.errors),
      ]),
    ),
    '',
  );
  out.push(
    ...table(
      ['Job', 'Job id', 'Cluster', 'Vertices'],
      m.jobs.map((j) => [j.name, j.jobId, j.cluster, String(j.vertices)]),
    ),
    '',
  );
  if (m.gaps.length === 0) out.push('No data gaps: every poll succeeded on time.', '');
  else
    out.push(
      ...table(
        ['Cluster', 'From', 'To', 'Length', 'Why'],
        m.gaps.map((g) => [
          g.cluster,
          formatInstant(g.from),
          formatInstant(g.to),
          formatDuration(g.to - g.from),
          g.reason === 'error' ? 'failed polls' : 'no polls',
        ]),
      ),
      '',
    );

  if (m.include.annotations && m.pinned.length > 0) {
    out.push('## Pinned findings', '');
    for (const a of m.pinned) out.push(...noteLines(a));
  }

  out.push(`Generated by Backflow at ${md(formatInstant(m.generatedAt))}.`, '');
  return { markdown: out.join('\n'), images };
}

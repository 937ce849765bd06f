// The report as ONE self-contained HTML page: inline CSS and SVG, no scripts, no external
// requests (a Content-Security-Policy forbids them even if something slipped through),
// responsive for phones and with print CSS for PDF.

import { escapeXml as x } from '../../shared/report/escape';
import { jobGraphSvg } from '../../shared/report/svg/job-graph';
import { lineChartSvg } from '../../shared/report/svg/line-chart';
import { timelineSvg } from '../../shared/report/svg/timeline';
import type { EpisodeSection, Finding, ReportModel } from '../../shared/report/types';
import { formatDuration, formatInstant } from '../../shared/time';
import { LEGEND, REPORT_CSS as CSS } from './css';
import { annotationTime, bottleneckText, evidenceText, findingFacts, rangeText, span, summaryText } from './text';


/** Inline SVG in HTML needs no namespace; dropping it keeps the page free of any URL. */
const inline = (svg: string): string => svg.replace(' xmlns="http://www.w3.org/2000/svg"', '');

const cell = (v: string | number, cls = ''): string => `<td${cls ? ` class="${cls}"` : ''}>${x(String(v))}</td>`;

function table(head: string[], rows: string[][], numeric: number[] = []): string {
  const th = head.map((h) => `<th>${x(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => cell(c, numeric.includes(i) ? 'num' : '')).join('')}</tr>`).join('');
  return `<div class="wrap"><table><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table></div>`;
}

function hints(f: Finding): string {
  if (f.hints.length === 0) return '';
  const items = f.hints.map((h) => {
    const ev = evidenceText(h.evidence);
    return `<li><b>${x(h.kind)}</b>: ${x(h.text)}${ev ? `<div class="evidence">evidence: ${x(ev)}</div>` : ''}</li>`;
  });
  return `<ul class="hints">${items.join('')}</ul>`;
}

function finding(f: Finding): string {
  const link = f.sectionId ? ` <a href="#${f.sectionId}">details</a>` : '';
  return (
    `<div class="finding ${f.class}"><span class="tag ${f.class}">${f.class} ${f.peakLevel}</span> ` +
    `<b>${x(f.vertexName)}</b> in ${x(f.jobName)}: ${x(findingFacts(f))}${link}` +
    // Transients stay one block each; their hints are in the episode's section.
    `<div>Bottleneck: <b>${x(bottleneckText(f))}</b></div>${f.class === 'sustained' ? hints(f) : ''}</div>`
  );
}

function legend(): string {
  // Colours come from classes, not style attributes: the app's preview frame inherits a CSP that allows only this stylesheet.
  return `<div class="legend">${LEGEND.map(([l, tone]) => `<span><i class="t-${tone}"></i>${x(l)}</span>`).join('')}</div>`;
}

function episode(e: EpisodeSection, i: number): string {
  const facts = table(
    ['', ''],
    [
      ['Job', `${e.jobName} (${e.cluster})`],
      ['Vertex', e.vertexName],
      ['Time', `${formatInstant(e.start)} – ${formatInstant(e.end)} (${formatDuration(e.durationMs)})`],
      ['Class / peak', `${e.class}, ${e.peakLevel}`],
      ['Subtasks', `${e.subtasks.affected} of ${e.subtasks.total}`],
      ['Bottleneck', bottleneckText(e)],
      ...(e.bottleneck ? [['Why', e.bottleneck.reason]] : []),
    ],
  ).replace('<thead><tr><th></th><th></th></tr></thead>', '');
  const graph = e.graph
    ? `<figure class="chart wrap">${inline(jobGraphSvg(e.graph, `g${i}`))}<figcaption>Job graph at the worst instant, ${x(formatInstant(e.graph.ts))}</figcaption></figure>`
    : '<p class="note">No job graph: the vertex has no samples.</p>';
  return (
    `<article id="${e.sectionId}"><h3>#${e.rank} ${x(e.class)} ${x(e.peakLevel)} backpressure on ${x(e.vertexName)}</h3>${facts}${hints(e)}` +
    `<figure class="chart">${inline(lineChartSvg(e.chart))}<figcaption>${x(e.chart.title)} (max over subtasks), ${x(span(e.chart.from, e.chart.to))} UTC; the episode is shaded, dashed lines are the OK/LOW/HIGH thresholds.</figcaption></figure>` +
    `${graph}</article>`
  );
}

export function renderHtml(m: ReportModel): string {
  const clusters = table(
    ['Cluster', 'Flink', 'Resolution', 'Polls', 'Failed polls'],
    m.clusters.map((c) => [c.url, c.flinkVersion ?? 'unknown', c.resolutionMs === null ? 'n/a' : formatDuration(c.resolutionMs), String(c.ticks), String(c.errors)]),
    [3, 4],
  );
  const jobs = table(['Job', 'Job id', 'Cluster', 'Vertices'], m.jobs.map((j) => [j.name, j.jobId, j.cluster, String(j.vertices)]), [3]);
  const gaps =
    m.gaps.length === 0
      ? '<p>No data gaps: every poll succeeded on time.</p>'
      : table(['Cluster', 'From', 'To', 'Length', 'Why'], m.gaps.map((g) => [g.cluster, formatInstant(g.from), formatInstant(g.to), formatDuration(g.to - g.from), g.reason === 'error' ? 'failed polls' : 'no polls']));
  const bottlenecks =
    m.summary.bottlenecks.length === 0
      ? ''
      : `<p>Bottlenecks: ${m.summary.bottlenecks.map((b) => `<b>${x(b.vertexName)}</b> (${x(b.jobName)}; ${b.episodes} episode${b.episodes === 1 ? '' : 's'}, ${x(formatDuration(b.durationMs))})`).join('; ')}.</p>`;
  const others =
    (m.otherEpisodes > 0 ? `<p class="note">${m.otherEpisodes} more transient episode${m.otherEpisodes === 1 ? '' : 's'} are on the timeline; <code>backflow analyze</code> lists them all.</p>` : '') +
    (m.include.transientEpisodes || m.summary.transient === 0 ? '' : '<p class="note">Transient episodes are left out of this report.</p>');
  const checkpoints =
    m.checkpoints.length === 0
      ? '<p>No checkpoints in this range.</p>'
      : table(
          ['Job', 'Id', 'Status', 'Triggered', 'Duration', 'Alignment'],
          m.checkpoints.map((c) => [c.jobName, `${c.id}${c.isSavepoint ? ' (savepoint)' : ''}`, c.status, formatInstant(c.start), formatDuration(c.durationMs), c.alignmentMs === null ? 'n/a' : formatDuration(c.alignmentMs)]),
          [1, 4, 5],
        ) + (m.checkpointsOmitted > 0 ? `<p class="note">${m.checkpointsOmitted} later checkpoints not listed.</p>` : '');
  const gc =
    (m.gc.length === 0
      ? '<p>No significant GC pauses (at least 1 s, or 10 % of the interval).</p>'
      : table(['TaskManager', 'Cluster', 'From', 'To', 'GC time', 'Collections', 'Collector'], m.gc.map((g) => [g.taskManager, g.cluster, formatInstant(g.start), formatInstant(g.end), formatDuration(g.gcTimeMs), String(g.gcCount), g.collector ?? 'all collectors']), [4, 5]));
  const annotations =
    m.annotations.length === 0
      ? '<p>No annotations in this range.</p>'
      : `<div class="wrap"><table><thead><tr><th>Time (UTC)</th><th>Note</th><th>Tag</th><th>On</th></tr></thead><tbody>${m.annotations
          .map(
            (a) =>
              `<tr><td>${x(annotationTime(a))}</td><td><span class="tag ${a.source}">${a.source === 'user' ? 'user' : 'pinned'}</span> <pre class="text">${x(a.text)}</pre></td><td>${x(a.tag ?? '')}</td><td>${x(a.subject ?? '')}</td></tr>`,
          )
          .join('')}</tbody></table></div>`;
  const episodes = m.episodes.length === 0 ? '<p>No episodes.</p>' : m.episodes.map(episode).join('');
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${x(m.title)}</title><style>${CSS}</style></head><body>`,
    `<header><h1>${x(m.title)}</h1><p class="meta">${x(rangeText(m))} · all times UTC</p>`,
    `<p class="meta">Data resolution ${m.resolutionMs === null ? 'n/a' : x(formatDuration(m.resolutionMs))}; episodes of at least ${x(formatDuration(m.sustainedAfterMs))} count as sustained.</p></header>`,
    `<section id="findings"><h2>Key findings</h2><p>${x(summaryText(m))}</p>${bottlenecks}${m.findings.map(finding).join('')}${others}</section>`,
    `<section id="timeline"><h2>Timeline</h2><div class="wrap timeline">${inline(timelineSvg(m.timeline))}</div>${legend()}</section>`,
    `<section id="session"><h2>Session</h2>${clusters}<h3>Jobs</h3>${jobs}<h3>Data gaps</h3>${gaps}</section>`,
    `<section id="episodes"><h2>Episodes</h2>${episodes}</section>`,
    m.include.checkpointTable ? `<section id="checkpoints"><h2>Checkpoints</h2>${checkpoints}</section>` : '',
    m.include.gcTable ? `<section id="gc"><h2>Garbage collection</h2>${gc}</section>` : '',
    m.include.annotations ? `<section id="annotations"><h2>Annotations</h2>${annotations}</section>` : '',
    `<footer>Generated by Backflow at ${x(formatInstant(m.generatedAt))}. Levels follow Flink: OK ≤ 10 %, LOW ≤ 50 %, HIGH above, of time backpressured.</footer>`,
    '</body></html>',
  ]
    .filter((part) => part !== '')
    .join('\n');
}

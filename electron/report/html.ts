// The report as ONE self-contained HTML page: inline CSS and SVG, no scripts, no external
// requests (a Content-Security-Policy forbids them even if something slipped through),
// responsive for phones and with print CSS for PDF.

import { escapeXml as x } from '../../shared/report/escape';
import { TONE_FILL } from '../../shared/report/palette';
import { jobGraphSvg } from '../../shared/report/svg/job-graph';
import { lineChartSvg } from '../../shared/report/svg/line-chart';
import { timelineSvg } from '../../shared/report/svg/timeline';
import type { EpisodeSection, Finding, ReportModel } from '../../shared/report/types';
import { formatDuration, formatInstant } from '../../shared/time';
import { annotationTime, bottleneckText, evidenceText, findingFacts, rangeText, span, summaryText } from './text';

const CSS = `
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f;background:#fff;margin:0 auto;max-width:1000px;padding:16px}
h1{font-size:1.6em;margin:.2em 0}h2{font-size:1.25em;margin:1.6em 0 .5em;border-bottom:1px solid #ddd;padding-bottom:.2em}h3{font-size:1.08em;margin:1.2em 0 .4em}
.meta{color:#555;margin:.2em 0}
table{border-collapse:collapse;width:100%;font-size:.92em}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #e5e5e5;vertical-align:top}th{background:#f5f5f5}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.wrap{overflow-x:auto;-webkit-overflow-scrolling:touch}
.chart svg{max-width:100%;height:auto;display:block}
.timeline svg{min-width:640px;width:100%;height:auto}
.finding{margin:.6em 0;padding:.5em .8em;border-left:5px solid ${TONE_FILL.transient};background:#fafafa}
.finding.sustained{border-left-color:${TONE_FILL.sustained}}
.tag{display:inline-block;font-size:.8em;font-weight:600;padding:0 .45em;border-radius:3px;color:#fff;background:${TONE_FILL.transient}}
.tag.sustained{background:${TONE_FILL.sustained}}.tag.user{background:${TONE_FILL.annotation}}.tag.auto{background:${TONE_FILL['auto-annotation']}}
.hints{margin:.3em 0 0;padding-left:1.2em}.evidence{color:#555;font-size:.88em;word-break:break-word}
.legend span{display:inline-block;margin-right:12px;font-size:.85em}.legend i{display:inline-block;width:12px;height:10px;margin-right:4px;vertical-align:middle}
article{margin-bottom:1.5em}
.note{color:#555;font-size:.9em}
pre.text{white-space:pre-wrap;word-break:break-word;margin:0;font:inherit}
footer{margin-top:2em;color:#777;font-size:.85em}
@media (max-width:600px){body{font-size:14px;padding:10px}th,td{padding:3px 5px}h1{font-size:1.3em}}
@media print{body{max-width:none;padding:0;font-size:11pt}.wrap{overflow:visible}.timeline svg{min-width:0}a{color:inherit;text-decoration:none}
article,.finding,figure,tr{break-inside:avoid}h2,h3{break-after:avoid}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}@page{margin:12mm}}
figure{margin:.6em 0}figcaption{font-size:.85em;color:#555}
`;

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
  const items: Array<[string, string]> = [
    ['OK', TONE_FILL.ok], ['LOW', TONE_FILL.low], ['HIGH', TONE_FILL.high], ['no data', TONE_FILL.gap],
    ['sustained', TONE_FILL.sustained], ['transient', TONE_FILL.transient], ['checkpoint', TONE_FILL.completed],
    ['failed checkpoint', TONE_FILL.failed], ['GC', TONE_FILL['gc-significant']], ['annotation', TONE_FILL.annotation],
  ];
  return `<div class="legend">${items.map(([l, c]) => `<span><i style="background:${c}"></i>${x(l)}</span>`).join('')}</div>`;
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
  const others = m.otherEpisodes > 0 ? `<p class="note">${m.otherEpisodes} more transient episode${m.otherEpisodes === 1 ? '' : 's'} are on the timeline; <code>backflow analyze</code> lists them all.</p>` : '';
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
      : table(['TaskManager', 'Cluster', 'From', 'To', 'GC time', 'Collections'], m.gc.map((g) => [g.taskManager, g.cluster, formatInstant(g.start), formatInstant(g.end), formatDuration(g.gcTimeMs), String(g.gcCount)]), [4, 5])) +
    (m.gcOmitted.windows > 0 ? `<p class="note">${m.gcOmitted.windows} minor GC windows (${x(formatDuration(m.gcOmitted.gcTimeMs))} in total) not listed.</p>` : '');
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
    `<section id="checkpoints"><h2>Checkpoints</h2>${checkpoints}</section>`,
    `<section id="gc"><h2>Garbage collection</h2>${gc}</section>`,
    `<section id="annotations"><h2>Annotations</h2>${annotations}</section>`,
    `<footer>Generated by Backflow at ${x(formatInstant(m.generatedAt))}. Levels follow Flink: OK ≤ 10 %, LOW ≤ 50 %, HIGH above, of time backpressured.</footer>`,
    '</body></html>',
  ].join('\n');
}

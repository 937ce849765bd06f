// The report as ONE self-contained HTML page: inline CSS and SVG, no scripts, no external
// requests (a Content-Security-Policy forbids them even if something slipped through),
// responsive for phones and with print CSS for PDF. Written to be pasted into a post-mortem:
// the summary and the user's notes first, one section per incident (evidence in words, raw
// values in a compact table), the outlier checkpoints highlighted, the UI's colours.

import { escapeXml as x } from '../../shared/report/escape';
import { groupByClusterJob } from '../../shared/report/groups';
import { flameGraphSvg } from '../../shared/report/svg/flame-graph';
import { jobGraphSvg } from '../../shared/report/svg/job-graph';
import { lineChartSvg } from '../../shared/report/svg/line-chart';
import { timelineSvg } from '../../shared/report/svg/timeline';
import type { IncidentSection, ReportAnnotation, ReportModel } from '../../shared/report/types';
import { formatDuration, formatInstant } from '../../shared/time';
import { LEGEND, REPORT_CSS as CSS } from './css';
import { dumpLine, flameCaption, HOT_HEAD, hotRows, stacksHeading, TASK_HEAD, taskRows } from './stacks-text';
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

/** Inline SVG in HTML needs no namespace; dropping it keeps the page free of any URL. */
const inline = (svg: string): string => svg.replace(' xmlns="http://www.w3.org/2000/svg"', '');

const cell = (v: string | number, cls = ''): string => `<td${cls ? ` class="${cls}"` : ''}>${x(String(v))}</td>`;

export function table(head: string[], rows: string[][], numeric: number[] = [], cls = ''): string {
  const th = head.map((h) => `<th>${x(h)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${r.map((c, i) => cell(c, numeric.includes(i) ? 'num' : '')).join('')}</tr>`)
    .join('');
  return `<div class="wrap"><table${cls ? ` class="${cls}"` : ''}><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table></div>`;
}

function legend(): string {
  // Colours come from classes, not style attributes: the app's preview frame inherits a CSP that allows only this stylesheet.
  return `<div class="legend">${LEGEND.map(([l, tone]) => `<span><i class="t-${tone}"></i>${x(l)}</span>`).join('')}</div>`;
}

const tag = (i: Pick<IncidentSection, 'class' | 'peakLevel'>): string =>
  `<span class="tag ${i.class}">${x(i.class)} ${x(i.peakLevel)}</span>`;

function note(a: ReportAnnotation): string {
  const meta = [noteTime(a), a.tag ?? '', a.subject ?? ''].filter(Boolean).join(' · ');
  return `<div class="usernote${a.source === 'user' ? '' : ' pinned'}"><div class="when">${a.source === 'user' ? '' : '<span class="tag auto">pinned</span> '}${x(meta)}</div><pre class="text">${x(a.text)}</pre></div>`;
}

function incident(i: IncidentSection, n: number, manyJobs: boolean): string {
  const facts = `<div class="wrap"><table class="facts"><tbody>${[
    ['Backpressure on', i.vertices.map(vertexRowText).join('\n')] as [string, string],
    ...incidentFacts(i, manyJobs),
  ]
    .map(([k, v]) => `<tr><th>${x(k)}</th><td>${x(v).replace(/\n/g, '<br>')}</td></tr>`)
    .join('')}</tbody></table></div>`;
  const why = [
    i.bottleneck
      ? `<p>${x(i.bottleneck.reason)}</p>`
      : i.ambiguity
        ? `<p>No single bottleneck: ${x(i.ambiguity.text)}.</p>`
        : '',
    i.hints.length > 0 ? `<ul class="hints">${i.hints.map((h) => `<li>${x(h.text)}</li>`).join('')}</ul>` : '',
  ].join('');
  const evidence =
    i.evidence.length > 0
      ? `<h4>Evidence</h4>${table(
          ['For', 'Measure', 'Value'],
          i.evidence.map((r) => [r.about, r.what, r.value]),
          [],
          'evidence',
        )}`
      : '';
  const graph = i.graph
    ? `<figure class="chart wrap">${inline(jobGraphSvg(i.graph, `g${n}`))}<figcaption>Job graph at the worst instant, ${x(formatInstant(i.graph.ts))}: the bottleneck outlined in blue with its busiest subtask.</figcaption></figure>`
    : '<p class="note">No job graph: the vertices have no samples.</p>';
  return (
    `<article id="${i.sectionId}" class="${i.class}"><h3>#${i.rank} ${tag(i)} ${x(i.headline)}</h3>${facts}` +
    `<h4>Why</h4>${why}${evidence}` +
    `<figure class="chart">${inline(lineChartSvg(i.chart))}<figcaption>${x(i.chart.title)} (max over subtasks) and the bottleneck's busiest subtask, ${x(span(i.chart.from, i.chart.to))} UTC; the incident is shaded, dashed lines are the OK/LOW/HIGH thresholds.</figcaption></figure>` +
    `${graph}${stacks(i)}</article>`
  );
}

/** The bottleneck's captured flame graphs (top frames) and thread dumps (in numbers). */
function stacks(i: IncidentSection): string {
  const s = i.stacks;
  if (!s) return '';
  const graphs = s.flameGraphs.map(
    (f) =>
      `<figure class="chart wrap">${inline(flameGraphSvg(f))}<figcaption>${x(flameCaption(f, s.vertexName))}</figcaption></figure>` +
      (f.hot.length > 0 ? table(HOT_HEAD, hotRows(f), [1, 2], 'evidence') : ''),
  );
  const dumps = s.threadDumps.map(
    (d) =>
      `<p>${x(dumpLine(d))}</p>` +
      (d.taskThreads.length > 0
        ? table(TASK_HEAD, taskRows(d), [], 'evidence')
        : `<p class="note">No task thread of ${x(s.vertexName)} in it.</p>`),
  );
  const notes = s.notes.map((n) => `<p class="note">${x(n)}</p>`);
  return `<h4>${x(stacksHeading(s))}</h4>${[...graphs, ...dumps, ...notes].join('')}`;
}

/** The page up to `<body>`: the stylesheet inline and a policy that forbids scripts and requests. */
export function pageHead(title: string): string {
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${x(title)}</title><style>${CSS}</style></head><body>`,
  ].join('\n');
}

export function renderHtml(m: ReportModel): string {
  const manyJobs = m.jobs.length > 1;
  const summary =
    `<p>${x(summaryText(m))}</p>` +
    (m.incidents.length > 0
      ? `<ol class="incidents">${m.incidents.map((i) => `<li><a href="#${i.sectionId}">${tag(i)} ${x(i.headline)}</a>${i.impact ? ` — ${x(impactText(i))}` : ''}</li>`).join('')}</ol>`
      : '') +
    (m.otherIncidents > 0
      ? `<p class="note">${m.otherIncidents} more transient incident${m.otherIncidents === 1 ? '' : 's'} are on the timeline; <code>backflow analyze</code> lists them all.</p>`
      : '') +
    (m.include.transientEpisodes || m.summary.transient === 0
      ? ''
      : '<p class="note">Transient incidents are left out of this report.</p>');
  const notes = m.notes.length === 0 ? '<p class="note">No notes in this range.</p>' : m.notes.map(note).join('');
  // Several clusters or jobs: their incidents under a heading per cluster and job.
  const incidents =
    m.incidents.length === 0
      ? '<p>No incidents.</p>'
      : groupByClusterJob(m.incidents, m.jobs)
          .map(
            (g) =>
              (g.heading ? `<h3 class="job">${x(g.heading)}</h3>` : '') +
              g.items.map(({ item, index }) => incident(item, index, false)).join(''),
          )
          .join('');
  const outliers = m.checkpoints.filter((c) => c.outlier.length > 0);
  const cpHead = [...(manyJobs ? ['Job'] : []), ...CHECKPOINT_HEAD];
  const cpRows = (rows: typeof m.checkpoints, why: boolean): string =>
    `<div class="wrap"><table><thead><tr>${[...cpHead, ...(why ? ['Why it stands out'] : [])].map((h) => `<th>${x(h)}</th>`).join('')}</tr></thead><tbody>${rows
      .map(
        (c) =>
          `<tr${c.outlier.length > 0 ? ' class="outlier"' : ''}>${checkpointCells(c, manyJobs)
            .map((v, k) => cell(v, k >= cpHead.length - 2 ? 'num' : ''))
            .join('')}${why ? cell(c.outlier.join('; '), 'why') : ''}</tr>`,
      )
      .join('')}</tbody></table></div>`;
  const checkpoints =
    m.checkpoints.length === 0
      ? '<p>No checkpoints in this range.</p>'
      : (outliers.length > 0
          ? cpRows(outliers, true)
          : '<p>No checkpoint stands out: none failed, took unusually long or aligned for a second or more.</p>') +
        `<p>${x(ordinaryCheckpointsText(m.ordinaryCheckpoints, outliers.length))}</p>` +
        `<details><summary>All ${m.checkpoints.length} checkpoints</summary>${cpRows(m.checkpoints, false)}</details>` +
        (m.checkpointsOmitted > 0 ? `<p class="note">${m.checkpointsOmitted} later checkpoints not listed.</p>` : '');
  const gc =
    m.gc.length === 0
      ? '<p>No significant GC pauses (at least 1 s, or 10 % of the interval).</p>'
      : table(
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
          [4, 5],
        );
  const clusters = table(
    ['Cluster', 'Flink', 'Resolution', 'Polls', 'Failed polls'],
    m.clusters.map((c) => [
      c.url,
      c.flinkVersion ?? 'unknown',
      c.resolutionMs === null ? 'n/a' : formatDuration(c.resolutionMs),
      String(c.ticks),
      String(c.errors),
    ]),
    [3, 4],
  );
  const jobs = table(
    ['Job', 'Job id', 'Cluster', 'Vertices'],
    m.jobs.map((j) => [j.name, j.jobId, j.cluster, String(j.vertices)]),
    [3],
  );
  const gaps =
    m.gaps.length === 0
      ? '<p>No data gaps: every poll succeeded on time.</p>'
      : table(
          ['Cluster', 'From', 'To', 'Length', 'Why'],
          m.gaps.map((g) => [
            g.cluster,
            formatInstant(g.from),
            formatInstant(g.to),
            formatDuration(g.to - g.from),
            g.reason === 'error' ? 'failed polls' : 'no polls',
          ]),
        );
  const bottlenecks =
    m.summary.bottlenecks.length === 0
      ? ''
      : `<p>Bottlenecks: ${m.summary.bottlenecks.map((b) => `<b>${x(b.vertexName)}</b> (${manyJobs ? `${x(b.jobName)}; ` : ''}${b.incidents} incident${b.incidents === 1 ? '' : 's'}, ${x(formatDuration(b.durationMs))})`).join('; ')}.</p>`;
  return [
    pageHead(m.title),
    `<header><h1>${x(m.title)}</h1><p class="meta">${x(rangeText(m))} · all times UTC</p>`,
    m.source ? `<p class="meta" id="source">Source: ${x(m.source)}</p>` : '',
    `<p class="meta">Data resolution ${m.resolutionMs === null ? 'n/a' : x(formatDuration(m.resolutionMs))}; incidents of at least ${x(formatDuration(m.sustainedAfterMs))} count as sustained.</p></header>`,
    `<section id="summary"><h2>Summary</h2>${summary}${bottlenecks}</section>`,
    m.include.annotations ? `<section id="notes"><h2>Notes</h2>${notes}</section>` : '',
    `<section id="incidents"><h2>Incidents</h2>${incidents}</section>`,
    `<section id="timeline"><h2>Timeline</h2><div class="wrap timeline">${inline(timelineSvg(m.timeline))}</div>${legend()}</section>`,
    m.include.checkpointTable ? `<section id="checkpoints"><h2>Checkpoints</h2>${checkpoints}</section>` : '',
    m.include.gcTable ? `<section id="gc"><h2>Garbage collection</h2>${gc}</section>` : '',
    `<section id="session"><h2>Session</h2>${clusters}<h3>Jobs</h3>${jobs}<h3>Data gaps</h3>${gaps}</section>`,
    m.include.annotations && m.pinned.length > 0
      ? `<section id="pinned"><h2>Pinned findings</h2>${m.pinned.map(note).join('')}</section>`
      : '',
    `<footer>Generated by Backflow at ${x(formatInstant(m.generatedAt))}. Levels follow Flink: OK ≤ 10 %, LOW ≤ 50 %, HIGH above, of time backpressured. An incident groups the episodes of the vertices one bottleneck backpressured; its time is counted once.</footer>`,
    '</body></html>',
  ]
    .filter((part) => part !== '')
    .join('\n');
}

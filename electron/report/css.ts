// The report's one stylesheet. Kept apart so the app can allow exactly this text (by hash) in the
// Content-Security-Policy the preview frame inherits, and nothing else inline.

import { TONE_FILL } from '../../shared/report/palette';
import type { Tone } from '../../shared/report/types';

/** Legend entries of the timeline: label and the tone whose colour it shows. */
export const LEGEND: ReadonlyArray<readonly [string, Tone]> = [
  ['OK', 'ok'],
  ['LOW', 'low'],
  ['HIGH', 'high'],
  ['no data', 'gap'],
  ['sustained incident', 'sustained'],
  ['transient incident', 'transient'],
  ['checkpoint', 'completed'],
  ['failed checkpoint', 'failed'],
  ['GC pause', 'gc-significant'],
  ['note', 'annotation'],
  ['pinned finding', 'auto-annotation'],
];

export const REPORT_CSS = `
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f;background:#fff;margin:0 auto;max-width:1000px;padding:16px}
h1{font-size:1.6em;margin:.2em 0}h2{font-size:1.25em;margin:1.6em 0 .5em;border-bottom:1px solid #ddd;padding-bottom:.2em}h3{font-size:1.08em;margin:1.2em 0 .4em}
.meta{color:#555;margin:.2em 0}
table{border-collapse:collapse;width:100%;font-size:.92em}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #e5e5e5;vertical-align:top}th{background:#f5f5f5}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.wrap{overflow-x:auto;-webkit-overflow-scrolling:touch}
.chart svg{max-width:100%;height:auto;display:block}
.timeline svg{min-width:640px;width:100%;height:auto}
ol.incidents{padding-left:1.4em}ol.incidents li{margin:.3em 0}
.usernote{margin:.6em 0;padding:.5em .8em;border-left:5px solid ${TONE_FILL.annotation};background:#f5f9fc}.usernote.pinned{border-left-color:${TONE_FILL['auto-annotation']};background:#fafafa}
.usernote .when{color:#555;font-size:.88em}
article{border-left:5px solid ${TONE_FILL.transient};padding-left:.9em}article.sustained{border-left-color:${TONE_FILL.sustained}}
h4{font-size:.95em;margin:.9em 0 .3em}
table.facts th{width:11em;background:none;font-weight:600}
table.evidence td:first-child{color:#555}
tr.outlier td{background:#fff4e5}tr.outlier td.why{color:${TONE_FILL.failed};font-weight:600}
details summary{cursor:pointer;color:#555;margin:.4em 0}
.tag{display:inline-block;font-size:.8em;font-weight:600;padding:0 .45em;border-radius:3px;color:#fff;background:${TONE_FILL.transient}}
.tag.sustained{background:${TONE_FILL.sustained}}.tag.transient{background:#fff;color:#1d1f23;border:1.5px dashed ${TONE_FILL.transient}}.tag.user{background:${TONE_FILL.annotation}}.tag.auto{background:${TONE_FILL['auto-annotation']}}
.hints{margin:.3em 0 0;padding-left:1.2em;overflow-wrap:anywhere}.evidence{color:#555;font-size:.88em;word-break:break-word;overflow-wrap:anywhere}
.legend span{display:inline-block;margin-right:12px;font-size:.85em}.legend i{display:inline-block;width:12px;height:10px;margin-right:4px;vertical-align:middle}
article{margin-bottom:1.5em}
.note{color:#555;font-size:.9em}
pre.text{white-space:pre-wrap;word-break:break-word;margin:0;font:inherit}
footer{margin-top:2em;color:#777;font-size:.85em}
@media (max-width:600px){body{font-size:14px;padding:10px}th,td{padding:3px 5px}h1{font-size:1.3em}}
@media print{body{max-width:none;padding:0;font-size:11pt}.wrap{overflow:visible}.timeline svg{min-width:0}a{color:inherit;text-decoration:none}
.usernote,figure,tr{break-inside:avoid}details{display:block}h2,h3{break-after:avoid}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}@page{margin:12mm}}
figure{margin:.6em 0}figcaption{font-size:.85em;color:#555}
${LEGEND.map(([, tone]) => (tone === 'transient' ? `.legend i.t-${tone}{border:1.5px dashed ${TONE_FILL[tone]}}` : `.legend i.t-${tone}{background:${TONE_FILL[tone]}}`)).join('')}
`;

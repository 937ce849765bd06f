// A small static line chart: ratio 0..1 over time, the episode shaded, Flink's level
// thresholds as dashed guides, missing samples as breaks in the line.

import { escapeXml } from '../escape';
import { MORE_RATIO_STROKES, SERIES_STROKE, TONE_FILL } from '../palette';
import type { LineChart } from '../types';
import { n1, tickLabel, timeTicks } from './axis';

const W = 640;
const H = 212;
const M = { l: 34, r: 12, t: 10, b: 52 };

function path(points: ReadonlyArray<[number, number]>, x: (t: number) => number, y: (v: number) => number): string {
  let d = '';
  let pen = false;
  for (const [t, v] of points) {
    if (!Number.isFinite(v)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${n1(x(t))} ${n1(y(Math.min(1, Math.max(0, v))))}`;
    pen = true;
  }
  return d;
}

export function lineChartSvg(c: LineChart): string {
  const span = Math.max(1, c.to - c.from);
  const pw = W - M.l - M.r;
  const ph = H - M.t - M.b;
  const x = (t: number): number => M.l + ((Math.min(c.to, Math.max(c.from, t)) - c.from) / span) * pw;
  const y = (v: number): number => M.t + (1 - v) * ph;
  const parts: string[] = [];
  const hx = x(c.highlight.from);
  parts.push(
    `<rect x="${n1(hx)}" y="${M.t}" width="${n1(Math.max(1, x(c.highlight.to) - hx))}" height="${ph}" fill="${TONE_FILL.sustained}" fill-opacity="0.1"><title>incident</title></rect>`,
  );
  for (const v of [0, 0.5, 1]) {
    parts.push(
      `<path d="M${M.l} ${n1(y(v))}h${pw}" stroke="#0000001f"/><text x="${M.l - 4}" y="${n1(y(v) + 4)}" text-anchor="end">${v}</text>`,
    );
  }
  for (const th of c.thresholds)
    parts.push(
      `<path d="M${M.l} ${n1(y(th))}h${pw}" stroke="#999" stroke-dasharray="4 3"><title>level threshold ${th}</title></path>`,
    );
  const ticks = timeTicks(c.from, c.to, 6);
  for (const tk of ticks)
    parts.push(`<text x="${n1(x(tk))}" y="${H - M.b + 14}" text-anchor="middle">${tickLabel(tk, ticks)}</text>`);
  let lx = M.l;
  let row = 0;
  let ratios = 0;
  for (const s of c.series) {
    const stroke =
      s.tone === 'ratio'
        ? [SERIES_STROKE.ratio, ...MORE_RATIO_STROKES][Math.min(ratios++, MORE_RATIO_STROKES.length)]!
        : SERIES_STROKE[s.tone];
    const dash = s.tone === 'busy' ? ' stroke-dasharray="5 3"' : '';
    parts.push(
      `<path d="${path(s.points, x, y)}" fill="none" stroke="${stroke}" stroke-width="1.8"${dash}><title>${escapeXml(s.label)}</title></path>`,
    );
    const label = s.label.length > 44 ? `${s.label.slice(0, 43)}…` : s.label;
    const wide = Math.min(300, 30 + 6 * label.length);
    if (lx > M.l && lx + wide > W) {
      lx = M.l;
      row++;
    }
    const ly = H - 20 + 13 * Math.min(row, 1);
    parts.push(
      `<path d="M${n1(lx)} ${ly - 4}h18" stroke="${stroke}" stroke-width="2"${dash}/><text x="${n1(lx + 22)}" y="${ly}">${escapeXml(label)}</text>`,
    );
    lx += wide;
  }
  if (c.series.length === 0)
    parts.push(
      `<text x="${W / 2}" y="${H / 2}" text-anchor="middle" fill="#666">no samples recorded for this vertex</text>`,
    );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeXml(c.title)}" font-family="sans-serif" font-size="11">`,
    `<title>${escapeXml(c.title)} (UTC)</title>`,
    `<rect x="${M.l}" y="${M.t}" width="${pw}" height="${ph}" fill="none" stroke="#ccc"/>`,
    ...parts,
    `</svg>`,
  ].join('');
}

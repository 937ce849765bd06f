// The overview timeline as static SVG: one row per lane (episodes, each vertex's level,
// checkpoints, GC, annotations), job names as group headers, a UTC time axis at the bottom.

import { escapeXml, truncate } from '../escape';
import { HIGH_STRIPE, TONE_FILL } from '../palette';
import type { Lane, LaneItem, Timeline } from '../types';
import { n1, tickLabel, timeTicks } from './axis';

const W = 960;
const LABEL_W = 210;
const RIGHT = 12;
const ROW = 16;
const GAP = 3;
const HEADER = 18;
const AXIS = 24;

function item(it: LaneItem, x: (t: number) => number, y: number, h: number): string {
  const title = `<title>${escapeXml(it.label)}</title>`;
  const fill = TONE_FILL[it.tone];
  if (it.to <= it.from) {
    const cx = x(it.from);
    return `<g><path d="M${n1(cx)} ${n1(y)}v${h}" stroke="${fill}" stroke-width="1.5"/><path d="M${n1(cx - 4)} ${n1(y)}h8l-4 5z" fill="${fill}"/>${title}</g>`;
  }
  const x0 = x(it.from);
  const w = Math.max(1, x(it.to) - x0);
  // As the UI draws them: a transient episode outlined (dashed), HIGH striped as well as coloured.
  if (it.tone === 'transient') {
    return `<rect x="${n1(x0 + 0.75)}" y="${n1(y + 0.75)}" width="${n1(Math.max(1, w - 1.5))}" height="${h - 1.5}" fill="none" stroke="${fill}" stroke-width="1.5" stroke-dasharray="3 2">${title}</rect>`;
  }
  return `<rect x="${n1(x0)}" y="${n1(y)}" width="${n1(w)}" height="${h}" fill="${it.tone === 'high' ? `url(#${HIGH_PATTERN})` : fill}">${title}</rect>`;
}

const HIGH_PATTERN = 'tl-high';

export function timelineSvg(t: Timeline): string {
  const span = Math.max(1, t.to - t.from);
  const plotW = W - LABEL_W - RIGHT;
  const x = (ts: number): number => LABEL_W + ((Math.min(t.to, Math.max(t.from, ts)) - t.from) / span) * plotW;
  const rows: string[] = [];
  let y = 4;
  let group: string | null = null;
  const groups = new Set(t.lanes.filter((l) => l.kind === 'vertex').map((l) => l.group));
  const showGroups = groups.size > 1 || [...groups].some((g) => g !== null);
  const laneRow = (l: Lane): void => {
    if (l.kind === 'vertex' && showGroups && l.group !== group) {
      group = l.group;
      rows.push(
        `<text x="4" y="${n1(y + 13)}" class="grp" font-weight="bold">${escapeXml(truncate(group ?? '', 60))}</text>`,
      );
      y += HEADER;
    }
    const indent = l.kind === 'vertex' ? 14 : 4;
    rows.push(
      `<text x="${indent}" y="${n1(y + 12)}"${l.kind === 'vertex' ? '' : ' font-style="italic"'}>${escapeXml(truncate(l.label, 32))}<title>${escapeXml(l.label)}</title></text>`,
      `<rect x="${LABEL_W}" y="${n1(y)}" width="${plotW}" height="${ROW}" fill="#f7f7f7"/>`,
      ...l.items.map((it) => item(it, x, y, ROW)),
    );
    y += ROW + GAP;
  };
  for (const l of t.lanes) laneRow(l);
  const ticks = timeTicks(t.from, t.to, 8);
  const axisY = y + 2;
  const axis = ticks.map(
    (tk) =>
      `<path d="M${n1(x(tk))} 0V${n1(axisY)}" stroke="#0000001a"/><text x="${n1(x(tk))}" y="${n1(axisY + 14)}" text-anchor="middle">${tickLabel(tk, ticks)}</text>`,
  );
  const h = axisY + AXIS;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${n1(h)}" width="${W}" height="${n1(h)}" role="img" aria-label="Overview timeline" font-family="sans-serif" font-size="11">`,
    `<title>Overview timeline (UTC)</title>`,
    `<defs><pattern id="${HIGH_PATTERN}" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><rect width="6" height="6" fill="${TONE_FILL.high}"/><rect width="1.5" height="6" fill="${HIGH_STRIPE}" fill-opacity="0.6"/></pattern></defs>`,
    ...rows,
    ...axis,
    `<text x="${W - RIGHT}" y="${n1(axisY + 14)}" text-anchor="end" fill="#666">UTC</text>`,
    `</svg>`,
  ].join('');
}

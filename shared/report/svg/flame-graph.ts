// The top frames of a captured flame graph as a static icicle: the common trunk folded into the
// first bar, then callers above their callees, widths by samples. Every name is escaped (frames
// can carry anything a class or method name may, and a hostile cluster anything at all); a bar
// too narrow for its name shows a cut label and the full name as its tooltip.

import { escapeXml, truncate } from '../escape';
import type { FlameBar, FlameSummary } from '../stacks';
import { n1 } from './axis';

const W = 960;
const ROW = 18;
const TOP = 22;
const CHAR_W = 6.6;

const FILL: Record<FlameBar['kind'], string> = {
  trunk: '#d9dde3',
  jdk: '#c6cbd3',
  flink: '#a9c8e8',
  user: '#f4b26a',
};

const pct = (x: number): string => `${Math.round(x * 100)}%`;

export function flameGraphSvg(f: FlameSummary): string {
  const rows = f.bars.reduce((m, b) => Math.max(m, b.depth + 1), 0);
  const H = TOP + Math.max(1, rows) * ROW + 6;
  const title = `${f.type ?? 'FULL'} flame graph, ${f.samples} samples${f.cut ? ` (the size cap cut ${f.cut.samples} samples in ${f.cut.nodes} frames)` : ''}`;
  const bars = f.bars.map((b) => {
    const x = b.x * W;
    const w = Math.max(1, b.width * W - 1);
    const y = TOP + b.depth * ROW;
    const chars = Math.floor((w - 6) / CHAR_W);
    const label = chars >= 3 ? truncate(b.name, chars) : '';
    const tip = `${b.name} — ${b.samples} samples (${pct(f.samples > 0 ? b.samples / f.samples : 0)})`;
    return (
      `<g><title>${escapeXml(tip)}</title>` +
      `<rect x="${n1(x)}" y="${y}" width="${n1(w)}" height="${ROW - 2}" rx="2" fill="${FILL[b.kind]}"/>` +
      (label ? `<text x="${n1(x + 3)}" y="${y + 12}" font-size="11">${escapeXml(label)}</text>` : '') +
      `</g>`
    );
  });
  const empty =
    f.bars.length === 0
      ? `<text x="${W / 2}" y="${TOP + 12}" font-size="12" text-anchor="middle" fill="#555">no samples</text>`
      : '';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="system-ui,sans-serif" role="img" aria-label="${escapeXml(title)}">` +
    `<text x="0" y="14" font-size="12" font-weight="600">${escapeXml(title)}</text>` +
    bars.join('') +
    empty +
    `</svg>`
  );
}

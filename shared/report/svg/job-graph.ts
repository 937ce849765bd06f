// The job graph at one instant as static SVG: boxes coloured by backpressure level, the
// bottleneck outlined heavily, the episode's vertex dashed. Left-to-right for short jobs,
// top-to-bottom for long chains so names stay readable on a page.

import { formatClock } from '../../time';
import { escapeXml, truncate } from '../escape';
import { layoutGraph } from '../graph-layout';
import { levelFill } from '../palette';
import type { GraphNode, JobGraphSnapshot } from '../types';
import { n1 } from './axis';

const NODE_W = 212;
const NODE_H = 58;
const LAYER_GAP_H = 60; // between layers, left-to-right
const LAYER_GAP_V = 34; // between layers, top-to-bottom
const SLOT_GAP = 16;
const MAX_LAYERS_ACROSS = 5;

/** The bottleneck's outline and badge: the UI's accent, whatever its level colour (a busy bottleneck is OK-coloured). */
const BOTTLENECK_STROKE = '#0072b2';

const pct = (x: number): string => `${Math.round(x * 100)}%`;

/**
 * What a node says besides its name: Flink's Backpressured (max) and Busy (max), and how the
 * load spreads (a skewed bottleneck reads "skew: subtask 1 busy", never a green "OK 0.00").
 */
export function nodeLines(n: GraphNode): string[] {
  if (n.level === null) return ['no data'];
  const first = `${n.level} · bp max ${n.ratio === null ? '–' : pct(n.ratio)} · busy max ${n.busyMax === null ? '–' : pct(n.busyMax)}`;
  const second =
    n.busySpread === 'skew'
      ? `skew: ${n.busiestSubtask !== null ? `subtask ${n.busiestSubtask} busiest` : 'a few subtasks busy'} · p=${n.parallelism}`
      : n.busySpread === 'overloaded'
        ? `overloaded: all busy · p=${n.parallelism}`
        : `p=${n.parallelism}`;
  return [first, second];
}

/** `idPrefix` keeps marker ids unique when several graphs share one HTML page. */
export function jobGraphSvg(g: JobGraphSnapshot, idPrefix: string): string {
  const layout = layoutGraph(g.nodes, g.edges);
  const across = layout.layers <= MAX_LAYERS_ACROSS;
  const pos = new Map<string, { x: number; y: number }>();
  for (const p of layout.nodes) {
    const x = across ? 10 + p.layer * (NODE_W + LAYER_GAP_H) : 10 + p.slot * (NODE_W + SLOT_GAP);
    const y = across ? 10 + p.slot * (NODE_H + SLOT_GAP) : 10 + p.layer * (NODE_H + LAYER_GAP_V);
    pos.set(p.node.vertexId, { x, y });
  }
  const W =
    20 +
    (across ? layout.layers * (NODE_W + LAYER_GAP_H) - LAYER_GAP_H : layout.width * (NODE_W + SLOT_GAP) - SLOT_GAP);
  const H =
    34 +
    (across ? layout.width * (NODE_H + SLOT_GAP) - SLOT_GAP : layout.layers * (NODE_H + LAYER_GAP_V) - LAYER_GAP_V);
  const marker = `${idPrefix}-arrow`;
  const edges = g.edges.map((e) => {
    const a = pos.get(e.source);
    const b = pos.get(e.target);
    if (!a || !b) return '';
    const [x1, y1, x2, y2] = across
      ? [a.x + NODE_W, a.y + NODE_H / 2, b.x, b.y + NODE_H / 2]
      : [a.x + NODE_W / 2, a.y + NODE_H, b.x + NODE_W / 2, b.y];
    const d = across
      ? `M${n1(x1)} ${n1(y1)}C${n1((x1 + x2) / 2)} ${n1(y1)} ${n1((x1 + x2) / 2)} ${n1(y2)} ${n1(x2 - 2)} ${n1(y2)}`
      : `M${n1(x1)} ${n1(y1)}C${n1(x1)} ${n1((y1 + y2) / 2)} ${n1(x2)} ${n1((y1 + y2) / 2)} ${n1(x2)} ${n1(y2 - 2)}`;
    const label = `<text x="${n1((x1 + x2) / 2 + (across ? 0 : 6))}" y="${n1((y1 + y2) / 2 - (across ? 4 : 0))}" font-size="9" fill="#666"${across ? ' text-anchor="middle"' : ''}>${escapeXml(e.shipStrategy)}</text>`;
    return `<path d="${d}" fill="none" stroke="#888" stroke-width="1.3" marker-end="url(#${marker})"/>${label}`;
  });
  const boxes = layout.nodes.map(({ node: n }) => {
    const p = pos.get(n.vertexId)!;
    const stroke =
      n.role === 'bottleneck'
        ? ` stroke="${BOTTLENECK_STROKE}" stroke-width="3.5"`
        : n.role === 'episode'
          ? ' stroke="#000" stroke-width="1.5" stroke-dasharray="5 3"'
          : ' stroke="#777"';
    const lines = nodeLines(n);
    const badge =
      n.role === 'bottleneck'
        ? `<rect x="${p.x + NODE_W - 86}" y="${p.y - 9}" width="82" height="15" rx="3" fill="${BOTTLENECK_STROKE}"/><text x="${p.x + NODE_W - 45}" y="${p.y + 2}" text-anchor="middle" fill="#fff" font-weight="bold" font-size="10">BOTTLENECK</text>`
        : '';
    return (
      `<g><title>${escapeXml([n.name, ...lines].join('\n'))}</title>` +
      `<rect x="${p.x}" y="${p.y}" width="${NODE_W}" height="${NODE_H}" rx="6" fill="${levelFill(n.level)}"${stroke}/>` +
      `<text x="${p.x + 8}" y="${p.y + 17}" font-weight="bold">${escapeXml(truncate(n.name, 28))}</text>` +
      lines
        .map(
          (l, i) =>
            `<text x="${p.x + 8}" y="${p.y + 32 + 13 * i}"${i === 1 && n.busySpread === 'skew' ? ' font-weight="bold"' : ''}>${escapeXml(l)}</text>`,
        )
        .join('') +
      `${badge}</g>`
    );
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeXml(`Job graph of ${g.jobName} at ${formatClock(g.ts)} UTC`)}" font-family="sans-serif" font-size="11">`,
    `<title>${escapeXml(`Job graph of ${g.jobName} at ${formatClock(g.ts)} UTC`)}</title>`,
    `<defs><marker id="${marker}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0 0L10 5L0 10z" fill="#888"/></marker></defs>`,
    ...edges,
    ...boxes,
    `<text x="10" y="${H - 8}" fill="#555">blue outline: bottleneck · dashed: backpressured in the incident · colour: level at ${formatClock(g.ts)} UTC</text>`,
    `</svg>`,
  ].join('');
}

// Job-graph layout with elkjs (layered, left → right). Only the structure (vertices, edges) is
// laid out; colours change with the cursor without re-running the layout.

import type { ElkNode } from 'elkjs/lib/elk-api';

export interface LayoutInput {
  nodes: { id: string; width: number; height: number }[];
  edges: { id: string; source: string; target: string; label: string }[];
}

export interface LaidOutGraph {
  width: number;
  height: number;
  nodes: Map<string, { x: number; y: number; width: number; height: number }>;
  edges: {
    id: string;
    source: string;
    target: string;
    label: string;
    points: { x: number; y: number }[];
    labelAt: { x: number; y: number } | null;
  }[];
}

// elkjs is over a megabyte of script: loaded on the first layout (its own chunk), so opening a
// session does not wait for it to be parsed before the lanes can paint.
let elk: Promise<{ layout(g: ElkNode): Promise<ElkNode> }> | null = null;
const loadElk = () => (elk ??= import('elkjs/lib/elk.bundled.js').then((m) => new m.default()));

export async function layoutGraph(input: LayoutInput): Promise<LaidOutGraph> {
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.spacing.nodeNode': '24',
      'elk.layered.spacing.nodeNodeBetweenLayers': '44',
      'elk.edgeRouting': 'POLYLINE',
      'elk.edgeLabels.inline': 'true',
    },
    children: input.nodes.map((n) => ({ id: n.id, width: n.width, height: n.height })),
    edges: input.edges.map((e) => ({
      id: e.id,
      sources: [e.source],
      targets: [e.target],
      labels: [{ text: e.label, width: e.label.length * 6.5 + 6, height: 14 }],
    })),
  };
  const out = await (await loadElk()).layout(graph);
  const nodes = new Map<string, { x: number; y: number; width: number; height: number }>();
  for (const c of out.children ?? [])
    nodes.set(c.id, { x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 0, height: c.height ?? 0 });
  const edges = (out.edges ?? []).map((e, i) => {
    const src = input.edges[i]!;
    const s = e.sections?.[0];
    const points = s ? [s.startPoint, ...(s.bendPoints ?? []), s.endPoint] : [];
    const lab = e.labels?.[0];
    return {
      ...src,
      points,
      labelAt: lab && lab.x !== undefined && lab.y !== undefined ? { x: lab.x, y: lab.y } : null,
    };
  });
  return { width: out.width ?? 0, height: out.height ?? 0, nodes, edges };
}

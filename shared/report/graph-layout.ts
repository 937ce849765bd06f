// Layered layout of a job graph for static output: a vertex's layer is its longest distance
// from a source; within a layer the plan's topological order is kept. Job graphs are DAGs;
// an edge that would close a cycle (bad input) is simply not used for layering.

import type { GraphEdge, GraphNode } from './types';

export interface LayoutNode {
  node: GraphNode;
  layer: number;
  /** Position inside its layer. */
  slot: number;
}

export interface GraphLayout {
  nodes: LayoutNode[];
  layers: number;
  /** Most nodes in one layer. */
  width: number;
}

export function layoutGraph(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): GraphLayout {
  const index = new Map(nodes.map((n, i) => [n.vertexId, i]));
  const indeg = new Array<number>(nodes.length).fill(0);
  const out: number[][] = nodes.map(() => []);
  for (const e of edges) {
    const a = index.get(e.source);
    const b = index.get(e.target);
    if (a === undefined || b === undefined || a === b) continue;
    out[a]!.push(b);
    indeg[b]!++;
  }
  const layer = new Array<number>(nodes.length).fill(0);
  const queue = nodes.map((_, i) => i).filter((i) => indeg[i] === 0);
  while (queue.length > 0) {
    const i = queue.shift()!;
    for (const j of out[i]!) {
      layer[j] = Math.max(layer[j]!, layer[i]! + 1);
      if (--indeg[j]! === 0) queue.push(j);
    }
  }
  // Vertices on a cycle keep the layer reached so far; slots stay unique, so nothing overlaps.
  const slots = new Map<number, number>();
  const placed: LayoutNode[] = nodes.map((node, i) => {
    const l = layer[i]!;
    const slot = slots.get(l) ?? 0;
    slots.set(l, slot + 1);
    return { node, layer: l, slot };
  });
  return {
    nodes: placed,
    layers: placed.reduce((m, p) => Math.max(m, p.layer + 1), 0),
    width: Math.max(0, ...slots.values()),
  };
}

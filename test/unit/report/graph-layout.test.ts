import { describe, expect, it } from 'vitest';
import { layoutGraph } from '../../../shared/report/graph-layout';
import type { GraphEdge, GraphNode } from '../../../shared/report/types';

const node = (id: string): GraphNode => ({
  vertexId: id,
  name: id,
  parallelism: 1,
  level: 'OK',
  ratio: 0,
  busyMax: null,
  busiestSubtask: null,
  busySpread: null,
  role: null,
});
const edge = (source: string, target: string): GraphEdge => ({ source, target, shipStrategy: 'HASH' });
const layers = (nodes: GraphNode[], edges: GraphEdge[]) =>
  Object.fromEntries(layoutGraph(nodes, edges).nodes.map((p) => [p.node.vertexId, [p.layer, p.slot]]));

describe('layoutGraph', () => {
  it('places a vertex one layer after its deepest input', () => {
    // a → b → c, and a shortcut a → c: c still comes after b.
    expect(layers([node('a'), node('b'), node('c')], [edge('a', 'b'), edge('b', 'c'), edge('a', 'c')])).toEqual({
      a: [0, 0],
      b: [1, 0],
      c: [2, 0],
    });
  });

  it('puts parallel branches side by side in one layer', () => {
    const l = layoutGraph(
      [node('src'), node('left'), node('right'), node('join')],
      [edge('src', 'left'), edge('src', 'right'), edge('left', 'join'), edge('right', 'join')],
    );
    expect(l.layers).toBe(3);
    expect(l.width).toBe(2);
    expect(
      layers(
        l.nodes.map((p) => p.node),
        [edge('src', 'left'), edge('src', 'right'), edge('left', 'join'), edge('right', 'join')],
      ),
    ).toEqual({ src: [0, 0], left: [1, 0], right: [1, 1], join: [2, 0] });
  });

  it('gives every vertex its own place even for a cycle or unknown edge ends', () => {
    const l = layoutGraph([node('a'), node('b'), node('c')], [edge('a', 'b'), edge('b', 'a'), edge('c', 'ghost')]);
    const places = l.nodes.map((p) => `${p.layer}/${p.slot}`);
    expect(new Set(places).size).toBe(3);
  });
});

// Pairs the vertices of one job in two sessions. Vertex ids change with every deployment, so
// they are matched by what stays: first the whole name (chained operators joined by ` -> `), then
// shared operators (the chain was cut or joined differently), then the place in the graph (a
// renamed vertex between the same matched neighbours). What stays unpaired is returned, with the
// other side's vertices it shares operators with, so nothing is dropped silently.

import type { EdgeInfo, VertexInfo } from '../model';

export type MatchedBy = 'name' | 'operators' | 'position';

export interface VertexPair {
  a: VertexInfo;
  b: VertexInfo;
  matchedBy: MatchedBy;
}

export interface UnmatchedVertex {
  vertex: VertexInfo;
  /** Names of the other session's vertices that run some of its operators (split or chained differently). */
  related: string[];
}

export interface VertexMatch {
  pairs: VertexPair[];
  onlyA: UnmatchedVertex[];
  onlyB: UnmatchedVertex[];
}

export interface JobGraph {
  vertices: readonly VertexInfo[];
  edges: readonly EdgeInfo[];
}

/** The operators of a vertex's chain, as Flink names them. */
export const operatorsOf = (v: VertexInfo): string[] => v.name.split(' -> ').map((s) => s.trim());

const byTopo = (x: VertexInfo, y: VertexInfo): number =>
  x.topoIndex - y.topoIndex || x.vertexId.localeCompare(y.vertexId);

/** Place in the graph as a fraction (0 sources … 1 sinks), so graphs of different size compare. */
function place(v: VertexInfo, all: readonly VertexInfo[]): number {
  const max = Math.max(0, ...all.map((x) => x.topoIndex));
  return max > 0 ? v.topoIndex / max : 0;
}

function byName(a: VertexInfo[], b: VertexInfo[], pairs: VertexPair[]): void {
  // Same name twice in a job (two `Map`s): the k-th in graph order pairs with the k-th.
  const groups = new Map<string, VertexInfo[]>();
  for (const v of b) groups.set(v.name, [...(groups.get(v.name) ?? []), v]);
  for (const v of a) {
    const cands = groups.get(v.name);
    const w = cands?.shift();
    if (w) pairs.push({ a: v, b: w, matchedBy: 'name' });
  }
}

/**
 * Shared operators (telling ones): the score is the overlap of the two chains (shared / all operators), plus one
 * when both start with the same operator (a chain is known by its head: `Source: Kafka -> Filter`
 * split into `Source: Kafka` and `Filter` stays the source). Best scores pair first; ties go to
 * the closer place in the graph.
 */
function byOperators(
  a: VertexInfo[],
  b: VertexInfo[],
  all: JobGraph[],
  telling: (op: string) => boolean,
  pairs: VertexPair[],
): void {
  const cands: { x: VertexInfo; y: VertexInfo; score: number; dist: number }[] = [];
  for (const x of a) {
    const ox = operatorsOf(x);
    for (const y of b) {
      const oy = operatorsOf(y);
      const shared = ox.filter((o) => telling(o) && oy.includes(o)).length;
      if (shared === 0) continue;
      const score = shared / new Set([...ox, ...oy]).size + (ox[0] === oy[0] ? 1 : 0);
      cands.push({ x, y, score, dist: Math.abs(place(x, all[0]!.vertices) - place(y, all[1]!.vertices)) });
    }
  }
  cands.sort((p, q) => q.score - p.score || p.dist - q.dist || byTopo(p.x, q.x));
  const usedA = new Set<string>();
  const usedB = new Set<string>();
  for (const c of cands) {
    if (usedA.has(c.x.vertexId) || usedB.has(c.y.vertexId)) continue;
    usedA.add(c.x.vertexId);
    usedB.add(c.y.vertexId);
    pairs.push({ a: c.x, b: c.y, matchedBy: 'operators' });
  }
}

function neighbours(g: JobGraph, id: string): { up: string[]; down: string[] } {
  return {
    up: g.edges.filter((e) => e.target === id).map((e) => e.source),
    down: g.edges.filter((e) => e.source === id).map((e) => e.target),
  };
}

/**
 * The place in the graph: an unpaired vertex of A whose upstream and downstream neighbours are all
 * paired, and map exactly onto those of one unpaired vertex of B (and no other), is that vertex
 * renamed. Sources and sinks qualify through their one side.
 */
function byPosition(a: VertexInfo[], b: VertexInfo[], graphs: JobGraph[], pairs: VertexPair[]): void {
  const toB = new Map(pairs.map((p) => [p.a.vertexId, p.b.vertexId]));
  const signature = (ids: string[], map: (id: string) => string | undefined): string | null => {
    const mapped = ids.map(map);
    return mapped.every((m) => m !== undefined) ? [...(mapped as string[])].sort().join(',') : null;
  };
  const sigA = new Map<string, string>();
  for (const x of a) {
    const n = neighbours(graphs[0]!, x.vertexId);
    const up = signature(n.up, (id) => toB.get(id));
    const down = signature(n.down, (id) => toB.get(id));
    if (up !== null && down !== null && up + down !== '') sigA.set(x.vertexId, `${up}|${down}`);
  }
  const sigB = new Map<string, string>();
  for (const y of b) {
    const n = neighbours(graphs[1]!, y.vertexId);
    sigB.set(y.vertexId, `${[...n.up].sort().join(',')}|${[...n.down].sort().join(',')}`);
  }
  for (const x of a) {
    const s = sigA.get(x.vertexId);
    if (s === undefined) continue;
    const ys = b.filter((y) => sigB.get(y.vertexId) === s);
    const xs = a.filter((z) => sigA.get(z.vertexId) === s);
    if (ys.length === 1 && xs.length === 1) pairs.push({ a: x, b: ys[0]!, matchedBy: 'position' });
  }
}

/**
 * Operators that tell a vertex apart: those in at most one vertex of each graph. A `Map` chained
 * into both the source and the window says nothing about which is which.
 */
function tellingOperators(ga: JobGraph, gb: JobGraph): (op: string) => boolean {
  const count = (g: JobGraph): Map<string, number> => {
    const m = new Map<string, number>();
    for (const v of g.vertices) for (const o of new Set(operatorsOf(v))) m.set(o, (m.get(o) ?? 0) + 1);
    return m;
  };
  const ca = count(ga);
  const cb = count(gb);
  return (op) => (ca.get(op) ?? 0) <= 1 && (cb.get(op) ?? 0) <= 1;
}

export function matchVertices(ga: JobGraph, gb: JobGraph): VertexMatch {
  const pairs: VertexPair[] = [];
  const telling = tellingOperators(ga, gb);
  const rest = (side: 'a' | 'b', all: readonly VertexInfo[]): VertexInfo[] => {
    const used = new Set(pairs.map((p) => p[side].vertexId));
    return all.filter((v) => !used.has(v.vertexId)).sort(byTopo);
  };
  byName([...ga.vertices].sort(byTopo), [...gb.vertices].sort(byTopo), pairs);
  byOperators(rest('a', ga.vertices), rest('b', gb.vertices), [ga, gb], telling, pairs);
  byPosition(rest('a', ga.vertices), rest('b', gb.vertices), [ga, gb], pairs);
  const related = (v: VertexInfo, other: readonly VertexInfo[]): string[] => {
    const ops = operatorsOf(v).filter(telling);
    return other.filter((w) => operatorsOf(w).some((o) => ops.includes(o))).map((w) => w.name);
  };
  pairs.sort((p, q) => byTopo(p.a, q.a));
  return {
    pairs,
    onlyA: rest('a', ga.vertices).map((v) => ({ vertex: v, related: related(v, gb.vertices) })),
    onlyB: rest('b', gb.vertices).map((v) => ({ vertex: v, related: related(v, ga.vertices) })),
  };
}

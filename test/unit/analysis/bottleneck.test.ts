import { describe, expect, it } from 'vitest';
import { analyzeSession } from '../../../shared/analysis/analyze';
import { findBottleneck, type VertexState } from '../../../shared/analysis/bottleneck';
import { chain, edge, pattern, rows, session, vertex } from './fixtures';

const graph = (edges: [string, string][]): Map<string, string[]> => {
  const m = new Map<string, string[]>();
  for (const [a, b] of edges) m.set(a, [...(m.get(a) ?? []), b]);
  return m;
};
const BP: VertexState = { backpressured: true, busy: 0.05 };
const BUSY: VertexState = { backpressured: false, busy: 0.95 };
const IDLE: VertexState = { backpressured: false, busy: 0.1 };
const NODATA: VertexState = { backpressured: null, busy: NaN };
const walk = (edges: [string, string][], states: Record<string, VertexState>, from: string) =>
  findBottleneck(graph(edges), (id) => states[id], from);

describe('findBottleneck', () => {
  it('finds the first busy vertex after the last backpressured one on a chain', () => {
    const r = walk(
      [
        ['src', 'map'],
        ['map', 'agg'],
        ['agg', 'sink'],
      ],
      { src: BP, map: BP, agg: BUSY, sink: IDLE },
      'src',
    );
    expect(r.vertexId).toBe('agg');
    expect(r.backpressured).toEqual(['src', 'map']);
    expect(r.ambiguity).toBeNull();
  });

  it('counts a busy sink', () => {
    const r = walk(
      [
        ['src', 'map'],
        ['map', 'sink'],
      ],
      { src: BP, map: BP, sink: BUSY },
      'src',
    );
    expect(r.vertexId).toBe('sink');
  });

  it('follows both branches of a diamond and ignores a branch that is neither', () => {
    const edges: [string, string][] = [
      ['a', 'b'],
      ['a', 'c'],
      ['b', 'd'],
      ['c', 'd'],
      ['d', 'sink'],
    ];
    const r = walk(edges, { a: BP, b: BP, c: IDLE, d: BUSY, sink: IDLE }, 'a');
    expect(r.vertexId).toBe('d');
    expect(r.idle).toEqual(['c']);
  });

  it('reports two busy candidates instead of picking one', () => {
    const edges: [string, string][] = [
      ['a', 'b'],
      ['a', 'c'],
    ];
    const r = walk(edges, { a: BP, b: BUSY, c: BUSY }, 'a');
    expect(r.vertexId).toBeNull();
    expect(r.ambiguity).toBe('multiple-candidates');
    expect(r.candidates).toEqual(['b', 'c']);
  });

  it('reports missing data on the way instead of guessing', () => {
    const r = walk(
      [
        ['a', 'b'],
        ['a', 'c'],
      ],
      { a: BP, b: BUSY, c: NODATA },
      'a',
    );
    expect(r.vertexId).toBeNull();
    expect(r.ambiguity).toBe('missing-data');
    expect(r.missing).toEqual(['c']);
    expect(r.candidates).toEqual(['b']);
  });

  it('treats a vertex whose busy time is not reported as missing data', () => {
    const r = walk([['a', 'b']], { a: BP, b: { backpressured: false, busy: NaN } }, 'a');
    expect(r.ambiguity).toBe('missing-data');
  });

  it('without busy time, takes a vertex with full inputs as candidate (buffer rule), else missing data', () => {
    const full = walk([['a', 'b']], { a: BP, b: { backpressured: false, busy: NaN, inputFull: true } }, 'a');
    expect(full.vertexId).toBe('b');
    expect(full.basis).toEqual({ b: 'input-buffers' });
    const notFull = walk([['a', 'b']], { a: BP, b: { backpressured: false, busy: NaN, inputFull: false } }, 'a');
    expect(notFull.ambiguity).toBe('missing-data');
    // Busy time, when reported, decides: full inputs do not make an idle vertex a candidate.
    const idle = walk([['a', 'b']], { a: BP, b: { ...IDLE, inputFull: true } }, 'a');
    expect(idle.ambiguity).toBe('no-busy-downstream');
  });

  it('says so when nothing downstream is busy (network suspect)', () => {
    const r = walk([['a', 'b']], { a: BP, b: IDLE }, 'a');
    expect(r.ambiguity).toBe('no-busy-downstream');
    expect(r.frontier).toEqual([{ sender: 'a', receiver: 'b' }]);
  });
});

describe('bottleneck in analyzeSession', () => {
  const n = 8;
  const base = {
    vertices: [vertex('src', 2, 0, 'Source: kafka'), vertex('map', 2, 1, 'Map'), vertex('sink', 2, 2, 'Sink: db')],
    edges: [edge('src', 'map'), edge('map', 'sink')],
  };

  it('names the busy vertex after the backpressured chain, with its busy subtasks', () => {
    const frames = [
      ...chain('src', { bp: pattern('H'.repeat(n), 2), busy: rows(n, [0.05, 0.05]) }),
      ...chain('map', { bp: pattern('H'.repeat(n), 2), busy: rows(n, [0.05, 0.05]) }),
      ...chain('sink', { bp: rows(n, [0, 0]), busy: rows(n, [0.97, 0.2]) }),
    ];
    const doc = analyzeSession(session({ ...base, frames }));
    const ofSrc = doc.episodes.find((e) => e.vertexId === 'src')!;
    expect(ofSrc.bottleneck).toMatchObject({ vertexId: 'sink', vertexName: 'Sink: db', subtasks: [0], rule: 'busy' });
    expect(ofSrc.ambiguity).toBeNull();
    expect(doc.summary.bottlenecks[0]).toMatchObject({ vertexId: 'sink', episodes: 2 });
  });

  it('gives no bottleneck and an ambiguity when the next vertex has no data', () => {
    const frames = [
      ...chain('src', { bp: pattern('H'.repeat(n), 2) }),
      ...chain('map', { bp: pattern('H'.repeat(n), 2) }),
    ];
    const doc = analyzeSession(session({ ...base, frames }));
    const e = doc.episodes.find((x) => x.vertexId === 'src')!;
    expect(e.bottleneck).toBeNull();
    expect(e.ambiguity?.reason).toBe('missing-data');
    expect(e.ambiguity?.vertices).toEqual(['sink']);
  });
});

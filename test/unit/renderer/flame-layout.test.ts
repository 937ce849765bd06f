import { describe, expect, it } from 'vitest';
import type { FlameNode } from '../../../shared/evidence';
import {
  flattenTree,
  frameFamily,
  layoutIcicle,
  pathTo,
  rectAt,
  searchFrames,
} from '../../../renderer/src/lib/flame-layout';
import { bigTree, BIG_TREE_NODES, countNodes } from '../../fixtures/evidence-session';

const n = (name: string, value: number, children: FlameNode[] = []): FlameNode => ({ name, value, children });
// root 100: a 60 (a1 40, a2 20), b 30 (b1 30), c 10
const TREE = n('root', 100, [n('c', 10), n('a', 60, [n('a2', 20), n('a1', 40)]), n('b', 30, [n('b1', 30)])]);

describe('flattening a flame tree', () => {
  it('lays callees out heaviest first, each under its caller, in pre-order', () => {
    const t = flattenTree(TREE);
    expect(t.names).toEqual(['root', 'a', 'a1', 'a2', 'b', 'b1', 'c']);
    expect([...t.start]).toEqual([0, 0, 0, 40, 60, 60, 90]);
    expect([...t.depth]).toEqual([0, 1, 2, 2, 1, 2, 1]);
    expect([...t.end]).toEqual([7, 4, 3, 4, 6, 6, 7]);
    expect(pathTo(t, 5).map((i) => t.names[i])).toEqual(['root', 'b', 'b1']);
  });

  it('clamps callees that claim more samples than their caller, and drops empty ones', () => {
    const t = flattenTree(n('root', 10, [n('x', 8), n('y', 8), n('z', 0), n('nan', Number.NaN)]));
    expect(t.names).toEqual(['root', 'x', 'y']);
    expect([...t.value]).toEqual([10, 8, 2]);
  });

  it('flattens a chain deeper than any call stack without recursion', () => {
    let leaf = n('leaf', 1);
    for (let i = 0; i < 20_000; i++) leaf = n(`f${i}`, 1, [leaf]);
    expect(flattenTree(leaf).maxDepth).toBe(20_000);
  });
});

describe('the icicle layout', () => {
  it('scales the whole tree to the width, root on the top row', () => {
    const t = flattenTree(TREE);
    const l = layoutIcicle(t, 0, 1000);
    const at = (name: string) => l.rects.find((r) => r.node >= 0 && t.names[r.node] === name)!;
    expect(l.rows).toBe(3);
    expect(at('root')).toMatchObject({ row: 0, x: 0, w: 1000 });
    expect(at('a')).toMatchObject({ row: 1, x: 0, w: 600 });
    expect(at('b1')).toMatchObject({ row: 2, x: 600, w: 300 });
    expect(rectAt(l, 650, 2)?.node).toBe(t.names.indexOf('b1'));
    expect(rectAt(l, 950, 2)).toBeNull();
  });

  it('zooming into a frame puts its callers above it full width and its subtree across the width', () => {
    const t = flattenTree(TREE);
    const a = t.names.indexOf('a');
    const l = layoutIcicle(t, a, 600);
    expect(l.rects.map((r) => [t.names[r.node], r.row, r.x, r.w, r.ancestor])).toEqual([
      ['root', 0, 0, 600, true],
      ['a', 1, 0, 600, false],
      ['a1', 2, 0, 400, false],
      ['a2', 2, 400, 200, false],
    ]);
  });

  it('merges callees narrower than a pixel into one aggregate per run', () => {
    const kids = Array.from({ length: 1000 }, (_, i) => n(`k${i}`, 1));
    const t = flattenTree(n('root', 2000, [n('big', 1000), ...kids]));
    const l = layoutIcicle(t, 0, 100);
    const aggs = l.rects.filter((r) => r.node === -1);
    expect(aggs).toHaveLength(1);
    expect(aggs[0]).toMatchObject({ frames: 1000, samples: 1000, x: 50 });
    expect(aggs[0]!.w).toBeCloseTo(50, 6);
    expect(l.hidden).toBe(1000);
  });

  it('a 50 000-frame tree is laid out in a few milliseconds with a few thousand rectangles', () => {
    const root = bigTree(BIG_TREE_NODES, 'x');
    expect(countNodes(root)).toBe(BIG_TREE_NODES);
    const t0 = performance.now();
    const t = flattenTree(root);
    const t1 = performance.now();
    let rects = 0;
    for (let k = 0; k < 10; k++) rects = layoutIcicle(t, 0, 1400).rects.length;
    const t2 = performance.now();
    console.log(
      `flame layout: flatten ${(t1 - t0).toFixed(1)} ms, layout ${((t2 - t1) / 10).toFixed(2)} ms, ${rects} rects of ${t.count} frames`,
    );
    expect(t.count).toBe(BIG_TREE_NODES);
    expect(rects).toBeLessThan(BIG_TREE_NODES / 4);
    expect((t2 - t1) / 10).toBeLessThan(50);
  });
});

describe('searching frames', () => {
  it('marks matching frames and counts their samples once, as a share of the whole', () => {
    const t = flattenTree(n('root', 100, [n('a', 60, [n('a.x', 40)]), n('b.x', 30)]));
    const s = searchFrames(t, 'A')!;
    expect([...s.matched]).toEqual([0, 1, 1, 0]);
    expect(s).toMatchObject({ frames: 2, samples: 60, share: 0.6 });
    expect(searchFrames(t, '.x')).toMatchObject({ frames: 2, samples: 70, share: 0.7 });
    expect(searchFrames(t, '  ')).toBeNull();
  });

  it('matches markup in names literally', () => {
    const t = flattenTree(n('root', 2, [n('<b>x</b>', 1)]));
    expect(searchFrames(t, '<b>')?.frames).toBe(1);
  });
});

it('tells JDK, Flink and user frames apart', () => {
  expect(frameFamily('java.net.SocketInputStream.read:1')).toBe('jdk');
  expect(frameFamily('org.apache.flink.runtime.io.network.buffer.LocalBufferPool.requestMemorySegment:1')).toBe(
    'flink',
  );
  expect(frameFamily('com.example.Enrich.processElement:64')).toBe('user');
});

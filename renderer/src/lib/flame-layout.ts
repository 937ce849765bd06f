// The icicle of a flame graph, as plain arrays the canvas draws from: the tree flattened once in
// pre-order (heaviest callee first), then per zoom and width only the frames at least `minPx`
// wide; the narrower callees of a frame are drawn as one aggregate per run, so a 50 000-frame tree
// costs what is visible, not what it holds. Names are plain text (they may contain markup).

import type { FlameNode } from '../../../shared/evidence';

export interface FlatTree {
  count: number;
  names: string[];
  /** Samples of each frame (its callees' sum at most, clamped so a bad tree still draws). */
  value: Float64Array;
  /** Offset of each frame's left edge from the root's, in samples. */
  start: Float64Array;
  depth: Int32Array;
  parent: Int32Array;
  /** One past the last frame of each frame's subtree (pre-order): children of i are i+1, end[i+1], … */
  end: Int32Array;
  maxDepth: number;
}

/** Flattens a tree without recursion (a chain may be thousands deep); callees heaviest first. */
export function flattenTree(root: FlameNode): FlatTree {
  const names: string[] = [];
  const value: number[] = [];
  const start: number[] = [];
  const depth: number[] = [];
  const parent: number[] = [];
  const end: number[] = [];
  let maxDepth = 0;
  // Each entry: the node, its parent's index, its depth, its left edge and the samples it may hold.
  const stack: { n: FlameNode; p: number; d: number; x: number; cap: number }[] = [
    { n: root, p: -1, d: 0, x: 0, cap: Math.max(0, finite(root.value)) },
  ];
  // Indexes whose subtree is still open, to close `end` when the walk leaves them.
  const open: number[] = [];
  while (stack.length > 0) {
    const { n, p, d, x, cap } = stack.pop()!;
    while (open.length > 0 && open[open.length - 1] !== p) end[open.pop()!] = names.length;
    const i = names.length;
    const v = Math.min(Math.max(0, finite(n.value)), cap);
    names.push(String(n.name));
    value.push(v);
    start.push(x);
    depth.push(d);
    parent.push(p);
    end.push(i + 1);
    open.push(i);
    if (d > maxDepth) maxDepth = d;
    const kids = (Array.isArray(n.children) ? n.children : [])
      .filter((c) => finite(c.value) > 0)
      .sort((a, b) => b.value - a.value);
    // Left to right; pushed in reverse so the heaviest is taken first.
    let cx = x;
    let left = v;
    const placed = kids.map((c) => {
      const w = Math.min(finite(c.value), left);
      left -= w;
      const at = cx;
      cx += w;
      return { n: c, x: at, cap: w };
    });
    for (let k = placed.length - 1; k >= 0; k--) {
      const c = placed[k]!;
      if (c.cap > 0) stack.push({ n: c.n, p: i, d: d + 1, x: c.x, cap: c.cap });
    }
  }
  while (open.length > 0) end[open.pop()!] = names.length;
  return {
    count: names.length,
    names,
    value: Float64Array.from(value),
    start: Float64Array.from(start),
    depth: Int32Array.from(depth),
    parent: Int32Array.from(parent),
    end: Int32Array.from(end),
    maxDepth,
  };
}

function finite(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

export interface FrameRect {
  /** The frame's index, or -1 for an aggregate of callees each narrower than minPx. */
  node: number;
  row: number;
  x: number;
  w: number;
  /** Frames an aggregate stands for (1 for a frame). */
  frames: number;
  samples: number;
  /** An ancestor of the zoomed frame, drawn full width above it. */
  ancestor: boolean;
}

export interface IcicleLayout {
  rects: FrameRect[];
  rows: number;
  /** Frames the tree holds under the zoomed one, and how many of them were aggregated away. */
  hidden: number;
}

/**
 * The rectangles of the icicle zoomed into `focus`, `widthPx` wide: its ancestors full width on
 * the top rows, then its subtree scaled to the width; frames narrower than `minPx` merged into one
 * aggregate per run of siblings.
 */
export function layoutIcicle(t: FlatTree, focus: number, widthPx: number, minPx = 1): IcicleLayout {
  const rects: FrameRect[] = [];
  if (t.count === 0 || widthPx <= 0) return { rects, rows: 0, hidden: 0 };
  const f = Math.min(Math.max(0, focus), t.count - 1);
  const chain: number[] = [];
  for (let a = t.parent[f]!; a >= 0; a = t.parent[a]!) chain.push(a);
  chain.reverse();
  chain.forEach((a, row) =>
    rects.push({ node: a, row, x: 0, w: widthPx, frames: 1, samples: t.value[a]!, ancestor: true }),
  );
  const base = chain.length;
  const total = t.value[f]!;
  const scale = total > 0 ? widthPx / total : 0;
  const x0 = t.start[f]!;
  let rows = base + 1;
  let hidden = 0;
  rects.push({ node: f, row: base, x: 0, w: widthPx, frames: 1, samples: total, ancestor: false });
  const stack = [f];
  while (stack.length > 0) {
    const i = stack.pop()!;
    const row = t.depth[i]! - t.depth[f]! + base + 1;
    let run: FrameRect | null = null;
    for (let c = i + 1; c < t.end[i]!; c = t.end[c]!) {
      const w = t.value[c]! * scale;
      if (w >= minPx) {
        if (run) rects.push(run);
        run = null;
        rects.push({
          node: c,
          row,
          x: (t.start[c]! - x0) * scale,
          w,
          frames: 1,
          samples: t.value[c]!,
          ancestor: false,
        });
        if (row + 1 > rows) rows = row + 1;
        stack.push(c);
      } else {
        const frames = t.end[c]! - c;
        hidden += frames;
        if (run) {
          run.w += w;
          run.frames += frames;
          run.samples += t.value[c]!;
        } else {
          run = { node: -1, row, x: (t.start[c]! - x0) * scale, w, frames, samples: t.value[c]!, ancestor: false };
          if (row + 1 > rows) rows = row + 1;
        }
      }
    }
    if (run) rects.push(run);
  }
  return { rects, rows, hidden };
}

/** The rectangle under (x, row), or null. */
export function rectAt(l: IcicleLayout, x: number, row: number): FrameRect | null {
  for (const r of l.rects) if (r.row === row && x >= r.x && x < r.x + Math.max(r.w, 1)) return r;
  return null;
}

export interface FlameSearch {
  /** 1 where the frame's name contains the query (case-insensitive). */
  matched: Uint8Array;
  /** Frames matched, and their samples counted once (a match inside a match is not added again). */
  frames: number;
  samples: number;
  /** samples / the root's samples (0..1). */
  share: number;
}

export function searchFrames(t: FlatTree, query: string): FlameSearch | null {
  const q = query.trim().toLowerCase();
  if (!q) return null;
  const matched = new Uint8Array(t.count);
  let frames = 0;
  let samples = 0;
  let coveredUntil = -1;
  for (let i = 0; i < t.count; i++) {
    if (!t.names[i]!.toLowerCase().includes(q)) continue;
    matched[i] = 1;
    frames++;
    if (i >= coveredUntil) {
      samples += t.value[i]!;
      coveredUntil = t.end[i]!;
    }
  }
  const total = t.count > 0 ? t.value[0]! : 0;
  return { matched, frames, samples, share: total > 0 ? samples / total : 0 };
}

/** The path root → frame, as indexes. */
export function pathTo(t: FlatTree, i: number): number[] {
  const out: number[] = [];
  for (let a = i; a >= 0; a = t.parent[a]!) out.push(a);
  return out.reverse();
}

/** A frame's colour family: the JDK, Flink (and its shaded libraries), or the job's own code. */
export function frameFamily(name: string): 'jdk' | 'flink' | 'user' | 'root' {
  if (name === 'root') return 'root';
  if (/^(java|javax|jdk|sun|com\.sun)\./.test(name)) return 'jdk';
  if (/^org\.apache\.flink\./.test(name)) return 'flink';
  return 'user';
}

/** A stable small number from a name, to vary the shade of frames of one family. */
export function nameHash(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return (h >>> 0) / 2 ** 32;
}

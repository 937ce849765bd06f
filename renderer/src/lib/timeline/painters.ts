// The timeline's lane painters, one per row kind, drawing on a canvas in CSS pixels. Kept apart
// from the component: they take the rows, what is on screen and the theme, nothing reactive.

import { LEVELS } from '../../../../shared/analysis/levels';
import type { Level } from '../../../../shared/model';
import { tagColour } from '../annotation-tags';
import { stripes, type Theme } from '../theme';
import { timeToX, type Win } from '../window-math';
import type { LaneData } from './hits';
import { inScope, ROW_H, type Row, type RowKind } from './rows';

/** Fills made once per paint (patterns need the context). */
export interface Fills {
  gap: CanvasPattern | string;
  high: CanvasPattern | string;
}

export interface PaintEnv {
  ctx: CanvasRenderingContext2D;
  th: Theme;
  fills: Fills;
  width: number;
  d: LaneData;
  /** Outlined: the selected incident's episodes (or the one selected episode). */
  outlinedEpisodes: readonly string[];
  selectedAnnotation: number | null;
}

export function makeFills(ctx: CanvasRenderingContext2D, th: Theme): Fills {
  return { gap: stripes(ctx, th.gap, th.gapStripe), high: stripes(ctx, th.high, th.highStripe) };
}

/** The theme colour of a level code (OK/LOW; HIGH is striped, see Fills). */
const levelColour = (th: Theme, code: number): string => th[LEVELS[code]!.toLowerCase() as 'ok' | 'low' | 'high'];

/** Runs of equal level codes as bands across `w` px; null = gap (hatched). */
export function drawLevels(
  ctx: CanvasRenderingContext2D,
  th: Theme,
  fills: Fills,
  levels: readonly (number | null | undefined)[],
  y: number,
  h: number,
  w: number,
): void {
  const bw = w / Math.max(1, levels.length);
  for (let i = 0; i < levels.length;) {
    const code = levels[i];
    let j = i + 1;
    while (j < levels.length && levels[j] === code) j++;
    ctx.fillStyle = code === null || code === undefined ? fills.gap : code === 2 ? fills.high : levelColour(th, code);
    ctx.fillRect(i * bw, y, (j - i) * bw + 0.5, h);
    i = j;
  }
}

/** Per bucket the worst level over several lanes (a collapsed group's summary, the session strip). */
export function worstLevels(lanes: readonly { levels: readonly (number | null)[] }[]): (number | null)[] {
  const n = lanes[0]?.levels.length ?? 0;
  const out = new Array<number | null>(n).fill(null);
  for (const l of lanes) {
    for (let i = 0; i < n; i++) {
      const c = l.levels[i];
      if (c !== null && c !== undefined && (out[i] === null || c > out[i]!)) out[i] = c;
    }
  }
  return out;
}

/**
 * Per bucket of `n` over from..to the worst peak of the episodes overlapping it (null: none): how
 * the session strip counts vertices whose lanes are on another page.
 */
export function episodeLevels(
  episodes: readonly { start: number; end: number; peak: Level }[],
  from: number,
  to: number,
  n: number,
): (number | null)[] {
  const out = new Array<number | null>(n).fill(null);
  const width = (to - from) / n;
  if (!(width > 0)) return out;
  for (const e of episodes) {
    const code = LEVELS.indexOf(e.peak);
    if (e.end < from || e.start > to || code < 1) continue;
    const i1 = Math.min(n - 1, Math.floor((e.end - from) / width));
    for (let i = Math.max(0, Math.floor((e.start - from) / width)); i <= i1; i++)
      if (out[i] === null || code > out[i]!) out[i] = code;
  }
  return out;
}

type Painter = (env: PaintEnv, row: Row, y: number) => void;

const X = (env: PaintEnv, t: number): number => timeToX(t, env.d as Win, env.width);

export const PAINTERS: Record<RowKind, Painter> = {
  vertex({ ctx, th, fills, width }, row, y) {
    if (row.kind === 'vertex') drawLevels(ctx, th, fills, row.lane.levels, y + 2, ROW_H - 5, width);
  },
  group({ ctx, th, fills, width }, row, y) {
    // Collapsed: the worst level of the group's lanes, thinner, as Perfetto summarises a closed group.
    if (row.kind !== 'group' || !row.collapsed || row.lanes.length === 0) return;
    drawLevels(ctx, th, fills, worstLevels(row.lanes), y + 5, ROW_H - 11, width);
  },
  episodes(env, row, y) {
    if (row.kind !== 'episodes') return;
    const { ctx, th, d } = env;
    for (const ep of d.episodes) {
      if (!inScope(row.scope, ep) || ep.end < d.from || ep.start > d.to) continue;
      const x0 = X(env, ep.start);
      const x1 = Math.max(X(env, ep.end), x0 + 3);
      if (ep.sustained) {
        // Solid, in its own colour: never mistaken for a HIGH level band (striped).
        ctx.fillStyle = th.sustained;
        ctx.fillRect(x0, y + 3, x1 - x0, ROW_H - 7);
      } else {
        // Transient: outlined, dashed and half height, so it reads as "passing" at a glance.
        ctx.strokeStyle = th.low;
        ctx.setLineDash([3, 2]);
        ctx.lineWidth = 1.5;
        ctx.strokeRect(x0 + 0.75, y + 5.75, x1 - x0 - 1.5, ROW_H - 11.5);
        ctx.setLineDash([]);
      }
      if (env.outlinedEpisodes.includes(ep.id)) {
        ctx.strokeStyle = th.fg;
        ctx.lineWidth = 2;
        ctx.strokeRect(x0 - 1, y + 1, x1 - x0 + 2, ROW_H - 3);
      }
    }
  },
  annotations(env, row, y) {
    if (row.kind !== 'annotations') return;
    const { ctx, th, d } = env;
    for (const a of d.annotations) {
      if ((d.annotationLevel.get(a.id) ?? 0) !== row.level || (a.end ?? a.start) < d.from || a.start > d.to) continue;
      const x0 = X(env, a.start);
      ctx.fillStyle = tagColour(a.tag);
      if (a.end === null) {
        ctx.fillRect(x0 - 1, y + 1, 2, ROW_H - 3);
        ctx.beginPath();
        ctx.moveTo(x0 - 5, y + 1);
        ctx.lineTo(x0 + 5, y + 1);
        ctx.lineTo(x0, y + 7);
        ctx.fill();
      } else {
        const x1 = Math.max(X(env, a.end), x0 + 3);
        ctx.globalAlpha = 0.45;
        ctx.fillRect(x0, y + 3, x1 - x0, ROW_H - 7);
        ctx.globalAlpha = 1;
        ctx.fillRect(x0, y + 2, 2, ROW_H - 5);
        ctx.fillRect(x1 - 2, y + 2, 2, ROW_H - 5);
      }
      if (a.id === env.selectedAnnotation) {
        const left = a.end === null ? x0 - 5 : x0;
        const right = a.end === null ? x0 + 5 : Math.max(X(env, a.end), x0 + 3);
        ctx.strokeStyle = th.fg;
        ctx.lineWidth = 2;
        ctx.strokeRect(left - 1, y + 1, right - left + 2, ROW_H - 3);
      }
    }
  },
  checkpoints(env, row, y) {
    if (row.kind !== 'checkpoints') return;
    const { ctx, th, d } = env;
    for (const c of d.checkpoints) {
      if (!inScope(row.scope, c)) continue;
      const x0 = X(env, c.triggerTs);
      const x1 = Math.max(X(env, c.endTs), x0 + 2);
      const failed = c.status === 'FAILED';
      ctx.fillStyle = failed ? th.failed : th.checkpoint;
      ctx.globalAlpha = c.status === 'IN_PROGRESS' ? 0.5 : 1;
      ctx.fillRect(x0, y + 4, x1 - x0, ROW_H - 9);
      ctx.globalAlpha = 1;
      if (failed) {
        ctx.strokeStyle = th.failed;
        ctx.lineWidth = 2;
        ctx.beginPath();
        ctx.moveTo(x0 - 4, y + 2);
        ctx.lineTo(x0 + 4, y + ROW_H - 4);
        ctx.moveTo(x0 + 4, y + 2);
        ctx.lineTo(x0 - 4, y + ROW_H - 4);
        ctx.stroke();
      }
    }
  },
  gc(env, row, y) {
    if (row.kind !== 'gc') return;
    const { ctx, th, d } = env;
    for (const g of d.gcWindows) {
      if (g.clusterId !== row.clusterId || g.taskManagerId !== row.taskManagerId) continue;
      const x0 = X(env, g.start);
      const x1 = Math.max(X(env, g.end), x0 + 2);
      // Only significant pauses reach the lanes (the service merges and filters them); the share
      // of the window spent in GC sets the opacity, so a long pause is dark and solid.
      ctx.globalAlpha = Math.min(1, 0.35 + (g.gcTimeMs / Math.max(1, g.end - g.start)) * 0.65);
      ctx.fillStyle = th.gc;
      ctx.fillRect(x0, y + 3, x1 - x0, ROW_H - 7);
      ctx.globalAlpha = 1;
    }
  },
  events(env, row, y) {
    if (row.kind !== 'events') return;
    const { ctx, th, d } = env;
    for (const e of d.events) {
      if (!inScope(row.scope, e)) continue;
      const x = X(env, e.ts);
      const bad = e.kind === 'exception' || e.kind === 'recorder-error' || e.kind === 'restart';
      ctx.fillStyle = bad ? th.failed : th.fg;
      ctx.beginPath();
      ctx.moveTo(x, y + 3);
      ctx.lineTo(x + 5, y + ROW_H / 2);
      ctx.lineTo(x, y + ROW_H - 4);
      ctx.lineTo(x - 5, y + ROW_H / 2);
      ctx.fill();
    }
  },
};

/** Paints every row (grid line, then its marks). */
export function paintRows(env: PaintEnv, rows: readonly Row[]): void {
  rows.forEach((row, i) => {
    const y = i * ROW_H;
    env.ctx.fillStyle = row.kind === 'group' ? env.th.border : env.th.grid;
    env.ctx.fillRect(0, y + ROW_H - 1, env.width, 1);
    PAINTERS[row.kind](env, row, y);
  });
}

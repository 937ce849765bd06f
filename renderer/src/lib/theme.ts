// Colours for canvas drawing, read from the CSS custom properties in app.css so dark/light
// (which follow the OS) and the colour-blind-safe level palette have one definition.

export interface Theme {
  ok: string;
  low: string;
  high: string;
  highStripe: string;
  gap: string;
  gapStripe: string;
  fg: string;
  muted: string;
  grid: string;
  cursor: string;
  bg: string;
  panel: string;
  checkpoint: string;
  failed: string;
  gc: string;
  accent: string;
  sustained: string;
  border: string;
}

const KEYS: (keyof Theme)[] = [
  'ok',
  'low',
  'high',
  'highStripe',
  'gap',
  'gapStripe',
  'fg',
  'muted',
  'grid',
  'cursor',
  'bg',
  'panel',
  'checkpoint',
  'failed',
  'gc',
  'accent',
  'sustained',
  'border',
];

export function readTheme(el: Element = document.documentElement): Theme {
  const cs = getComputedStyle(el);
  const t = {} as Theme;
  for (const k of KEYS)
    t[k] = cs.getPropertyValue(`--c-${k.replace(/[A-Z]/g, (m) => `-${m.toLowerCase()}`)}`).trim() || '#888';
  return t;
}

/** Diagonal stripes: HIGH is told apart by pattern as well as colour, gaps are hatched. */
export function stripes(ctx: CanvasRenderingContext2D, base: string, stripe: string, size = 6): CanvasPattern | string {
  const c = document.createElement('canvas');
  c.width = c.height = size;
  const g = c.getContext('2d');
  if (!g) return base;
  g.fillStyle = base;
  g.fillRect(0, 0, size, size);
  g.strokeStyle = stripe;
  g.lineWidth = 1.5;
  g.beginPath();
  g.moveTo(0, size);
  g.lineTo(size, 0);
  g.moveTo(-1, 1);
  g.lineTo(1, -1);
  g.moveTo(size - 1, size + 1);
  g.lineTo(size + 1, size - 1);
  g.stroke();
  return ctx.createPattern(c, 'repeat') ?? base;
}

/** Sets up a canvas for crisp drawing at the device pixel ratio; returns a context in CSS pixels. */
export function prepareCanvas(
  canvas: HTMLCanvasElement,
  width: number,
  height: number,
): CanvasRenderingContext2D | null {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(width * dpr));
  const h = Math.max(1, Math.round(height * dpr));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return ctx;
}

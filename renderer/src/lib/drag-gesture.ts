// One pointer gesture from press to release, as Perfetto's DragGestureHandler does it: a press
// that moves less than DRAG_THRESHOLD_PX before its release is a click, anything else a drag.
// Modifiers are the ones held at the press (a key released mid-drag does not change what the
// gesture means). `Gesture` is pure (tested alone); `trackGesture` binds it to DOM pointer
// events with pointer capture and at most one drag callback per animation frame.

/** Movement (CSS px) below which a press and release is still a click. */
export const DRAG_THRESHOLD_PX = 3;

export interface Modifiers {
  shift: boolean;
  /** Ctrl on Windows/Linux or ⌘ on macOS: the "command" modifier, whichever the user holds. */
  command: boolean;
  alt: boolean;
}

export interface GesturePoint {
  /** Position relative to the element the gesture started on (CSS px). */
  x: number;
  y: number;
}

export const NO_MODIFIERS: Modifiers = { shift: false, command: false, alt: false };

export function modifiersOf(e: { shiftKey: boolean; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): Modifiers {
  return { shift: e.shiftKey, command: e.ctrlKey || e.metaKey, alt: e.altKey };
}

/** The state of one gesture: where it started, whether it became a drag, and with which modifiers. */
export class Gesture {
  readonly start: GesturePoint;
  readonly mods: Modifiers;
  private dragged = false;

  constructor(
    start: GesturePoint,
    mods: Modifiers = NO_MODIFIERS,
    private readonly threshold = DRAG_THRESHOLD_PX,
  ) {
    this.start = start;
    this.mods = mods;
  }

  get dragging(): boolean {
    return this.dragged;
  }

  /** Feeds a move; returns 'start' on the move that turns the press into a drag, 'drag' after, null before. */
  move(p: GesturePoint): 'start' | 'drag' | null {
    if (this.dragged) return 'drag';
    if (Math.abs(p.x - this.start.x) < this.threshold && Math.abs(p.y - this.start.y) < this.threshold) return null;
    this.dragged = true;
    return 'start';
  }

  /** Ends the gesture at `p`: a click when it never moved past the threshold. */
  end(p: GesturePoint): 'click' | 'drag' {
    if (!this.dragged) this.move(p);
    return this.dragged ? 'drag' : 'click';
  }
}

export interface GestureHandlers {
  /** The press turned into a drag (called once, before the first onDrag). */
  onDragStart?(g: Gesture, p: GesturePoint): void;
  /** The pointer moved while dragging: at most once per animation frame, with the newest position. */
  onDrag?(g: Gesture, p: GesturePoint): void;
  onDragEnd?(g: Gesture, p: GesturePoint): void;
  onClick?(g: Gesture, p: GesturePoint): void;
}

/**
 * Follows the gesture `down` starts on `el` until the button is released (or the pointer is
 * lost). Positions are relative to `el`'s box at the press, clamped into it when `clamp` is set.
 */
export function trackGesture(
  el: HTMLElement,
  down: PointerEvent,
  h: GestureHandlers,
  opts: { clamp?: boolean } = {},
): Gesture {
  const rect = el.getBoundingClientRect();
  const at = (e: PointerEvent): GesturePoint => {
    let x = e.clientX - rect.left;
    let y = e.clientY - rect.top;
    if (opts.clamp) {
      x = Math.min(Math.max(x, 0), rect.width);
      y = Math.min(Math.max(y, 0), rect.height);
    }
    return { x, y };
  };
  const g = new Gesture(at(down), modifiersOf(down));
  el.setPointerCapture?.(down.pointerId);
  let next: GesturePoint | null = null;
  let raf = 0;
  const flush = (): void => {
    raf = 0;
    if (next && g.dragging) h.onDrag?.(g, next);
    next = null;
  };
  const move = (e: PointerEvent): void => {
    const p = at(e);
    const step = g.move(p);
    if (step === null) return;
    if (step === 'start') h.onDragStart?.(g, p);
    next = p;
    if (!raf) raf = requestAnimationFrame(flush);
  };
  const finish = (e: PointerEvent): void => {
    el.removeEventListener('pointermove', move);
    el.removeEventListener('pointerup', finish);
    el.removeEventListener('pointercancel', finish);
    cancelAnimationFrame(raf);
    raf = 0;
    const p = at(e);
    const wasDragging = g.dragging;
    if (g.end(p) === 'click') return h.onClick?.(g, p);
    if (!wasDragging) h.onDragStart?.(g, p);
    next = null;
    h.onDrag?.(g, p);
    h.onDragEnd?.(g, p);
  };
  el.addEventListener('pointermove', move);
  el.addEventListener('pointerup', finish);
  el.addEventListener('pointercancel', finish);
  return g;
}

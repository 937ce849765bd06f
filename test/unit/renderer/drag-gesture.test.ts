import { describe, expect, it } from 'vitest';
import { DRAG_THRESHOLD_PX, Gesture, modifiersOf } from '../../../renderer/src/lib/drag-gesture';

describe('drag gesture', () => {
  it('a press released where it started, or within the threshold, is a click', () => {
    expect(new Gesture({ x: 10, y: 10 }).end({ x: 10, y: 10 })).toBe('click');
    const g = new Gesture({ x: 10, y: 10 });
    expect(g.move({ x: 10 + DRAG_THRESHOLD_PX - 1, y: 11 })).toBeNull();
    expect(g.end({ x: 11, y: 10 })).toBe('click');
  });

  it('moving past the threshold starts a drag once, and it stays one even back at the start', () => {
    const g = new Gesture({ x: 10, y: 10 });
    expect(g.move({ x: 10 + DRAG_THRESHOLD_PX, y: 10 })).toBe('start');
    expect(g.move({ x: 40, y: 10 })).toBe('drag');
    expect(g.move({ x: 10, y: 10 })).toBe('drag');
    expect(g.end({ x: 10, y: 10 })).toBe('drag');
  });

  it('a release far away without a move event in between is still a drag', () => {
    expect(new Gesture({ x: 0, y: 0 }).end({ x: 50, y: 0 })).toBe('drag');
  });

  it('vertical movement counts too', () => {
    expect(new Gesture({ x: 0, y: 0 }).move({ x: 0, y: 5 })).toBe('start');
  });

  it('keeps the modifiers held at the press; Ctrl and ⌘ are one "command" modifier', () => {
    const g = new Gesture(
      { x: 0, y: 0 },
      modifiersOf({ shiftKey: false, ctrlKey: false, metaKey: true, altKey: false }),
    );
    expect(g.mods).toEqual({ shift: false, command: true, alt: false });
    expect(modifiersOf({ shiftKey: true, ctrlKey: true, metaKey: false, altKey: true })).toEqual({
      shift: true,
      command: true,
      alt: true,
    });
  });
});

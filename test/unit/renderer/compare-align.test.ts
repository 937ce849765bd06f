import { expect, it } from 'vitest';
import { alignedBounds, sameWin, shiftWin } from '../../../renderer/src/lib/compare-align';

it('spans the union of both sessions once B is shifted onto A', () => {
  // B recorded a day later and half as long: aligned by start (offset = A.start − B.start).
  const a = { from: 1000, to: 61_000 };
  const b = { from: 86_401_000, to: 86_431_000 };
  const u = alignedBounds(a, b, a.from - b.from);
  expect(u.a).toEqual({ from: 1000, to: 61_000 });
  expect(u.b).toEqual({ from: 86_401_000, to: 86_461_000 });
  // A later incident in B lines up by a negative shift: A's axis starts before A.
  const v = alignedBounds(a, { from: 0, to: 100_000 }, -20_000);
  expect(v.a).toEqual({ from: -20_000, to: 80_000 });
  expect(shiftWin(v.a, 20_000)).toEqual(v.b);
});

it('treats windows within half a millisecond as the same (no sync echo)', () => {
  expect(sameWin({ from: 1, to: 2 }, { from: 1.2, to: 2.3 })).toBe(true);
  expect(sameWin({ from: 1, to: 2 }, { from: 1, to: 3 })).toBe(false);
});

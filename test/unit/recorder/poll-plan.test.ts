import { describe, expect, it } from 'vitest';
import { planPoll, pollOrder, type PlanVertex } from '../../../electron/recorder/poll-plan';

const v = (id: string, over: Partial<PlanVertex> = {}): PlanVertex => ({
  id,
  backpressure: 0,
  busy: 0,
  downstreamOfBackpressure: false,
  lastPolled: 0,
  cost: 2,
  ...over,
});

describe('poll order', () => {
  it('backpressured, then busy, then downstream of backpressure, then the rest', () => {
    const order = pollOrder([
      v('rest'),
      v('down', { downstreamOfBackpressure: true }),
      v('busy', { busy: 0.9 }),
      v('bp', { backpressure: 0.6 }),
    ]);
    expect(order.map((x) => x.id)).toEqual(['bp', 'busy', 'down', 'rest']);
  });

  it('the rest least recently polled first (never polled before all)', () => {
    const order = pollOrder([v('a', { lastPolled: 7 }), v('b', { lastPolled: -1 }), v('c', { lastPolled: 3 })]);
    expect(order.map((x) => x.id)).toEqual(['b', 'c', 'a']);
  });
});

describe('a plan within the request budget', () => {
  it('asks about everything when the budget allows', () => {
    const all = Array.from({ length: 20 }, (_, i) => v(`v${i}`));
    expect(planPoll(all, Infinity).poll).toHaveLength(20);
    expect(planPoll(all, 40).skipped).toEqual([]);
  });

  it('keeps the hot ones and round-robins the rest, so every vertex is seen within a bounded number of ticks', () => {
    const vertices = Array.from({ length: 10_000 }, (_, i) =>
      v(`v${i}`, { lastPolled: -1, backpressure: i === 9_999 ? 0.9 : 0 }),
    );
    const seen = new Set<string>();
    for (let tick = 0; tick < 60; tick++) {
      const { poll, skipped } = planPoll(vertices, 400, 40);
      expect(poll.length).toBe(180);
      expect(poll.length + skipped.length).toBe(10_000);
      expect(poll[0]!.id).toBe('v9999');
      for (const p of poll) {
        p.lastPolled = tick;
        seen.add(p.id);
      }
    }
    // 180 per tick: all 10 000 within ⌈9 999 / 179⌉ = 56 ticks.
    expect(seen.size).toBe(10_000);
  });

  it('never plans more requests than the budget minus the detail reserve', () => {
    const vertices = Array.from({ length: 50 }, (_, i) => v(`v${i}`, { cost: 1 + (i % 3) }));
    const { poll } = planPoll(vertices, 33, 10);
    expect(poll.reduce((n, x) => n + x.cost, 0)).toBeLessThanOrEqual(23);
  });
});

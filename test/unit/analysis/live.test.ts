import { describe, expect, it } from 'vitest';
import { analyzeSession } from '../../../shared/analysis/analyze';
import { LiveEpisodeTracker } from '../../../shared/analysis/live';
import { chain, pattern, session, STEP, T0, tick, vertex } from './fixtures';

describe('LiveEpisodeTracker', () => {
  it('raises started, turned-sustained and ended at the same times the batch analysis finds', () => {
    const frames = chain('v', { bp: pattern('..HHHHHHHH....') });
    const live = new LiveEpisodeTracker({ intervalMs: STEP, flinkVersion: '1.20.1' });
    const events = frames.flatMap((f) => live.push(tick(f.ts), [f]).map((e) => [e.kind, e.start - T0, e.end - T0]));
    expect(events).toEqual([
      ['episode-started', 2 * STEP, 3 * STEP],
      ['episode-sustained', 2 * STEP, 8 * STEP],
      ['episode-ended', 2 * STEP, 10 * STEP],
    ]);
    const batch = analyzeSession(session({ vertices: [vertex('v', 1)], frames })).episodes[0]!;
    expect([batch.start - T0, batch.end - T0, batch.class]).toEqual([2 * STEP, 10 * STEP, 'sustained']);
  });

  it('ignores frames of ticks that were not fresh', () => {
    const frames = chain('v', { bp: pattern('.H') });
    const live = new LiveEpisodeTracker({ intervalMs: STEP });
    expect(live.push(tick(frames[0]!.ts), [frames[0]!])).toEqual([]);
    expect(live.push(tick(frames[2]!.ts, { fresh: false }), [frames[2]!])).toEqual([]);
  });
});

// Ground truth of the event-driven scenarios: checkpoint alignment, GC pauses, restart,
// rescale and the ten-minute incident story.

import { describe, expect, it } from 'vitest';
import { START } from './observe';
import { checkGroundTruth } from './truth-check';

describe('ground truth holds against the model (events)', () => {
  it('checkpoint-spikes: one recurring transient episode per checkpoint and vertex', () => {
    const o = checkGroundTruth('checkpoint-spikes');
    const eps = o.model.groundTruth.episodes;
    expect(eps.length).toBeGreaterThanOrEqual(20);
    expect(eps.every((e) => e.class === 'transient' && e.recurring && e.cause === 'checkpoint-alignment')).toBe(true);
  });

  it('gc-pauses: GC windows match the TaskManagers’ old-generation collector time', () => {
    const o = checkGroundTruth('gc-pauses');
    const gc = o.model.groundTruth.windows.filter((w) => w.kind === 'gc');
    expect(gc).toHaveLength(2);
    for (const w of gc) {
      const tm = o.model.taskManagers.find((t) => t.id === w.taskManagerId)!;
      const old = tm.garbageCollectors.find((g) => g.name === 'G1 Old Generation')!;
      expect(old.timeMs).toBe(w.endOffsetMs - w.startOffsetMs);
      expect(old.count).toBe(1);
    }
  });

  it('restart: restart window matches the job state timestamps', () => {
    const o = checkGroundTruth('restart');
    const w = o.model.groundTruth.windows.find((x) => x.kind === 'restart')!;
    const job = o.model.jobs[0]!;
    expect(job.stateTimestamps.RESTARTING! - START).toBe(w.startOffsetMs);
    expect(job.numRestarts).toBe(1);
    expect(
      o.model.groundTruth.episodes.every((e) => e.cause === 'restart-catch-up' && e.startOffsetMs >= w.endOffsetMs),
    ).toBe(true);
  });

  it('rescale', () => {
    const o = checkGroundTruth('rescale');
    const w = o.model.groundTruth.windows.find((x) => x.kind === 'rescale')!;
    expect(o.model.jobs[0]!.stateTimestamps.RESTARTING! - START).toBe(w.startOffsetMs);
  });

  it('incident: transients, a GC pause and a sustained skew, in that order', () => {
    const o = checkGroundTruth('incident');
    const causes = o.model.groundTruth.episodes.map((e) => e.cause);
    expect(causes.indexOf('checkpoint-alignment')).toBeLessThan(causes.indexOf('gc'));
    expect(causes.indexOf('gc')).toBeLessThan(causes.indexOf('data-skew'));
    expect(o.model.groundTruth.durationMs).toBe(600_000);
  });
});

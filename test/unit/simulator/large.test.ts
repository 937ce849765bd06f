// The benchmark-scale scenario: its shape, and its ground truth at full scale.

import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../../electron/simulator/model/index';
import { START } from './observe';

describe('large', () => {
  it('is 20 vertices × 256 on 32 TaskManagers and its GC episode holds', () => {
    const m = createSimulation({ scenario: 'large', seed: 1, startTime: START });
    const job = m.jobs[0]!;
    expect(job.vertices).toHaveLength(20);
    expect(job.vertices.every((v) => v.parallelism === 256 && v.subtasks.length === 256)).toBe(true);
    expect(m.taskManagers).toHaveLength(32);
    const [ep] = m.groundTruth.episodes;
    expect(m.groundTruth.episodes).toHaveLength(1);
    const gc = m.groundTruth.windows.find((w) => w.kind === 'gc')!;
    m.advance(gc.startOffsetMs - 10_000);
    const v = job.vertices.find((x) => x.id === ep!.vertexId)!;
    const quiet = v.subtasks.map((s) => s.accBackPressuredMs);
    m.advance(10_000);
    // No backpressure before the pause.
    expect(Math.max(...v.subtasks.map((s, i) => s.accBackPressuredMs - quiet[i]!))).toBe(0);
    m.advance(ep!.startOffsetMs - gc.startOffsetMs);
    const start = v.subtasks.map((s) => s.accBackPressuredMs);
    m.advance(ep!.endOffsetMs - ep!.startOffsetMs);
    // During the episode every live sender is mostly blocked on the frozen receivers.
    const live = v.subtasks.filter((s) => s.taskManagerId !== gc.taskManagerId);
    expect(live).toHaveLength(256 - 8);
    const bpDuring = Math.min(...live.map((s) => s.accBackPressuredMs - start[s.index]!));
    expect(bpDuring / (ep!.endOffsetMs - ep!.startOffsetMs)).toBeGreaterThan(0.8);
    const tm = m.taskManagers.find((t) => t.id === gc.taskManagerId)!;
    expect(tm.garbageCollectors.find((g) => g.name === 'G1 Old Generation')!.timeMs).toBe(15_000);
  }, 60_000);
});

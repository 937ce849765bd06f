// The scenario catalogue, determinism and argument errors.

import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../../electron/simulator/model/index';
import { SCENARIO_NAMES, describeScenario } from '../../../electron/simulator/scenarios/index';
import { START } from './observe';

const EXPECTED = [
  'healthy',
  'sustained-bottleneck',
  'data-skew',
  'checkpoint-spikes',
  'gc-pauses',
  'network-bottleneck',
  'slow-sink',
  'restart',
  'rescale',
  'incident',
  'large',
];

const snapshot = (scenario: string, seed: number, ms: number): string => {
  const m = createSimulation({ scenario, seed, startTime: START });
  m.advance(ms);
  return JSON.stringify({ now: m.now, jobs: m.jobs, tms: m.taskManagers });
};

describe('scenario catalogue', () => {
  it('lists every scenario with a description', () => {
    expect([...SCENARIO_NAMES].sort()).toEqual([...EXPECTED].sort());
    for (const name of SCENARIO_NAMES) expect(describeScenario(name).length).toBeGreaterThan(40);
  });

  it('rejects an unknown scenario naming the valid ones', () => {
    expect(() => createSimulation({ scenario: 'nope', startTime: START })).toThrow(/unknown scenario "nope"/);
    try {
      createSimulation({ scenario: 'nope', startTime: START });
    } catch (e) {
      for (const name of EXPECTED) expect((e as Error).message).toContain(name);
    }
    expect(() => describeScenario('nope')).toThrow(/valid scenarios: healthy/);
  });

  it('rejects bad seeds, start times and durations', () => {
    expect(() => createSimulation({ scenario: 'healthy', seed: 1.5, startTime: START })).toThrow(/seed/);
    expect(() => createSimulation({ scenario: 'healthy', startTime: Number.NaN as typeof START })).toThrow(/startTime/);
    const m = createSimulation({ scenario: 'healthy', startTime: START });
    expect(() => m.advance(-1)).toThrow(/non-negative/);
  });

  it('gives 32-hex ids that depend on the scenario, not the seed; names exercise sanitising', () => {
    const names: string[] = [];
    for (const scenario of EXPECTED.filter((s) => s !== 'large')) {
      const a = createSimulation({ scenario, seed: 1, startTime: START });
      const b = createSimulation({ scenario, seed: 2, startTime: START });
      const job = a.jobs[0]!;
      expect(job.jobId).toMatch(/^[0-9a-f]{32}$/);
      expect(b.jobs[0]!.jobId).toBe(job.jobId);
      for (const v of job.vertices) {
        expect(v.id).toMatch(/^[0-9a-f]{32}$/);
        expect(v.name).toBe(v.operators.join(' -> '));
        names.push(v.name);
      }
      expect(new Set(job.vertices.map((v) => v.id)).size).toBe(job.vertices.length);
      expect(a.groundTruth.scenario).toBe(scenario);
      for (const e of a.groundTruth.episodes) expect(job.vertices.map((v) => v.id)).toContain(e.vertexId);
    }
    expect(names.some((n) => n.includes(':') && n.includes('.'))).toBe(true);
    expect(names.some((n) => n.length > 80)).toBe(true);
    expect(new Set(EXPECTED.map((s) => createSimulation({ scenario: s, startTime: START }).jobs[0]!.jobId)).size).toBe(
      EXPECTED.length,
    );
  });
});

describe('determinism', () => {
  it('replays identically for a seed and differs for another seed', () => {
    expect(snapshot('incident', 7, 95_000)).toBe(snapshot('incident', 7, 95_000));
    expect(snapshot('incident', 8, 95_000)).not.toBe(snapshot('incident', 7, 95_000));
  });

  it('does not depend on how advance is chunked', () => {
    const a = createSimulation({ scenario: 'gc-pauses', seed: 1, startTime: START });
    const b = createSimulation({ scenario: 'gc-pauses', seed: 1, startTime: START });
    a.advance(100_000);
    for (let i = 0; i < 100; i++) b.advance(999.9999);
    b.advance(0.01);
    expect(b.now).toBe(a.now);
    expect(JSON.stringify(b.jobs)).toBe(JSON.stringify(a.jobs));
  });
});

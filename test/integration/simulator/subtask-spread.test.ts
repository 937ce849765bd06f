// Subtasks of one vertex are not clones (issue 10 §2). Real 1.20.5/2.3.0 sessions of the incident
// jobs (parallelism 2) had 43–65 % of (vertex, tick, metric) columns identical across subtasks —
// mostly structural zeros: no backpressure, empty buffers — and busy/idle time differing by a few
// % between subtasks every tick. The simulator's per-subtask speed and cost jitter give the same.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SessionReader } from '../../../electron/session/index';
import { measureSpread, recordSimulated } from './subtask-spread';

const dir = mkdtempSync(path.join(tmpdir(), 'backflow-spread-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function spreadOf(name: string) {
  const file = path.join(dir, `${name}.backflow`);
  await recordSimulated(file, { scenario: 'incident', minutes: 10 });
  const r = SessionReader.open(file);
  try {
    return measureSpread(r);
  } finally {
    r.close();
  }
}

describe('per-subtask spread of the simulator', () => {
  it('differs between subtasks like real ones, and replays identically', async () => {
    const a = await spreadOf('a');
    expect(a.columns).toBeGreaterThan(1000);
    // Before: 70 % of the incident's columns (91 % in a 25-minute `large` recording) were identical.
    expect(a.identicalColumns).toBeLessThan(0.65);
    for (const m of [
      'busyTimeMsPerSecond',
      'idleTimeMsPerSecond',
      'accumulateBusyTimeMs',
      'accumulateIdleTimeMs',
    ] as const) {
      expect(a.perMetric[m]!.identical, m).toBeLessThan(0.2);
      // A few % between subtasks (real: busy 0.5–25 %, idle 0.2–4 %), not tens of %.
      expect(a.perMetric[m]!.medianRelSpread, m).toBeGreaterThan(0.005);
      expect(a.perMetric[m]!.medianRelSpread, m).toBeLessThan(0.3);
    }
    const b = await spreadOf('b');
    expect(b).toEqual(a);
  }, 120_000);
});

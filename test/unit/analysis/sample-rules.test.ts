// Session files store each frame's sample (reduceSample) and the SAMPLE_RULES_VERSION it was
// computed under; the analysis uses a stored sample only under the same version. This pins what
// the rules compute on a fixed set of frames: if it changes, samples in existing files are stale —
// bump SAMPLE_RULES_VERSION (they are then decoded and reduced again) and update the fingerprint.
import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { allocSubtaskBuffers } from '../../../shared/analysis/ratios';
import { reduceSample, SAMPLE_RULES_VERSION } from '../../../shared/analysis/series';
import type { VertexFrame } from '../../../shared/model';
import { epochMs } from '../../../shared/time';

const P = 8;
const wave = (seed: number, i: number): number => (Math.sin(seed * 12.9898 + i * 78.233) + 1) / 2;

/** Frames with every ratio source: counters, summed counters, gauges, endpoint, isBackPressured, out pool. */
function frameAt(t: number, kind: number): VertexFrame {
  const f: VertexFrame = {
    clusterId: 1,
    jobId: 'j',
    vertexId: `v${kind}`,
    ts: epochMs(10_000 * t),
    parallelism: P,
    subtasks: {},
  };
  const s = f.subtasks;
  const per = (fn: (i: number) => number): Float64Array => Float64Array.from({ length: P }, (_, i) => fn(i));
  // Counters restart at t = 6 (a new attempt): a drop far beyond any catch-up.
  const acc = (seed: number, i: number): number => (t >= 6 ? 0 : 1e7) + Math.round(10_000 * t * wave(seed, i));
  if (kind === 0) {
    s.accumulateBackPressuredTimeMs = per((i) => acc(1, i));
    s.accumulateBusyTimeMs = per((i) => acc(2, i));
    s.accumulateIdleTimeMs = per((i) => acc(3, i));
  }
  if (kind <= 1) {
    s.backPressuredTimeMsPerSecond = per((i) => Math.round(1000 * wave(t + 4, i)));
    s.busyTimeMsPerSecond = per((i) => (i === 5 ? NaN : Math.round(1000 * wave(t + 5, i))));
    s.idleTimeMsPerSecond = per((i) => Math.round(1000 * wave(t + 6, i)));
  }
  if (kind === 1) {
    f.totals = {
      accumulateBackPressuredTimeMs: { sum: 1e6 + 40_000 * t, subtasks: P },
      accumulateBusyTimeMs: { sum: 1e6 + 30_000 * t, subtasks: P },
      accumulateIdleTimeMs: { sum: 1e6 + 10_000 * t, subtasks: P },
    };
  }
  if (kind === 2) s.backPressureRatio = per((i) => wave(t + 7, i));
  if (kind === 3) s.isBackPressured = per((i) => (wave(t + 8, i) > 0.5 ? 1 : 0));
  if (kind === 4) s.outPoolUsage = per((i) => wave(t + 9, i));
  return f;
}

it(`the sample rules compute what version ${SAMPLE_RULES_VERSION} computed`, () => {
  const buf = allocSubtaskBuffers(P);
  const out: unknown[] = [];
  for (let kind = 0; kind < 5; kind++) {
    let prev: VertexFrame | null = null;
    for (let t = 0; t < 10; t++) {
      const f = frameAt(t, kind);
      out.push(reduceSample(t % 4 === 3 ? null : prev, f, 10_000 + 37 * t, buf));
      prev = f;
    }
  }
  const fingerprint = createHash('sha256').update(JSON.stringify(out)).digest('hex');
  expect(SAMPLE_RULES_VERSION).toBe(1);
  expect(fingerprint).toBe('a9641e2254e2b3f314cfb07dfad35dd2e75261cf8a1eb2863b1999e7fd227bd3');
});

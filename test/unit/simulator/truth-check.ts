// Test helper: checks a scenario's ground truth against what its own model produced.

import { expect } from 'vitest';
import type { GroundTruth, SimModel } from '../../../electron/simulator/types';
import { type Observation, START, mean, observe } from './observe';

const LOW = 0.1;

/** Margin (s) at episode edges: queues fill and drain gradually. */
const margin = (lengthS: number): number => (lengthS >= 60 ? Math.max(3, lengthS * 0.1) : 1);

export function checkGroundTruth(scenario: string): Observation {
  const probe = observe(scenario, 0);
  const truth = probe.model.groundTruth;
  const o = observe(scenario, Math.ceil(truth.durationMs / 1000));
  checkEpisodes(o, truth);
  checkQuietElsewhere(o, truth);
  checkCheckpointWindows(o.model, truth);
  return o;
}

function checkEpisodes(o: Observation, truth: GroundTruth): void {
  for (const e of truth.episodes) {
    const where = `${truth.scenario}: ${e.cause} episode of "${e.vertexName}" ${e.startOffsetMs}-${e.endOffsetMs} ms`;
    const row = o.bp.get(e.vertexId);
    expect(row, where).toBeDefined();
    const s = e.startOffsetMs / 1000;
    const t = e.endOffsetMs / 1000;
    const m = margin(t - s);
    let backpressured = 0;
    let n = 0;
    for (let i = Math.ceil(s + m); i < Math.floor(t - m); i++) {
      n++;
      if (row![i]! > LOW) backpressured++;
    }
    expect(n, where).toBeGreaterThan(0);
    expect(backpressured / n, `${where}: share of seconds at LOW or HIGH`).toBeGreaterThanOrEqual(0.8);
    if (e.class === 'sustained') expect(e.endOffsetMs - e.startOffsetMs).toBeGreaterThanOrEqual(60_000);
    else expect(e.endOffsetMs - e.startOffsetMs).toBeLessThan(60_000);
    // The named bottleneck subtasks are the ones doing the work (or frozen, or holding input).
    if (
      e.bottleneckVertexId !== null &&
      (e.cause === 'overloaded-operator' ||
        e.cause === 'data-skew' ||
        e.cause === 'slow-sink' ||
        e.cause === 'restart-catch-up')
    ) {
      const busy = o.busy.get(e.bottleneckVertexId)!;
      for (const k of e.bottleneckSubtasks) {
        expect(mean(busy[k]!, s + m, t - m), `${where}: bottleneck subtask ${k} busy`).toBeGreaterThan(0.9);
      }
      const others = busy.map((_, k) => k).filter((k) => !e.bottleneckSubtasks.includes(k));
      for (const k of others) {
        // Subtasks that only exist after a rescale have no samples in the episode.
        const b = mean(busy[k]!, s + m, t - m);
        if (!Number.isNaN(b)) expect(b, `${where}: non-bottleneck subtask ${k}`).toBeLessThan(0.5);
      }
    }
  }
}

/** Vertices are OK (5 s windows ≤ 0.1) wherever the truth lists no episode for them. */
function checkQuietElsewhere(o: Observation, truth: GroundTruth): void {
  for (const [vertexId, row] of o.bp) {
    const eps = truth.episodes.filter((e) => e.vertexId === vertexId);
    for (let w = 0; w + 5 <= o.seconds; w += 5) {
      const inside = eps.some((e) => {
        const pad = e.class === 'sustained' ? 8 : 3;
        return w + 5 > e.startOffsetMs / 1000 - pad && w < e.endOffsetMs / 1000 + pad;
      });
      if (inside) continue;
      const ratio = mean(row, w, w + 5);
      if (Number.isNaN(ratio)) continue;
      expect(ratio, `${truth.scenario}: vertex ${vertexId} at ${w}-${w + 5} s has no episode`).toBeLessThanOrEqual(LOW);
    }
  }
}

/**
 * Checkpoint windows match the model's checkpoints: triggers exactly; ends within 0.1 s, or
 * within 6 s while some vertex is backpressured (barriers queue behind full buffers).
 */
function checkCheckpointWindows(model: SimModel, truth: GroundTruth): void {
  const windows = truth.windows.filter((w) => w.kind === 'checkpoint');
  const cps = model.jobs[0]!.checkpoints;
  expect(windows.length).toBeGreaterThan(0);
  windows.forEach((w, k) => {
    const cp = cps[k]!;
    expect(cp, `${truth.scenario}: checkpoint #${k + 1}`).toBeDefined();
    expect(cp.triggerTs - START).toBe(w.startOffsetMs);
    const end = (cp.failureTs ?? cp.triggerTs + cp.endToEndMs) - START;
    const underPressure = truth.episodes.some(
      (e) => e.class === 'sustained' && w.startOffsetMs >= e.startOffsetMs - 10_000 && w.startOffsetMs <= e.endOffsetMs,
    );
    const tolerance = underPressure ? 6_000 : 100;
    expect(Math.abs(end - w.endOffsetMs), `${truth.scenario}: end of checkpoint ${cp.id}`).toBeLessThanOrEqual(
      tolerance,
    );
  });
}

// Test helper: runs a model and records, per vertex and per second, the backpressured ratio of
// its most backpressured subtask, from the monotonic accumulateBackPressuredTimeMs counters (as
// an exact-window analysis would), plus the counters' busy ratio per subtask.

import { epochMs } from '../../../shared/time';
import { createSimulation } from '../../../electron/simulator/model/index';
import type { SimModel } from '../../../electron/simulator/types';

export const START = epochMs(1_767_225_600_000);

export interface Observation {
  model: SimModel;
  /** vertexId → per-second max-over-subtasks backpressured ratio (NaN while not running). */
  bp: Map<string, Float64Array>;
  /** vertexId → per-second busy ratio per subtask index (NaN while not running). */
  busy: Map<string, Float64Array[]>;
  seconds: number;
}

export function observe(scenario: string, seconds: number, seed = 1): Observation {
  const model = createSimulation({ scenario, seed, startTime: START });
  const bp = new Map<string, Float64Array>();
  const busy = new Map<string, Float64Array[]>();
  const prev = new Map<string, { attempt: number; bp: number; busy: number }>();
  for (let s = 0; s < seconds; s++) {
    model.advance(1000);
    for (const job of model.jobs) {
      for (const v of job.vertices) {
        let row = bp.get(v.id);
        if (!row) bp.set(v.id, (row = new Float64Array(seconds).fill(Number.NaN)));
        let b = busy.get(v.id);
        if (!b) busy.set(v.id, (b = []));
        let max = Number.NaN;
        for (const st of v.subtasks) {
          const key = `${v.id}/${st.index}`;
          const p = prev.get(key);
          const cur = { attempt: st.attempt, bp: st.accBackPressuredMs, busy: st.accBusyMs };
          prev.set(key, cur);
          b[st.index] ??= new Float64Array(seconds).fill(Number.NaN);
          if (!p || p.attempt !== cur.attempt || st.status !== 'RUNNING') continue;
          const r = (cur.bp - p.bp) / 1000;
          max = Number.isNaN(max) ? r : Math.max(max, r);
          b[st.index]![s] = (cur.busy - p.busy) / 1000;
        }
        row[s] = max;
      }
    }
  }
  return { model, bp, busy, seconds };
}

/** Mean of a series over [fromS, toS) ignoring NaN. */
export function mean(series: Float64Array, fromS: number, toS: number): number {
  let sum = 0;
  let n = 0;
  for (let i = Math.max(0, Math.floor(fromS)); i < Math.min(series.length, Math.ceil(toS)); i++) {
    if (Number.isNaN(series[i]!)) continue;
    sum += series[i]!;
    n++;
  }
  return n === 0 ? Number.NaN : sum / n;
}

// Small helpers for model tests: a model at an offset, and lookups by vertex key.

import { createSimulation } from '../../../electron/simulator/model/index';
import type { SimModel, SimSubtask, SimVertex } from '../../../electron/simulator/types';
import { START } from './observe';

export function at(scenario: string, offsetMs: number, seed = 1): SimModel {
  const m = createSimulation({ scenario, seed, startTime: START });
  m.advance(offsetMs);
  return m;
}

/** The vertex whose name starts with `prefix` (in the first job). */
export function vertex(m: SimModel, prefix: string): SimVertex {
  const v = m.jobs[0]!.vertices.find((x) => x.name.startsWith(prefix));
  if (!v) throw new Error(`no vertex starting with ${prefix}`);
  return v;
}

export const SRC = 'Source: Kafka Orders';
export const ENRICH = 'KeyedProcess: Enrich';
export const WINDOW = 'Window(';
export const SINK = 'Sink: Elasticsearch7';

export const sharesSum = (st: SimSubtask, w: 'shares5s' | 'shares60s'): number =>
  st[w].busy + st[w].idle + st[w].backPressured;

/** Copies of the cumulative counters, to difference over a window. */
export function counters(v: SimVertex): { bp: number; busy: number; idle: number; in: number; out: number }[] {
  return v.subtasks.map((s) => ({
    bp: s.accBackPressuredMs,
    busy: s.accBusyMs,
    idle: s.accIdleMs,
    in: s.numRecordsIn,
    out: s.numRecordsOut,
  }));
}

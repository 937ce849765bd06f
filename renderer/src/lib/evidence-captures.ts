// The evidence of a session as the panels list it: the entries of one capture (the flame graphs
// and thread dumps of one vertex taken within a few ticks of each other) together, in time order,
// and how each is described in a row.

import type { EvidenceEntry, FlameGraphType } from '../../../shared/evidence';

/** Entries of one vertex this close in time belong to one capture (a capture spans a few polls). */
export const CAPTURE_SPAN_MS = 180_000;

export interface Capture {
  key: string;
  clusterId: number;
  jobId: string | null;
  vertexId: string | null;
  /** The first entry's instant. */
  ts: number;
  entries: EvidenceEntry[];
}

export function groupCaptures(entries: readonly EvidenceEntry[], spanMs = CAPTURE_SPAN_MS): Capture[] {
  const sorted = [...entries].sort((a, b) => a.ts - b.ts || a.id - b.id);
  const open = new Map<string, Capture>();
  const out: Capture[] = [];
  for (const e of sorted) {
    const vk = `${e.clusterId}/${e.jobId ?? ''}/${e.vertexId ?? ''}`;
    const last = open.get(vk);
    const lastTs = last ? last.entries[last.entries.length - 1]!.ts : -Infinity;
    if (last && e.ts - lastTs <= spanMs) last.entries.push(e);
    else {
      const c: Capture = {
        key: `${vk}@${e.ts}`,
        clusterId: e.clusterId,
        jobId: e.jobId,
        vertexId: e.vertexId,
        ts: e.ts,
        entries: [e],
      };
      open.set(vk, c);
      out.push(c);
    }
  }
  return out;
}

const TYPE_ORDER: FlameGraphType[] = ['ON_CPU', 'OFF_CPU', 'FULL'];

/** The flame graphs of a capture with their data, on-CPU first, then off-CPU, then full. */
export function flameGraphsOf(c: Capture): EvidenceEntry[] {
  return c.entries
    .filter((e) => e.kind === 'flamegraph' && e.status === 'captured' && e.type !== null)
    .sort((a, b) => TYPE_ORDER.indexOf(a.type!) - TYPE_ORDER.indexOf(b.type!) || a.id - b.id);
}

/** A capture's entries as listed: flame graphs (on-CPU, off-CPU, full), then thread dumps. */
export function listedOrder(c: Capture): EvidenceEntry[] {
  const rank = (e: EvidenceEntry) => (e.kind === 'flamegraph' ? (e.type ? TYPE_ORDER.indexOf(e.type) : -1) : 10);
  return [...c.entries].sort((a, b) => rank(a) - rank(b) || a.id - b.id);
}

export function threadDumpsOf(c: Capture): EvidenceEntry[] {
  return c.entries.filter((e) => e.kind === 'thread-dump' && e.status === 'captured');
}

export const TYPE_LABEL: Record<FlameGraphType, string> = { ON_CPU: 'on-CPU', OFF_CPU: 'off-CPU', FULL: 'full' };

export function subtasksText(subtasks: number[] | null): string {
  if (subtasks === null) return 'all subtasks';
  if (subtasks.length === 1) return `subtask ${subtasks[0]}`;
  return `subtasks ${subtasks.join(', ')}`;
}

export function kindText(e: EvidenceEntry): string {
  if (e.kind === 'thread-dump') return 'thread dump';
  return e.type ? `${TYPE_LABEL[e.type]} flame graph` : 'flame graph';
}

export const STATUS_LABEL: Record<EvidenceEntry['status'], string> = {
  captured: 'captured',
  'not-available': 'not available',
  failed: 'failed',
  incomplete: 'incomplete',
};

/** The capture nearest `at` among `captures` (null when there is none). */
export function captureNear(captures: readonly Capture[], at: number): Capture | null {
  let best: Capture | null = null;
  for (const c of captures) if (!best || Math.abs(c.ts - at) < Math.abs(best.ts - at)) best = c;
  return best;
}

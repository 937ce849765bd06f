// Which captured evidence belongs to which episode: the recorder captures the bottleneck of an
// episode when it turns sustained, so an episode's evidence is what was captured of its own
// vertex or of its bottleneck while it lasted (and a little after: a capture spans a few ticks).

import type { EvidenceEntry, EvidenceKind, FlameGraphType } from '../evidence';
import type { AnalysisDocument, EpisodeDoc } from './document';

/** Captures finish a few ticks after the episode turned sustained; it may have ended meanwhile. */
export const EVIDENCE_AFTER_END_MS = 2 * 60_000;

export interface EpisodeEvidenceDoc {
  kind: EvidenceKind;
  ts: number;
  vertexName: string | null;
  /** Subtask indexes sampled; null = the whole vertex. */
  subtasks: number[] | null;
  /** The flame graph's type; null for thread dumps. */
  type: FlameGraphType | null;
  /** The TaskManager of a thread dump (null for flame graphs). */
  taskManagerId: string | null;
}

/** Sets `evidence` on every episode of `doc` (empty when nothing was captured for it). */
export function attachEvidence(
  doc: AnalysisDocument,
  entries: readonly EvidenceEntry[],
  vertexName: (clusterId: number, jobId: string, vertexId: string) => string | null,
): void {
  const captured = entries.filter((e) => e.status === 'captured' && e.jobId !== null && e.vertexId !== null);
  for (const ep of doc.episodes) {
    const own = (e: EvidenceEntry) => e.vertexId === ep.vertexId || e.vertexId === ep.bottleneck?.vertexId;
    ep.evidence = captured
      .filter((e) => belongs(e, ep) && own(e))
      .map((e) => ({
        kind: e.kind,
        ts: e.ts,
        vertexName: vertexName(e.clusterId, e.jobId!, e.vertexId!),
        subtasks: e.subtasks,
        type: e.type,
        taskManagerId: e.taskManagerId,
      }));
  }
}

function belongs(e: EvidenceEntry, ep: EpisodeDoc): boolean {
  return (
    e.clusterId === ep.clusterId && e.jobId === ep.jobId && e.ts >= ep.start && e.ts <= ep.end + EVIDENCE_AFTER_END_MS
  );
}

// The captured evidence as the analysis reads it: every stored flame graph and thread dump from
// `range` (and the two minutes after it, when a capture may still finish) with its content.
import { EVIDENCE_AFTER_END_MS } from '../../shared/analysis/evidence';
import type { CapturedEvidence } from '../../shared/analysis/evidence-hints';
import type { FlameGraph, ThreadDump } from '../../shared/evidence';
import type { SessionReader } from './reader';

export function readCapturedEvidence(
  reader: SessionReader,
  range: { from: number; to: number } | null,
): CapturedEvidence[] {
  if (!range) return [];
  return reader
    .evidence()
    .filter((e) => e.ts >= range.from && e.ts <= range.to + EVIDENCE_AFTER_END_MS)
    .map((entry) => ({
      entry,
      data: entry.status === 'captured' ? (reader.evidenceData(entry.id) as FlameGraph | ThreadDump | null) : null,
    }));
}

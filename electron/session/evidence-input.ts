// The captured evidence as the analysis reads it: every stored flame graph and thread dump from
// `range` (and the two minutes after it, when a capture may still finish) with its content.
import { EVIDENCE_AFTER_END_MS } from '../../shared/analysis/evidence';
import type { CapturedEvidence } from '../../shared/analysis/evidence-hints';
import type { EvidenceEntry, FlameGraph, ThreadDump } from '../../shared/evidence';
import type { SessionReader } from './reader';

/**
 * `kept`: what the last read of the same file returned, by id, updated by this one. An entry
 * listed again as it was keeps its content: a growing session's analysis reads the evidence on
 * every run, and a flame graph's content is up to megabytes of JSON to inflate and parse.
 */
export function readCapturedEvidence(
  reader: SessionReader,
  range: { from: number; to: number } | null,
  kept?: Map<number, CapturedEvidence>,
): CapturedEvidence[] {
  if (!range) return [];
  const out = reader
    .evidence()
    .filter((e) => e.ts >= range.from && e.ts <= range.to + EVIDENCE_AFTER_END_MS)
    .map((entry) => {
      const before = kept?.get(entry.id);
      if (before && sameEntry(before.entry, entry)) return before;
      return {
        entry,
        data: entry.status === 'captured' ? (reader.evidenceData(entry.id) as FlameGraph | ThreadDump | null) : null,
      };
    });
  if (kept) {
    kept.clear();
    for (const e of out) kept.set(e.entry.id, e);
  }
  return out;
}

const sameEntry = (a: EvidenceEntry, b: EvidenceEntry): boolean => JSON.stringify(a) === JSON.stringify(b);

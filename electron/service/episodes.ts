// The analysis document's episodes and incidents as the UI lists them (narrow projections of
// EpisodeDoc and IncidentDoc).

import type { EpisodeSummary, IncidentSummary } from '../../shared/api';
import { bottleneckBasis, causeWords, incidentHeadline, type AnalysisDocument, type EpisodeDoc, type IncidentDoc } from '../../shared/analysis';
import type { AnalysedLane } from './analysis-runner';

export function episodeId(e: Pick<EpisodeDoc, 'clusterId' | 'jobId' | 'vertexId' | 'start'>): string {
  return `${e.clusterId}/${e.jobId}/${e.vertexId}/${e.start}`;
}

export function summarizeEpisodes(doc: AnalysisDocument): EpisodeSummary[] {
  return doc.episodes.map((e) => ({
    id: episodeId(e),
    clusterId: e.clusterId,
    jobId: e.jobId,
    vertexId: e.vertexId,
    start: e.start,
    end: e.end,
    peak: e.peakLevel,
    sustained: e.class === 'sustained',
    bottleneckVertexId: e.bottleneck?.vertexId ?? null,
    bottleneckBasis: e.bottleneck ? bottleneckBasis(e.bottleneck) : null,
    hints: e.hints.map((h) => h.text),
  }));
}

/** Instant of the highest backpressure ratio of a lane inside [start, end] (the earliest on ties); null without one. */
export function worstSample(lane: AnalysedLane | undefined, start: number, end: number): number | null {
  if (!lane) return null;
  let best = -1;
  let at: number | null = null;
  for (let k = 0; k < lane.ts.length; k++) {
    const t = lane.ts[k]!;
    if (t < start) continue;
    if (t > end) break;
    const r = lane.ratio[k]!;
    if (r > best) {
      best = r;
      at = t;
    }
  }
  return at;
}

/**
 * Where an incident is shown: the lead episode's worst sample while all its vertices were
 * backpressured (so the graph shows the whole story), else its worst sample at all.
 */
function focusOf(x: IncidentDoc, lead: EpisodeDoc, lane: AnalysedLane | undefined): number {
  // An episode starts where its first backpressured sample's interval starts: that sample is after it.
  const from = Math.max(...x.vertices.map((v) => v.start)) + 1;
  const to = Math.min(...x.vertices.map((v) => v.end));
  const all = from <= to ? worstSample(lane, Math.max(from, lead.start), Math.min(to, lead.end)) : null;
  return all ?? worstSample(lane, lead.start, lead.end) ?? lead.start + (lead.end - lead.start) / 2;
}

export function summarizeIncidents(doc: AnalysisDocument, lanes: ReadonlyMap<string, AnalysedLane>): IncidentSummary[] {
  const byRank = new Map(doc.episodes.map((e) => [e.rank, e]));
  return doc.incidents.map((x: IncidentDoc) => {
    const lead = byRank.get(x.episodes[0]!)!;
    const key = `${x.clusterId}/${x.jobId}/${lead.vertexId}`;
    return {
      id: episodeId(lead),
      clusterId: x.clusterId,
      jobId: x.jobId,
      start: x.start,
      end: x.end,
      durationMs: x.durationMs,
      peak: x.peakLevel,
      sustained: x.class === 'sustained',
      vertices: x.vertices.map((v) => ({
        vertexId: v.vertexId,
        episodeId: episodeId({ clusterId: x.clusterId, jobId: x.jobId, vertexId: v.vertexId, start: v.start }),
        start: v.start,
        end: v.end,
        peak: v.peakLevel,
        sustained: v.class === 'sustained',
      })),
      bottleneckVertexId: x.bottleneck?.vertexId ?? null,
      bottleneckBasis: x.bottleneck ? bottleneckBasis(x.bottleneck) : null,
      bottleneckSubtasks: x.bottleneck?.subtasks ?? [],
      headline: incidentHeadline(x),
      cause: causeWords(x),
      ambiguity: x.ambiguity?.text ?? null,
      hints: x.hints.map((h) => h.text),
      overlaps: x.materialOverlaps,
      recordsDelayed: x.impactBasis === 'records' ? Math.round(x.impact) : null,
      focusAt: focusOf(x, lead, lanes.get(key)),
    };
  });
}

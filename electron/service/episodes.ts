// The analysis document's episodes and incidents as the UI lists them (narrow projections of
// EpisodeDoc and IncidentDoc).

import type { EpisodeSummary, IncidentSummary } from '../../shared/api';
import { vertexKey } from '../../shared/keys';
import {
  bottleneckBasis,
  causeWords,
  incidentHeadline,
  incidentLead,
  type AnalysisDocument,
  type EpisodeDoc,
  type IncidentDoc,
} from '../../shared/analysis';

export function episodeId(e: Pick<EpisodeDoc, 'clusterId' | 'jobId' | 'vertexId' | 'start'>): string {
  return `${vertexKey(e.clusterId, e.jobId, e.vertexId)}/${e.start}`;
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

export function summarizeIncidents(doc: AnalysisDocument): IncidentSummary[] {
  const byRank = new Map(doc.episodes.map((e) => [e.rank, e]));
  return doc.incidents.map((x: IncidentDoc) => {
    const lead = byRank.get(x.episodes[0]!)!;
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
      lead: incidentLead(x),
      cause: causeWords(x),
      ambiguity: x.ambiguity?.text ?? null,
      hints: x.hints.map((h) => h.text),
      overlaps: x.materialOverlaps,
      recordsDelayed: x.impactBasis === 'records' ? Math.round(x.impact) : null,
      focusAt: x.focusAt,
    };
  });
}

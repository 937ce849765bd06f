// The analysis document's episodes as the UI lists them (a narrow projection of EpisodeDoc).

import type { EpisodeSummary } from '../../shared/api';
import { bottleneckBasis, type AnalysisDocument, type EpisodeDoc } from '../../shared/analysis';

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

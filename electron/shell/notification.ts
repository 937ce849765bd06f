// The desktop notification raised when an episode turns sustained during a live recording.
// The recorder thread feeds each written tick into the shared LiveEpisodeTracker (the same rules
// as the replay analysis) and forwards only 'episode-sustained' events; this formats them.

import type { EpisodeEvent } from '../../shared/analysis/live';
import { formatDuration } from '../../shared/time';

export interface SustainedNotice {
  clusterId: number;
  jobId: string;
  vertexId: string;
  jobName: string | null;
  vertexName: string | null;
  start: number;
  end: number;
  peakLevel: 'LOW' | 'HIGH';
}

export function sustainedNotice(
  e: EpisodeEvent,
  names: {
    job(clusterId: number, jobId: string): string | null;
    vertex(clusterId: number, jobId: string, vertexId: string): string | null;
  },
): SustainedNotice | null {
  if (e.kind !== 'episode-sustained') return null;
  return {
    clusterId: e.clusterId,
    jobId: e.jobId,
    vertexId: e.vertexId,
    jobName: names.job(e.clusterId, e.jobId),
    vertexName: names.vertex(e.clusterId, e.jobId, e.vertexId),
    start: e.start,
    end: e.end,
    peakLevel: e.peakLevel,
  };
}

export function notificationText(n: SustainedNotice): { title: string; body: string } {
  const vertex = n.vertexName ?? `vertex ${n.vertexId}`;
  const job = n.jobName ?? `job ${n.jobId}`;
  return {
    title: `Sustained backpressure: ${vertex}`,
    body: `${job} (cluster ${n.clusterId}): backpressured for ${formatDuration(Math.max(0, n.end - n.start))}, peak ${n.peakLevel}.`,
  };
}

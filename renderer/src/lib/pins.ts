// Automatic findings pinned as annotations: one key and one text per finding, whichever view
// pins it (the timeline's Shift+click, the episode list's button), so pinning twice selects the
// first pin instead of writing a second one.

import type { EpisodeSummary, IncidentSummary } from '../../../shared/api';
import type { CheckpointEvent, GcWindow, JobEvent } from '../../../shared/model';
import { gcWindowText } from '../../../shared/analysis/gc';
import { jobKey, vertexKey } from '../../../shared/keys';
import { formatDuration } from '../../../shared/time';
import type { VertexRef } from './hash-state';
import type { Names } from './names';

export interface Pin {
  autoKey: string;
  start: number;
  end: number | null;
  text: string;
  vertex: VertexRef | null;
}

export function episodePin(ep: EpisodeSummary, names: Names): Pin {
  const bottleneck = ep.bottleneckVertexId
    ? `, bottleneck ${names.vertex(ep.clusterId, ep.jobId, ep.bottleneckVertexId)}`
    : '';
  return {
    autoKey: `episode:${vertexKey(ep.clusterId, ep.jobId, ep.vertexId)}/${ep.start}`,
    start: ep.start,
    end: ep.end,
    text: `${ep.sustained ? 'Sustained' : 'Transient'} ${ep.peak} backpressure on ${names.vertexPath(ep.clusterId, ep.jobId, ep.vertexId)}${bottleneck}`,
    vertex: { clusterId: ep.clusterId, jobId: ep.jobId, vertexId: ep.vertexId },
  };
}

/** An incident: its one-line headline, on its bottleneck (else its first vertex). */
export function incidentPin(x: IncidentSummary, names: Names): Pin {
  const vertexId = x.bottleneckVertexId ?? x.vertices[0]!.vertexId;
  const where =
    names.multiCluster || names.multiJob
      ? `${names.vertexPath(x.clusterId, x.jobId, vertexId).split(' · ').slice(0, -1).join(' · ')}: `
      : '';
  return {
    autoKey: `incident:${x.id}`,
    start: x.start,
    end: x.end,
    text: `${where}${x.headline}`,
    vertex: { clusterId: x.clusterId, jobId: x.jobId, vertexId },
  };
}

export function checkpointPin(c: CheckpointEvent): Pin {
  return {
    autoKey: `checkpoint:${jobKey(c.clusterId, c.jobId)}/${c.id}`,
    start: c.triggerTs,
    end: c.endTs,
    text: `${c.isSavepoint ? 'Savepoint' : 'Checkpoint'} ${c.id} ${c.status} in ${formatDuration(c.endTs - c.triggerTs)}`,
    vertex: null,
  };
}

export function gcPin(g: GcWindow): Pin {
  return {
    autoKey: `gc:${g.clusterId}/${g.taskManagerId}/${g.start}`,
    start: g.start,
    end: g.end,
    text: `${g.taskManagerId}: ${gcWindowText(g)}`,
    vertex: null,
  };
}

/** Restarts and rescales can be pinned; other job events cannot. */
export function eventPin(e: JobEvent, label: string): Pin | null {
  if (e.kind !== 'restart' && e.kind !== 'rescale') return null;
  return {
    autoKey: `event:${e.kind}:${jobKey(e.clusterId, e.jobId ?? '')}/${e.ts}`,
    start: e.ts,
    end: null,
    text: label,
    vertex: null,
  };
}

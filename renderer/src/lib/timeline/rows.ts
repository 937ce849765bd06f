// The timeline's rows, Perfetto-style: with one job, a flat list (vertex lanes, then the job's
// annotation, episode, checkpoint, GC and event lanes); with several clusters or jobs, track
// groups per cluster and per job that collapse, each job with its own episode, checkpoint and
// event lanes and each cluster with its TaskManagers' GC lanes. Every row is ROW_H tall, so the
// row under the pointer is floor(y / ROW_H).

import type { VertexLane } from '../../../../shared/api';
import type { ClusterInfo, JobInfo } from '../../../../shared/model';
import { jobKey, vertexKey } from '../../../../shared/keys';
import type { VertexRef } from '../hash-state';
import { taskManagerNames, type Names } from '../names';

export const ROW_H = 18;

/** Kinds of marks a legend entry can hide. */
export const MARK_KINDS = ['annotations', 'episodes', 'checkpoints', 'gc', 'events'] as const;
export type MarkKind = (typeof MARK_KINDS)[number];

/** Which cluster/job a per-job lane covers; null = every one (the flat layout of a single job). */
export interface Scope {
  clusterId: number | null;
  jobId: string | null;
}

interface Base {
  /** Unique within the rows; stable while the structure is. */
  key: string;
  label: string;
  /** Long form for the label's tooltip. */
  title: string;
  /** Indentation level of the label. */
  depth: number;
  /** The cluster's tag on vertex and GC lanes when the session has several clusters. */
  cluster: string | null;
}

export type Row =
  | (Base & { kind: 'group'; collapsed: boolean; lanes: VertexLane[] })
  | (Base & { kind: 'vertex'; lane: VertexLane; selected: boolean })
  | (Base & { kind: 'episodes' | 'checkpoints' | 'events'; scope: Scope })
  | (Base & { kind: 'gc'; clusterId: number; taskManagerId: string })
  | (Base & { kind: 'annotations'; level: number });

export type RowKind = Row['kind'];

export interface RowsInput {
  clusters: readonly ClusterInfo[];
  jobs: readonly JobInfo[];
  names: Names;
  lanes: readonly VertexLane[];
  /**
   * TaskManagers with GC lanes: those with a significant pause anywhere in the session (the whole
   * session, so lanes do not come and go with zoom; background collection draws nothing).
   */
  taskManagers: readonly { clusterId: number; taskManagerId: string }[];
  /** Rows the annotations need (overlapping notes are stacked). */
  annotationLevels: number;
  collapsed: ReadonlySet<string>;
  hidden: ReadonlySet<MarkKind>;
  selected: VertexRef | null;
}

export const clusterGroupKey = (clusterId: number): string => `cluster:${clusterId}`;
export const jobGroupKey = (clusterId: number, jobId: string): string => `job:${jobKey(clusterId, jobId)}`;
export const tmGroupKey = (clusterId: number): string => `tms:${clusterId}`;

/** Whether `ref` names the vertex of lane `l`. */
export const isLaneOf = (ref: VertexRef | null, l: VertexLane): boolean =>
  !!ref && ref.clusterId === l.clusterId && ref.jobId === l.jobId && ref.vertexId === l.vertexId;

export function buildRows(p: RowsInput): Row[] {
  const out: Row[] = [];
  const grouped = p.names.multiCluster || p.names.multiJob;
  const chip = (clusterId: number) => (p.names.multiCluster ? p.names.clusterTag(clusterId) : null);
  const shows = (k: MarkKind) => !p.hidden.has(k);

  const annotationRows = (): Row[] =>
    shows('annotations')
      ? Array.from({ length: Math.max(1, p.annotationLevels) }, (_, level) => ({
          kind: 'annotations' as const,
          key: `annotations:${level}`,
          label: level === 0 ? 'Annotations' : '',
          title: 'Annotations',
          depth: 0,
          cluster: null,
          level,
        }))
      : [];
  const vertexRow = (lane: VertexLane, depth: number): Row => ({
    kind: 'vertex',
    key: `vertex:${vertexKey(lane.clusterId, lane.jobId, lane.vertexId)}`,
    label: p.names.vertex(lane.clusterId, lane.jobId, lane.vertexId),
    title: p.names.vertexPath(lane.clusterId, lane.jobId, lane.vertexId),
    depth,
    cluster: chip(lane.clusterId),
    lane,
    selected: isLaneOf(p.selected, lane),
  });
  const gcRows = (clusterId: number, depth: number): Row[] => {
    const ids = p.taskManagers
      .filter((t) => t.clusterId === clusterId)
      .map((t) => t.taskManagerId)
      .sort();
    const tmNames = taskManagerNames(ids);
    return ids.map((id) => {
      const n = tmNames.get(id)!;
      return {
        kind: 'gc',
        key: `gc:${clusterId}/${id}`,
        label: `GC ${n.short}`,
        title: `GC on TaskManager ${id}${n.host ? ` (host ${n.host})` : ''}${p.names.multiCluster ? `, cluster ${p.names.cluster(clusterId)}` : ''}`,
        depth,
        cluster: chip(clusterId),
        clusterId,
        taskManagerId: id,
      };
    });
  };

  if (!grouped) {
    for (const lane of p.lanes) out.push(vertexRow(lane, 0));
    out.push(...annotationRows());
    const all: Scope = { clusterId: null, jobId: null };
    if (shows('episodes'))
      out.push({
        kind: 'episodes',
        key: 'episodes',
        label: 'Episodes',
        title: 'Backpressure episodes',
        depth: 0,
        cluster: null,
        scope: all,
      });
    if (shows('checkpoints'))
      out.push({
        kind: 'checkpoints',
        key: 'checkpoints',
        label: 'Checkpoints',
        title: 'Checkpoints',
        depth: 0,
        cluster: null,
        scope: all,
      });
    if (shows('gc')) for (const c of p.clusters) out.push(...gcRows(c.id, 0));
    if (shows('events'))
      out.push({
        kind: 'events',
        key: 'events',
        label: 'Job events',
        title: 'Job events',
        depth: 0,
        cluster: null,
        scope: all,
      });
    return out;
  }

  // Notes belong to the session, not to one job: above the groups.
  out.push(...annotationRows());
  for (const c of p.clusters) {
    const clusterLanes = p.lanes.filter((l) => l.clusterId === c.id);
    const cKey = clusterGroupKey(c.id);
    const cCollapsed = p.collapsed.has(cKey);
    const cName = p.names.cluster(c.id);
    out.push({
      kind: 'group',
      key: cKey,
      label: cName,
      title: `Cluster ${c.url}${c.flinkVersion ? ` (Flink ${c.flinkVersion})` : ''}`,
      depth: 0,
      cluster: null,
      collapsed: cCollapsed,
      lanes: clusterLanes,
    });
    if (cCollapsed) continue;
    for (const j of p.jobs.filter((x) => x.clusterId === c.id)) {
      const jKey = jobGroupKey(c.id, j.jobId);
      const jLanes = clusterLanes.filter((l) => l.jobId === j.jobId);
      const jCollapsed = p.collapsed.has(jKey);
      out.push({
        kind: 'group',
        key: jKey,
        label: j.name,
        title: `Job ${j.name} (${j.jobId}) on ${cName}`,
        depth: 1,
        cluster: null,
        collapsed: jCollapsed,
        lanes: jLanes,
      });
      if (jCollapsed) continue;
      for (const lane of jLanes) out.push(vertexRow(lane, 2));
      const scope: Scope = { clusterId: c.id, jobId: j.jobId };
      const jobLane = (kind: 'episodes' | 'checkpoints' | 'events', label: string): Row => ({
        kind,
        key: `${kind}:${jKey}`,
        label,
        title: `${label} of ${j.name} on ${cName}`,
        depth: 2,
        cluster: null,
        scope,
      });
      if (shows('episodes')) out.push(jobLane('episodes', 'Episodes'));
      if (shows('checkpoints')) out.push(jobLane('checkpoints', 'Checkpoints'));
      if (shows('events')) out.push(jobLane('events', 'Job events'));
    }
    const gc = shows('gc') ? gcRows(c.id, 2) : [];
    if (gc.length > 0) {
      const tKey = tmGroupKey(c.id);
      const tCollapsed = p.collapsed.has(tKey);
      out.push({
        kind: 'group',
        key: tKey,
        label: `GC pauses · ${gc.length} TaskManager${gc.length === 1 ? '' : 's'}`,
        title: `TaskManagers of ${cName} with significant GC pauses (at least 1 s, or 10 % of the time)`,
        depth: 1,
        cluster: null,
        collapsed: tCollapsed,
        lanes: [],
      });
      if (!tCollapsed) out.push(...gc);
    }
  }
  return out;
}

/** Whether a per-job lane covers an item of this cluster and job (events of no job belong to every job of their cluster). */
export function inScope(s: Scope, item: { clusterId: number; jobId: string | null }): boolean {
  if (s.clusterId === null) return true;
  return item.clusterId === s.clusterId && (item.jobId === null || s.jobId === null || item.jobId === s.jobId);
}

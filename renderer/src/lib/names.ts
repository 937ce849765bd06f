// What the UI calls clusters, jobs, vertices and TaskManagers: one place, so a lane label, the
// episode table, the job picker and a tooltip name the same thing the same way.

import type { ClusterInfo, JobInfo, VertexInfo } from '../../../shared/model';
import { jobKey, vertexKey } from '../../../shared/keys';

/** A cluster as a short name: the JobManager's host and port (and path, when behind a proxy). */
export function clusterName(c: Pick<ClusterInfo, 'id' | 'url'>): string {
  try {
    const u = new URL(c.url);
    const path = u.pathname.replace(/\/+$/, '');
    return `${u.host}${path}`;
  } catch {
    return c.url || `cluster ${c.id}`;
  }
}

export interface TaskManagerName {
  /** Short label: the host (with the port when one host runs several), or the id itself. */
  short: string;
  /** The host the TaskManager runs on, when its id says (standalone `<host>:<port>-<hex>`). */
  host: string | null;
  id: string;
}

/** Standalone resource ids: `10.0.1.11:35211-8f3c35`. Kubernetes and YARN ids are names already. */
const STANDALONE = /^(.+):(\d+)-([0-9a-f]{4,})$/i;

/** Names for the TaskManagers of one cluster, unique among them. */
export function taskManagerNames(ids: readonly string[]): Map<string, TaskManagerName> {
  const parsed = ids.map((id) => {
    const m = STANDALONE.exec(id);
    return { id, host: m?.[1] ?? null, port: m?.[2] ?? null, suffix: m?.[3] ?? null };
  });
  const perHost = new Map<string, number>();
  for (const p of parsed) if (p.host) perHost.set(p.host, (perHost.get(p.host) ?? 0) + 1);
  const out = new Map<string, TaskManagerName>();
  for (const p of parsed) {
    if (!p.host) {
      out.set(p.id, { id: p.id, host: null, short: p.id });
      continue;
    }
    const where = perHost.get(p.host)! > 1 ? `${p.host}:${p.port}` : p.host;
    out.set(p.id, { id: p.id, host: p.host, short: `${where} (tm ${p.suffix})` });
  }
  return out;
}

/** Lookups over a session's structure, built once per session info. */
export class Names {
  private readonly vertices: Map<string, VertexInfo>;
  private readonly jobs: Map<string, JobInfo>;
  private readonly clusters: Map<number, ClusterInfo>;
  readonly multiCluster: boolean;
  readonly multiJob: boolean;

  constructor(info: { clusters: ClusterInfo[]; jobs: JobInfo[]; vertices: VertexInfo[] }) {
    this.vertices = new Map(info.vertices.map((v) => [vertexKey(v.clusterId, v.jobId, v.vertexId), v]));
    this.jobs = new Map(info.jobs.map((j) => [jobKey(j.clusterId, j.jobId), j]));
    this.clusters = new Map(info.clusters.map((c) => [c.id, c]));
    this.multiCluster = info.clusters.length > 1;
    this.multiJob = info.jobs.length > 1;
  }

  vertex(clusterId: number, jobId: string, vertexId: string): string {
    return this.vertices.get(vertexKey(clusterId, jobId, vertexId))?.name ?? vertexId;
  }

  job(clusterId: number, jobId: string): string {
    return this.jobs.get(jobKey(clusterId, jobId))?.name ?? jobId;
  }

  cluster(clusterId: number): string {
    const c = this.clusters.get(clusterId);
    return c ? clusterName(c) : `cluster ${clusterId}`;
  }

  /**
   * A few characters that tell the session's clusters apart on a crowded label: the host's first
   * name (`flink-a` of `flink-a.example:8081`), else the host, else the whole short name.
   */
  clusterTag(clusterId: number): string {
    const short = (id: number): string[] => {
      const c = this.clusters.get(id);
      if (!c) return [`cluster ${id}`];
      let host: string;
      try {
        host = new URL(c.url).hostname;
      } catch {
        return [clusterName(c)];
      }
      const first = /^\d+(\.\d+){3}$/.test(host) || host.startsWith('[') ? host : host.split('.')[0]!;
      return [first, host, clusterName(c)];
    };
    const mine = short(clusterId);
    const others = [...this.clusters.keys()].filter((id) => id !== clusterId).map(short);
    for (let k = 0; k < mine.length; k++) if (!others.some((o) => (o[k] ?? o.at(-1)) === mine[k])) return mine[k]!;
    return mine.at(-1)!;
  }

  /** "cluster · job · vertex", as far as the session needs it to be unambiguous (the cluster's whole short name). */
  vertexPath(clusterId: number, jobId: string, vertexId: string): string {
    return [
      this.multiCluster ? this.cluster(clusterId) : null,
      this.multiJob ? this.job(clusterId, jobId) : null,
      this.vertex(clusterId, jobId, vertexId),
    ]
      .filter((x) => x !== null)
      .join(' · ');
  }
}

// Map keys for a job or a vertex across clusters: `cluster/job[/vertex]`. One format, because
// some are written to the session file (automatic annotations' keys) and must stay stable.

/** Identifies a vertex across clusters and jobs. */
export type VertexKey = string;

export function vertexKey(clusterId: number, jobId: string, vertexId: string): VertexKey {
  return `${jobKey(clusterId, jobId)}/${vertexId}`;
}

export function jobKey(clusterId: number, jobId: string): string {
  return `${clusterId}/${jobId}`;
}

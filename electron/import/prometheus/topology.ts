// `--topology-from`: the store has no job graph, so it comes from a JobManager's REST API or from
// an earlier session file of the same job. A job is matched by id, else by name; its vertices by
// id, else by name as the reporter stores it (characters outside [a-zA-Z0-9:_] replaced), so a
// job resubmitted with new ids still finds its graph. A JobManager is reached with the import's
// connection flags (headers, basic or bearer auth, CA, --insecure), as `record` reaches it.

import { FlinkClient } from '../../flink/client';
import type { FlinkConnectionOptions } from '../../flink/connection';
import { replaceInvalidChars } from '../../prometheus/flink-names';
import { SessionReader } from '../../session/index';
import { errorText } from '../../../shared/error-text';
import { epochMs } from '../../../shared/time';
import type { DiscoveredJob } from './discover';

/** A job graph as its source names it: vertices in topological order, edges by vertex id. */
interface SourceGraph {
  jobId: string;
  name: string;
  vertices: Array<{ vertexId: string; name: string }>;
  edges: Array<{ source: string; target: string; shipStrategy: string }>;
}

/** What the import writes for one job: positions and edges in the store's vertex ids. */
export interface JobTopology {
  topoIndex: Map<string, number>;
  edges: Array<{ source: string; target: string; shipStrategy: string }>;
  /** Where it came from, for the summary line. */
  from: string;
}

const sameName = (stored: string, source: string) => stored === source || stored === replaceInvalidChars(source);

async function fromJobManager(url: string, connection: Omit<FlinkConnectionOptions, 'url'>): Promise<SourceGraph[]> {
  const client = new FlinkClient({ ...connection, url });
  try {
    const overview = await client.getJobsOverview();
    return await Promise.all(
      overview.map(async (o) => {
        const d = await client.getJob(o.jobId);
        const plan = d.plan ?? (await client.getJobPlan(d.jobId));
        const byId = new Map(d.vertices.map((v) => [v.id, v]));
        return {
          jobId: d.jobId,
          name: d.name,
          vertices: d.topoOrder.map((id) => ({ vertexId: id, name: byId.get(id)?.name ?? id })),
          edges: plan.edges,
        };
      }),
    );
  } finally {
    client.close();
  }
}

function fromSessionFile(file: string): SourceGraph[] {
  const reader = SessionReader.open(file);
  try {
    const end = epochMs(Number.MAX_SAFE_INTEGER);
    const vertices = reader.vertices(end);
    const edges = reader.edgesAt(end);
    return reader.jobs().map((j) => ({
      jobId: j.jobId,
      name: j.name,
      vertices: vertices
        .filter((v) => v.clusterId === j.clusterId && v.jobId === j.jobId)
        .sort((a, b) => a.topoIndex - b.topoIndex),
      edges: edges.filter((e) => e.clusterId === j.clusterId && e.jobId === j.jobId),
    }));
  } finally {
    reader.close();
  }
}

/** The source's graph laid onto one imported job, or null when the source has no such job. */
export function matchTopology(job: DiscoveredJob, graphs: readonly SourceGraph[], from: string): JobTopology | null {
  const graph =
    graphs.find((g) => g.jobId === job.jobId) ?? graphs.find((g) => g.edges.length > 0 && sameName(job.name, g.name));
  if (!graph) return null;
  // Source vertex id → the store's vertex id.
  const toStore = new Map<string, string>();
  for (const v of graph.vertices) {
    const hit =
      job.vertices.find((s) => s.vertexId === v.vertexId) ?? job.vertices.find((s) => sameName(s.name, v.name));
    if (hit) toStore.set(v.vertexId, hit.vertexId);
  }
  if (toStore.size === 0) return null;
  const topoIndex = new Map<string, number>();
  for (const v of graph.vertices) {
    const id = toStore.get(v.vertexId);
    if (id !== undefined && !topoIndex.has(id)) topoIndex.set(id, topoIndex.size);
  }
  const edges = graph.edges.flatMap((e) => {
    const source = toStore.get(e.source);
    const target = toStore.get(e.target);
    return source && target ? [{ source, target, shipStrategy: e.shipStrategy }] : [];
  });
  return { topoIndex, edges, from };
}

const graphsFrom = (source: string, connection: Omit<FlinkConnectionOptions, 'url'>): Promise<SourceGraph[]> =>
  /^https?:\/\//i.test(source) ? fromJobManager(source, connection) : Promise.resolve(fromSessionFile(source));

/** A job that joins a `--follow` later: its topology, or null with the reason the follow prints. */
export type LaterTopology = (job: DiscoveredJob) => Promise<{ topology: JobTopology | null; why: string | null }>;

/**
 * Per imported job id, its topology from `source` (a JobManager URL or a session file), and how to
 * find the topology of a job that joins later: in the graphs read at the start, else in the source
 * read again (a JobManager runs the newly deployed job by then).
 */
export async function readTopology(
  source: string,
  jobs: readonly DiscoveredJob[],
  /** Headers, auth and TLS for a JobManager URL: the import's connection flags, as `record` takes them. */
  connection: Omit<FlinkConnectionOptions, 'url'> = {},
): Promise<{ topology: Map<string, JobTopology>; later: LaterTopology }> {
  const graphs = await graphsFrom(source, connection);
  const later: LaterTopology = async (job) => {
    const known = matchTopology(job, graphs, source);
    if (known) return { topology: known, why: null };
    try {
      const again = matchTopology(job, await graphsFrom(source, connection), source);
      return { topology: again, why: again ? null : `${source} has no job ${job.name} (${job.jobId})` };
    } catch (e) {
      return { topology: null, why: `${source}: ${errorText(e)}` };
    }
  };
  const out = new Map<string, JobTopology>();
  for (const job of jobs) {
    const t = matchTopology(job, graphs, source);
    if (t) out.set(job.jobId, t);
  }
  if (out.size === 0) {
    const known = graphs.map((g) => `${g.name} (${g.jobId})`).join(', ') || 'none';
    throw new Error(`--topology-from ${source}: none of the imported jobs is there; jobs there: ${known}`);
  }
  return { topology: out, later };
}

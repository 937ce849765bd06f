// What a store's window holds: the jobs and their vertices, from the label sets of one task-scope
// family every version reports (idleTimeMsPerSecond, 1.11+), and which of them `--job` asks for.

import { replaceInvalidChars, prometheusName, SCOPE } from '../../prometheus/flink-names';
import type { PrometheusClient, TimeWindow } from '../../prometheus/client';
import { withMatchers } from './selectors';

export interface DiscoveredVertex {
  vertexId: string;
  /** `task_name` as stored (the reporter replaces characters outside [a-zA-Z0-9:_] by default). */
  name: string;
  parallelism: number;
}

export interface DiscoveredJob {
  jobId: string;
  name: string;
  vertices: DiscoveredVertex[];
}

export const PROBE_FAMILY = prometheusName(SCOPE.task, 'idleTimeMsPerSecond');

export async function discoverJobs(
  client: PrometheusClient,
  window: TimeWindow,
  matchers: string,
): Promise<DiscoveredJob[]> {
  const sets = await client.series([withMatchers(PROBE_FAMILY, matchers)], window);
  const jobs = new Map<string, { name: string; vertices: Map<string, DiscoveredVertex> }>();
  for (const l of sets) {
    const { job_id: jobId, task_id: vertexId } = l;
    const subtask = Number(l.subtask_index);
    if (!jobId || !vertexId || !Number.isInteger(subtask)) continue;
    let job = jobs.get(jobId);
    if (!job) jobs.set(jobId, (job = { name: l.job_name ?? jobId, vertices: new Map() }));
    const v = job.vertices.get(vertexId);
    if (v) v.parallelism = Math.max(v.parallelism, subtask + 1);
    else job.vertices.set(vertexId, { vertexId, name: l.task_name ?? vertexId, parallelism: subtask + 1 });
  }
  return [...jobs]
    .map(([jobId, j]) => ({ jobId, name: j.name, vertices: [...j.vertices.values()] }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.jobId.localeCompare(b.jobId));
}

/**
 * The jobs `--job` names, by id or by name (as typed, or as the reporter stores it); all when none
 * is asked for. Throws naming the jobs the window has when an asked one is not among them.
 */
export function selectJobs(jobs: readonly DiscoveredJob[], asked: readonly string[]): DiscoveredJob[] {
  if (asked.length === 0) return [...jobs];
  const chosen = new Set<DiscoveredJob>();
  for (const a of asked) {
    const hits = jobs.filter((j) => j.jobId === a || j.name === a || j.name === replaceInvalidChars(a));
    if (hits.length === 0) {
      const known = jobs.map((j) => `${j.name} (${j.jobId})`).join(', ') || 'none';
      throw new Error(`no job "${a}" in the store's window; jobs there: ${known}`);
    }
    for (const h of hits) chosen.add(h);
  }
  return [...chosen];
}

// The list of GETs that covers every endpoint, vertex, checkpoint and TaskManager of a model,
// and a runner that checks each answer against the version's published spec.

import type { SimulatedVersion, SimulatedCluster } from '../../../electron/simulator';
import type { SimModel } from '../../../electron/simulator/types';
import { PROFILES } from '../../../electron/simulator/versions/profile';
import { get } from './helpers';
import { loadSpecValidator } from './spec-validator';

/** [spec endpoint, concrete request path] for every GET the simulator answers on `model`. */
export interface CallLimits {
  /** Newest checkpoints whose details are fetched. */
  checkpoints?: number;
  /** Vertices per job whose endpoints are fetched (default all). */
  vertices?: number;
}

export function endpointCalls(model: SimModel, version: SimulatedVersion, limits: CallLimits = {}): [string, string][] {
  const checkpoints = limits.checkpoints ?? 10;
  const calls: [string, string][] = [
    ['/config', '/config'],
    ['/overview', '/overview'],
    ['/jobmanager/config', '/jobmanager/config'],
    ['/jobmanager/metrics', '/jobmanager/metrics'],
    ['/jobmanager/metrics', '/jobmanager/metrics?get=taskSlotsTotal,numRunningJobs,Status.JVM.CPU.Load'],
    ['/jobs', '/jobs'],
    ['/jobs/overview', '/jobs/overview'],
    ['/taskmanagers', '/taskmanagers'],
    ['/taskmanagers/metrics', '/taskmanagers/metrics'],
    ['/taskmanagers/metrics', '/taskmanagers/metrics?get=Status.JVM.CPU.Load,Status.JVM.Memory.Heap.Used&agg=max,sum'],
    ['/jobs/metrics', '/jobs/metrics'],
    ['/jobs/metrics', '/jobs/metrics?get=numRestarts,uptime'],
  ];
  for (const tm of model.taskManagers) {
    const t = encodeURIComponent(tm.id);
    calls.push(['/taskmanagers/:taskmanagerid', `/taskmanagers/${t}`]);
    calls.push(['/taskmanagers/:taskmanagerid/metrics', `/taskmanagers/${t}/metrics`]);
    calls.push([
      '/taskmanagers/:taskmanagerid/metrics',
      `/taskmanagers/${t}/metrics?get=Status.JVM.Memory.Heap.Used,Status.Shuffle.Netty.AvailableMemorySegments`,
    ]);
  }
  for (const job of model.jobs) {
    const j = `/jobs/${job.jobId}`;
    calls.push(['/jobs/:jobid', j], ['/jobs/:jobid/plan', `${j}/plan`], ['/jobs/:jobid/exceptions', `${j}/exceptions`]);
    if (PROFILES[version].jobStatusEndpoint) calls.push(['/jobs/:jobid/status', `${j}/status`]);
    calls.push(
      ['/jobs/:jobid/metrics', `${j}/metrics`],
      ['/jobs/:jobid/metrics', `${j}/metrics?get=numRestarts,lastCheckpointDuration`],
    );
    calls.push(
      ['/jobs/:jobid/checkpoints', `${j}/checkpoints`],
      ['/jobs/:jobid/checkpoints/config', `${j}/checkpoints/config`],
    );
    for (const c of job.checkpoints.slice(-checkpoints)) {
      calls.push(['/jobs/:jobid/checkpoints/details/:checkpointid', `${j}/checkpoints/details/${c.id}`]);
      for (const v of pick(job.vertices, limits.vertices)) {
        calls.push([
          '/jobs/:jobid/checkpoints/details/:checkpointid/subtasks/:vertexid',
          `${j}/checkpoints/details/${c.id}/subtasks/${v.id}`,
        ]);
      }
    }
    for (const v of pick(job.vertices, limits.vertices)) {
      const p = `${j}/vertices/${v.id}`;
      calls.push(['/jobs/:jobid/vertices/:vertexid', p]);
      calls.push(['/jobs/:jobid/vertices/:vertexid/metrics', `${p}/metrics`]);
      calls.push(['/jobs/:jobid/vertices/:vertexid/metrics', `${p}/metrics?get=0.numRecordsIn,1.isBackPressured`]);
      calls.push(['/jobs/:jobid/vertices/:vertexid/subtasks/metrics', `${p}/subtasks/metrics`]);
      calls.push([
        '/jobs/:jobid/vertices/:vertexid/subtasks/metrics',
        `${p}/subtasks/metrics?get=idleTimeMsPerSecond,busyTimeMsPerSecond,backPressuredTimeMsPerSecond,numRecordsInPerSecond,isBackPressured`,
      ]);
      calls.push(['/jobs/:jobid/vertices/:vertexid/subtasks/:subtaskindex/metrics', `${p}/subtasks/0/metrics`]);
      calls.push([
        '/jobs/:jobid/vertices/:vertexid/subtasks/:subtaskindex/metrics',
        `${p}/subtasks/0/metrics?get=numRecordsIn`,
      ]);
      calls.push(['/jobs/:jobid/vertices/:vertexid/backpressure', `${p}/backpressure`]);
      calls.push(['/jobs/:jobid/vertices/:vertexid/watermarks', `${p}/watermarks`]);
    }
  }
  return calls;
}

/** At most `n` items, spread over the list (first and last included). */
function pick<T>(items: readonly T[], n = items.length): T[] {
  if (items.length <= n) return [...items];
  return Array.from({ length: n }, (_, i) => items[Math.round((i * (items.length - 1)) / Math.max(1, n - 1))]!);
}

/** Fetches every call over HTTP and returns the spec violations (empty = conformant). */
export async function specViolations(
  cluster: SimulatedCluster,
  version: SimulatedVersion,
  calls: [string, string][],
): Promise<string[]> {
  const validator = loadSpecValidator(version);
  const problems: string[] = [];
  // A few requests in flight at a time, like a recorder's poll; answers are checked in order.
  const replies = [];
  for (let i = 0; i < calls.length; i += 8) {
    replies.push(...(await Promise.all(calls.slice(i, i + 8).map(([, path]) => get(cluster, path)))));
  }
  for (const [k, [endpoint, path]] of calls.entries()) {
    const r = replies[k]!;
    if (r.status !== 200) {
      problems.push(`GET ${path} → ${r.status} ${r.text}`);
      continue;
    }
    if (r.contentType !== 'application/json; charset=UTF-8')
      problems.push(`GET ${path}: content-type ${r.contentType}`);
    for (const e of validator.validate(endpoint, r.json)) problems.push(`GET ${path}: ${e}`);
  }
  return problems;
}

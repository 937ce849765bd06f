// The list of GETs that covers every endpoint, vertex, checkpoint and TaskManager of a model,
// and a runner that checks each answer against the version's published spec.

import type { FlinkVersion, SimulatedCluster } from '../../../electron/simulator';
import type { SimModel } from '../../../electron/simulator/types';
import { get } from './helpers';
import { loadSpecValidator } from './spec-validator';

/** [spec endpoint, concrete request path] for every GET the simulator answers on `model`. */
export function endpointCalls(model: SimModel, version: FlinkVersion, checkpoints = 10): [string, string][] {
  const calls: [string, string][] = [
    ['/config', '/config'],
    ['/overview', '/overview'],
    ['/jobmanager/config', '/jobmanager/config'],
    ['/jobmanager/metrics', '/jobmanager/metrics'],
    ['/jobmanager/metrics', '/jobmanager/metrics?get=taskSlotsTotal,numRunningJobs,Status.JVM.CPU.Load'],
    ['/jobs', '/jobs'],
    ['/jobs/overview', '/jobs/overview'],
    ['/taskmanagers', '/taskmanagers'],
  ];
  for (const tm of model.taskManagers) {
    const t = encodeURIComponent(tm.id);
    calls.push(['/taskmanagers/:taskmanagerid', `/taskmanagers/${t}`]);
    calls.push(['/taskmanagers/:taskmanagerid/metrics', `/taskmanagers/${t}/metrics`]);
    calls.push(['/taskmanagers/:taskmanagerid/metrics', `/taskmanagers/${t}/metrics?get=Status.JVM.Memory.Heap.Used,Status.Shuffle.Netty.AvailableMemorySegments`]);
  }
  for (const job of model.jobs) {
    const j = `/jobs/${job.jobId}`;
    calls.push(['/jobs/:jobid', j], ['/jobs/:jobid/plan', `${j}/plan`], ['/jobs/:jobid/exceptions', `${j}/exceptions`]);
    if (version !== '1.12' && version !== '1.14') calls.push(['/jobs/:jobid/status', `${j}/status`]);
    calls.push(['/jobs/:jobid/metrics', `${j}/metrics`], ['/jobs/:jobid/metrics', `${j}/metrics?get=numRestarts,lastCheckpointDuration`]);
    calls.push(['/jobs/:jobid/checkpoints', `${j}/checkpoints`], ['/jobs/:jobid/checkpoints/config', `${j}/checkpoints/config`]);
    for (const c of job.checkpoints.slice(-checkpoints)) {
      calls.push(['/jobs/:jobid/checkpoints/details/:checkpointid', `${j}/checkpoints/details/${c.id}`]);
      for (const v of job.vertices) {
        calls.push(['/jobs/:jobid/checkpoints/details/:checkpointid/subtasks/:vertexid', `${j}/checkpoints/details/${c.id}/subtasks/${v.id}`]);
      }
    }
    for (const v of job.vertices) {
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
      calls.push(['/jobs/:jobid/vertices/:vertexid/subtasks/:subtaskindex/metrics', `${p}/subtasks/0/metrics?get=numRecordsIn`]);
      calls.push(['/jobs/:jobid/vertices/:vertexid/backpressure', `${p}/backpressure`]);
      calls.push(['/jobs/:jobid/vertices/:vertexid/watermarks', `${p}/watermarks`]);
    }
  }
  return calls;
}

/** Fetches every call over HTTP and returns the spec violations (empty = conformant). */
export async function specViolations(cluster: SimulatedCluster, version: FlinkVersion, calls: [string, string][]): Promise<string[]> {
  const validator = loadSpecValidator(version);
  const problems: string[] = [];
  for (const [endpoint, path] of calls) {
    const r = await get(cluster, path);
    if (r.status !== 200) {
      problems.push(`GET ${path} → ${r.status} ${r.text}`);
      continue;
    }
    if (r.contentType !== 'application/json; charset=UTF-8') problems.push(`GET ${path}: content-type ${r.contentType}`);
    for (const e of validator.validate(endpoint, r.json)) problems.push(`GET ${path}: ${e}`);
  }
  return problems;
}


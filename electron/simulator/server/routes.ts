// The REST routes the simulated JobManager answers (GET only), in Flink's path syntax.

import type { FlameGraphSampler } from '../evidence/flame-graph';
import { taskManagerThreadDump } from '../evidence/thread-dump';
import type { BackpressureSampler } from '../versions/backpressure';
import { backpressureFromMetrics } from '../versions/backpressure';
import { checkpointConfig, checkpointDetails, checkpoints, checkpointSubtasks } from '../versions/checkpoint-info';
import {
  dashboardConfig,
  jobManagerConfig,
  overview,
  taskManagerDetails,
  taskManagers,
} from '../versions/cluster-info';
import type { WireContext } from '../versions/context';
import { RestError } from '../versions/errors';
import { exceptions } from '../versions/exception-info';
import { jobDetails, jobPlan, jobsList, jobsOverview, jobStatus, vertexDetails } from '../versions/job-info';
import {
  aggregatedComponentMetrics,
  aggregatedSubtaskMetrics,
  jobManagerMetrics,
  jobMetrics,
  subtaskMetrics,
  taskManagerMetrics,
  vertexMetrics,
  watermarks,
} from '../versions/metric-queries';

export interface RouteRequest {
  ctx: WireContext;
  params: Record<string, string>;
  query: URLSearchParams;
  path: string;
  restPort: number;
  sampler: BackpressureSampler;
  flameGraphs: FlameGraphSampler;
}

type Handler = (r: RouteRequest) => unknown;

// Served from the ExecutionGraph (or checkpoint statistics) cache, which Flink keeps for
// web.refresh-interval: job state and checkpoints can be that much behind.
const GRAPH_CACHED = new Set([
  '/jobs/:jobid',
  '/jobs/:jobid/plan',
  '/jobs/:jobid/exceptions',
  '/jobs/:jobid/checkpoints',
  '/jobs/:jobid/checkpoints/config',
  '/jobs/:jobid/checkpoints/details/:checkpointid',
  '/jobs/:jobid/checkpoints/details/:checkpointid/subtasks/:vertexid',
  '/jobs/:jobid/vertices/:vertexid',
]);

const ROUTES: [string, Handler][] = [
  ['/config', (r) => dashboardConfig(r.ctx)],
  ['/overview', (r) => overview(r.ctx)],
  ['/jobmanager/config', (r) => jobManagerConfig(r.ctx, r.restPort)],
  ['/jobmanager/metrics', (r) => jobManagerMetrics(r.ctx, r.query)],
  ['/jobs', (r) => jobsList(r.ctx)],
  ['/jobs/metrics', (r) => aggregatedComponentMetrics(r.ctx, 'jobs', r.query)],
  ['/jobs/overview', (r) => jobsOverview(r.ctx)],
  ['/jobs/:jobid', (r) => jobDetails(r.ctx, r.params.jobid!)],
  ['/jobs/:jobid/plan', (r) => jobPlan(r.ctx, r.params.jobid!)],
  [
    '/jobs/:jobid/status',
    (r) => {
      if (!r.ctx.profile.jobStatusEndpoint) throw new RestError(404, `Not found: ${r.path}`);
      return jobStatus(r.ctx, r.params.jobid!);
    },
  ],
  ['/jobs/:jobid/metrics', (r) => jobMetrics(r.ctx, r.params.jobid!, r.query)],
  ['/jobs/:jobid/exceptions', (r) => exceptions(r.ctx, r.params.jobid!, r.query)],
  ['/jobs/:jobid/checkpoints', (r) => checkpoints(r.ctx, r.params.jobid!)],
  ['/jobs/:jobid/checkpoints/config', (r) => checkpointConfig(r.ctx, r.params.jobid!)],
  [
    '/jobs/:jobid/checkpoints/details/:checkpointid',
    (r) => checkpointDetails(r.ctx, r.params.jobid!, r.params.checkpointid!),
  ],
  [
    '/jobs/:jobid/checkpoints/details/:checkpointid/subtasks/:vertexid',
    (r) => checkpointSubtasks(r.ctx, r.params.jobid!, r.params.checkpointid!, r.params.vertexid!),
  ],
  ['/jobs/:jobid/vertices/:vertexid', (r) => vertexDetails(r.ctx, r.params.jobid!, r.params.vertexid!)],
  [
    '/jobs/:jobid/vertices/:vertexid/metrics',
    (r) => vertexMetrics(r.ctx, r.params.jobid!, r.params.vertexid!, r.query),
  ],
  [
    '/jobs/:jobid/vertices/:vertexid/subtasks/metrics',
    (r) => aggregatedSubtaskMetrics(r.ctx, r.params.jobid!, r.params.vertexid!, r.query),
  ],
  [
    '/jobs/:jobid/vertices/:vertexid/subtasks/:subtaskindex/metrics',
    (r) => subtaskMetrics(r.ctx, r.params.jobid!, r.params.vertexid!, r.params.subtaskindex!, r.query),
  ],
  [
    '/jobs/:jobid/vertices/:vertexid/backpressure',
    (r) =>
      !r.ctx.profile.metricBackpressure
        ? r.sampler.respond(r.ctx, r.params.jobid!, r.params.vertexid!)
        : backpressureFromMetrics(r.ctx, r.params.jobid!, r.params.vertexid!),
  ],
  [
    '/jobs/:jobid/vertices/:vertexid/flamegraph',
    (r) => r.flameGraphs.respond(r.ctx, r.params.jobid!, r.params.vertexid!, r.query, r.path),
  ],
  ['/jobs/:jobid/vertices/:vertexid/watermarks', (r) => watermarks(r.ctx, r.params.jobid!, r.params.vertexid!)],
  ['/taskmanagers', (r) => taskManagers(r.ctx)],
  ['/taskmanagers/metrics', (r) => aggregatedComponentMetrics(r.ctx, 'taskmanagers', r.query)],
  ['/taskmanagers/:taskmanagerid', (r) => taskManagerDetails(r.ctx, r.params.taskmanagerid!)],
  ['/taskmanagers/:taskmanagerid/thread-dump', (r) => taskManagerThreadDump(r.ctx, r.params.taskmanagerid!, r.path)],
  ['/taskmanagers/:taskmanagerid/metrics', (r) => taskManagerMetrics(r.ctx, r.params.taskmanagerid!, r.query)],
];

const COMPILED = ROUTES.map(([pattern, handler]) => ({
  parts: pattern.split('/').slice(1),
  handler,
  cached: GRAPH_CACHED.has(pattern),
}));

export interface RouteMatch {
  handler: Handler;
  params: Record<string, string>;
  /** True when Flink answers it from the ExecutionGraph cache. */
  cached: boolean;
}

/** Finds the handler for a path (without `/v1`); literal segments win over parameters. */
export function matchRoute(path: string): RouteMatch | null {
  const segs = path.split('/').slice(1);
  let best: (RouteMatch & { literals: number }) | null = null;
  for (const route of COMPILED) {
    if (route.parts.length !== segs.length) continue;
    const params: Record<string, string> = {};
    let literals = 0;
    let ok = true;
    route.parts.forEach((part, i) => {
      const seg = segs[i]!;
      if (part.startsWith(':')) {
        if (seg === '') ok = false;
        else params[part.slice(1)] = decodeURIComponent(seg);
      } else if (part === seg) literals++;
      else ok = false;
    });
    if (ok && (!best || literals > best.literals))
      best = { handler: route.handler, params, cached: route.cached, literals };
  }
  return best;
}

// Job endpoints: /jobs/overview, /jobs/:jid, /jobs/:jid/plan, /jobs/:jid/status.

import { z } from 'zod';
import { flinkNumber, optionalInstant } from './common';

export const jobsOverviewSchema = z
  .object({
    jobs: z.array(
      z.object({
        jid: z.string(),
        name: z.string(),
        state: z.string(),
        'start-time': optionalInstant,
        'end-time': optionalInstant,
        duration: z.number(),
        'last-modification': z.number(),
        tasks: z.record(z.string(), z.number()),
      }),
    ),
  })
  .transform((r) =>
    r.jobs.map((j) => ({
      jobId: j.jid,
      name: j.name,
      state: j.state,
      startTime: j['start-time'],
      endTime: j['end-time'],
      durationMs: j.duration,
      lastModification: j['last-modification'],
      tasks: j.tasks,
    })),
  );
export type JobOverview = z.output<typeof jobsOverviewSchema>[number];

// From 2.1 the plan is a typed class (JobPlanInfo.Plan) whose @Nullable fields (`ship_strategy`,
// `local_strategy`, `caching`) are written as null, and a source's `inputs` is [] instead of absent.
const planInputSchema = z.object({
  num: z.number().optional(),
  id: z.string(),
  ship_strategy: z.string().nullable().optional(),
  exchange: z.string().nullable().optional(),
});

const planSchema = z.object({
  jid: z.string().optional(),
  name: z.string().optional(),
  type: z.string().optional(),
  nodes: z.array(
    z.object({
      id: z.string(),
      parallelism: z.number(),
      operator: z.string().nullable().optional(),
      operator_strategy: z.string().nullable().optional(),
      description: z.string().nullable().optional(),
      inputs: z.array(planInputSchema).nullable().optional(),
    }),
  ),
});

export interface PlanEdge {
  source: string;
  target: string;
  /** `FORWARD`, `HASH`, …; 'UNKNOWN' when the plan did not say. */
  shipStrategy: string;
  exchange: string | null;
}

export interface JobPlan {
  nodes: Array<{ id: string; parallelism: number; description: string | null }>;
  edges: PlanEdge[];
}

function toPlan(p: z.output<typeof planSchema>): JobPlan {
  const edges: PlanEdge[] = [];
  for (const n of p.nodes) {
    for (const i of n.inputs ?? []) {
      edges.push({
        source: i.id,
        target: n.id,
        shipStrategy: i.ship_strategy ?? 'UNKNOWN',
        exchange: i.exchange ?? null,
      });
    }
  }
  return {
    nodes: p.nodes.map((n) => ({ id: n.id, parallelism: n.parallelism, description: n.description ?? null })),
    edges,
  };
}

export const jobPlanSchema = z.object({ plan: planSchema }).transform((r) => toPlan(r.plan));

const vertexMetricsSchema = z
  .object({
    'read-bytes': z.number().optional(),
    'write-bytes': z.number().optional(),
    'read-records': z.number().optional(),
    'write-records': z.number().optional(),
    // 1.16+; doubles that may be "NaN".
    'accumulated-backpressured-time': flinkNumber.optional(),
    'accumulated-idle-time': flinkNumber.optional(),
    'accumulated-busy-time': flinkNumber.optional(),
  })
  .optional();

export const jobDetailsSchema = z
  .object({
    jid: z.string(),
    name: z.string(),
    state: z.string(),
    'start-time': optionalInstant,
    'end-time': optionalInstant,
    duration: z.number(),
    now: z.number(),
    maxParallelism: z.number().optional(),
    timestamps: z.record(z.string(), z.number()).optional(),
    vertices: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        parallelism: z.number(),
        maxParallelism: z.number().optional(),
        status: z.string(),
        'start-time': optionalInstant,
        'end-time': optionalInstant,
        duration: z.number(),
        tasks: z.record(z.string(), z.number()).optional(),
        metrics: vertexMetricsSchema,
      }),
    ),
    plan: planSchema.optional(),
  })
  .transform((j) => {
    const plan = j.plan ? toPlan(j.plan) : null;
    const vertices = j.vertices.map((v) => ({
      id: v.id,
      name: v.name,
      parallelism: v.parallelism,
      maxParallelism: v.maxParallelism ?? null,
      status: v.status,
      startTime: v['start-time'],
      endTime: v['end-time'],
      tasks: v.tasks ?? {},
      accumulatedBackPressuredMs: v.metrics?.['accumulated-backpressured-time'] ?? Number.NaN,
      accumulatedIdleMs: v.metrics?.['accumulated-idle-time'] ?? Number.NaN,
      accumulatedBusyMs: v.metrics?.['accumulated-busy-time'] ?? Number.NaN,
    }));
    return {
      jobId: j.jid,
      name: j.name,
      state: j.state,
      startTime: j['start-time'],
      endTime: j['end-time'],
      durationMs: j.duration,
      now: j.now,
      maxParallelism: j.maxParallelism ?? null,
      timestamps: j.timestamps ?? {},
      vertices,
      plan,
      /** Vertex ids, sources first (stable: ties keep the order of `vertices`). */
      topoOrder: plan
        ? topologicalOrder(
            vertices.map((v) => v.id),
            plan.edges,
          )
        : vertices.map((v) => v.id),
    };
  });
export type JobDetails = z.output<typeof jobDetailsSchema>;

/**
 * Kahn's algorithm over the plan edges. Vertices in a cycle or referenced only by edges never
 * occur in Flink plans; any left over are appended in input order rather than dropped.
 */
export function topologicalOrder(ids: readonly string[], edges: readonly PlanEdge[]): string[] {
  const known = new Set(ids);
  const indegree = new Map(ids.map((id) => [id, 0]));
  const out = new Map<string, string[]>();
  for (const e of edges) {
    if (!known.has(e.source) || !known.has(e.target)) continue;
    indegree.set(e.target, (indegree.get(e.target) ?? 0) + 1);
    out.set(e.source, [...(out.get(e.source) ?? []), e.target]);
  }
  const order: string[] = [];
  const done = new Set<string>();
  let progress = true;
  while (progress) {
    progress = false;
    for (const id of ids) {
      if (done.has(id) || (indegree.get(id) ?? 0) > 0) continue;
      done.add(id);
      order.push(id);
      progress = true;
      for (const t of out.get(id) ?? []) indegree.set(t, (indegree.get(t) ?? 0) - 1);
    }
  }
  for (const id of ids) if (!done.has(id)) order.push(id);
  return order;
}

export const jobStatusSchema = z.object({ status: z.string() }).transform((s) => s.status);

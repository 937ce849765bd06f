// Cluster-level endpoints: /config, /overview, /jobmanager/config, /taskmanagers.

import { z } from 'zod';

export const dashboardConfigSchema = z
  .object({
    'refresh-interval': z.number(),
    'timezone-name': z.string().optional(),
    'timezone-offset': z.number().optional(),
    'flink-version': z.string(),
    'flink-revision': z.string().optional(),
  })
  .transform((c) => ({
    refreshIntervalMs: c['refresh-interval'],
    timezoneName: c['timezone-name'] ?? null,
    timezoneOffsetMs: c['timezone-offset'] ?? null,
    flinkVersion: c['flink-version'],
    flinkRevision: c['flink-revision'] ?? null,
  }));
export type DashboardConfig = z.output<typeof dashboardConfigSchema>;

export const clusterOverviewSchema = z
  .object({
    taskmanagers: z.number(),
    'slots-total': z.number(),
    'slots-available': z.number(),
    'jobs-running': z.number(),
    'jobs-finished': z.number(),
    'jobs-cancelled': z.number(),
    'jobs-failed': z.number(),
    'flink-version': z.string().optional(),
    'flink-commit': z.string().optional(),
    // 1.16+
    'taskmanagers-blocked': z.number().optional(),
  })
  .transform((o) => ({
    taskManagers: o.taskmanagers,
    slotsTotal: o['slots-total'],
    slotsAvailable: o['slots-available'],
    jobsRunning: o['jobs-running'],
    jobsFinished: o['jobs-finished'],
    jobsCancelled: o['jobs-cancelled'],
    jobsFailed: o['jobs-failed'],
    flinkVersion: o['flink-version'] ?? null,
    flinkCommit: o['flink-commit'] ?? null,
    taskManagersBlocked: o['taskmanagers-blocked'] ?? null,
  }));
export type ClusterOverview = z.output<typeof clusterOverviewSchema>;

/** `/jobmanager/config`: only keys that were set appear. */
export const jobManagerConfigSchema = z.array(z.object({ key: z.string(), value: z.string() }));
export type JobManagerConfigEntry = z.output<typeof jobManagerConfigSchema>[number];

export const taskManagersSchema = z
  .object({
    taskmanagers: z.array(
      z.object({
        id: z.string(),
        path: z.string().optional(),
        dataPort: z.number().optional(),
        timeSinceLastHeartbeat: z.number(),
        slotsNumber: z.number(),
        freeSlots: z.number(),
        // 1.16+
        blocked: z.boolean().optional(),
      }),
    ),
  })
  .transform((r) =>
    r.taskmanagers.map((t) => ({
      id: t.id,
      path: t.path ?? null,
      dataPort: t.dataPort ?? null,
      lastHeartbeat: t.timeSinceLastHeartbeat,
      slots: t.slotsNumber,
      freeSlots: t.freeSlots,
      blocked: t.blocked ?? false,
    })),
  );
export type TaskManagerSummary = z.output<typeof taskManagersSchema>[number];

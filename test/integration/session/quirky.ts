// A recording written straight from the simulator's model (no HTTP, so it takes milliseconds) with
// the quirks a poll can bring, for the tests of what the analysis reads from a session file.
import { SessionWriter } from '../../../electron/session/index';
import type { VertexAggregate } from '../../../electron/session/types';
import { createSimulation } from '../../../electron/simulator/model/index';
import type { VertexFrame } from '../../../shared/model';
import { durationMs, epochMs } from '../../../shared/time';
import { upTo } from './migrations/helpers';
import { declareSimulatedJob } from '../../fixtures/sim-structure';

const T0 = epochMs(Date.UTC(2026, 10, 26, 8, 0, 0));
const INTERVAL = 10_000;

/**
 * A recording written straight from the simulator's model with what a poll can bring: stale ticks
 * (not fresh, or the JobManager's fetch time repeated), error ticks, a job restart (counters start
 * again), counters summed by the JobManager only, gauges only, a few NaN values, JobManager fetch
 * times that jitter against the poll.
 */
export function quirky(file: string, scenario: string, format?: 5, extraTicks = 12): void {
  const model = createSimulation({ scenario, seed: 5, startTime: T0 });
  const job = model.jobs[0]!;
  const w = SessionWriter.create(file, { appVersion: 'test' }, format ? { migrations: upTo(format) } : {});
  const c = w.addCluster({
    url: 'http://127.0.0.1:8081',
    flinkVersion: '1.18.1',
    fetchIntervalMs: INTERVAL,
    pollIntervalMs: INTERVAL,
  });
  declareSimulatedJob(w, c, job, model.now);
  const ticks = Math.ceil(model.groundTruth.durationMs / INTERVAL) + extraTicks;
  let serverTs = model.now - 300;
  for (let i = 0; i < ticks; i++) {
    const ts = epochMs(model.now);
    const stale = i % 9 === 4;
    const repeated = i % 13 === 6;
    const error = i % 17 === 8;
    if (!stale && !repeated) serverTs = ts - 200 - ((i * 37) % 300);
    const vertexFrames: VertexFrame[] = [];
    const vertexAggregates: VertexAggregate[] = [];
    if (!error) {
      job.vertices.forEach((v, vi) => {
        const subtasks: VertexFrame['subtasks'] = {};
        const nan = (x: number, s: number): number => ((i * 7 + s * 3 + vi) % 97 === 0 ? NaN : x);
        // Vertex 0: gauges only; vertex 1: counters summed by the JobManager only; the rest per subtask.
        subtasks.backPressuredTimeMsPerSecond = Float64Array.from(v.subtasks, (s, k) =>
          nan(s.shares60s.backPressured, k),
        );
        subtasks.busyTimeMsPerSecond = Float64Array.from(v.subtasks, (s) => s.shares60s.busy);
        subtasks.idleTimeMsPerSecond = Float64Array.from(v.subtasks, (s) => s.shares60s.idle);
        subtasks.outPoolUsage = Float64Array.from(v.subtasks, (s) => s.outPoolUsage);
        subtasks.inPoolUsage = Float64Array.from(v.subtasks, (s) => s.inPoolUsage);
        subtasks.numRecordsOut = Float64Array.from(v.subtasks, (s) => s.numRecordsOut);
        if (vi >= 2) {
          subtasks.accumulateBackPressuredTimeMs = Float64Array.from(v.subtasks, (s, k) =>
            nan(s.accBackPressuredMs, k + 1),
          );
          subtasks.accumulateBusyTimeMs = Float64Array.from(v.subtasks, (s) => s.accBusyMs);
          subtasks.accumulateIdleTimeMs = Float64Array.from(v.subtasks, (s) => s.accIdleMs);
        }
        if (vi === 1) {
          for (const [metric, get] of [
            ['accumulateBackPressuredTimeMs', (s: (typeof v.subtasks)[number]) => s.accBackPressuredMs],
            ['accumulateBusyTimeMs', (s: (typeof v.subtasks)[number]) => s.accBusyMs],
            ['accumulateIdleTimeMs', (s: (typeof v.subtasks)[number]) => s.accIdleMs],
          ] as const) {
            const sum = v.subtasks.reduce((a, s) => a + get(s), 0);
            vertexAggregates.push({
              clusterId: c,
              jobId: job.jobId,
              vertexId: v.id,
              ts,
              metric,
              min: NaN,
              max: NaN,
              avg: sum / v.parallelism,
              sum,
              skew: NaN,
            });
          }
        }
        vertexFrames.push({
          clusterId: c,
          jobId: job.jobId,
          vertexId: v.id,
          ts,
          parallelism: v.parallelism,
          subtasks,
          ...(i === 0 ? { taskManagers: v.subtasks.map((s) => s.taskManagerId) } : {}),
        });
      });
    }
    w.writeTick({
      tick: {
        clusterId: c,
        ts,
        status: error ? 'error' : 'ok',
        latencyMs: durationMs(300),
        serverTs: epochMs(serverTs),
        fresh: !stale,
        requests: 9,
        error: error ? 'boom' : null,
      },
      vertexFrames,
      vertexAggregates,
    });
    model.advance(INTERVAL);
  }
  w.close();
}

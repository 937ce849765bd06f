// Every incident job against its designed ground truth (incidents.mjs) on one real cluster, measured with
// the exact accumulate*TimeMs counters (Flink 1.16+). About four minutes, so opt-in:
//   BACKFLOW_FLINK_SCENARIOS=1 [BACKFLOW_FLINK_VERSION=2.3] npm run flink -- test
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildJobs,
  cancelJob,
  jobsJar,
  resolveVersion,
  restGet,
  startCluster,
  submitJob,
  waitForJobRunning,
  type FlinkCluster,
} from './cluster.mjs';
import {
  args,
  expected,
  paramsFromJobConfig,
  vertexRole,
  type Expected,
  type Role,
  type Scenario,
  SHORT_TIMING,
} from './incidents.mjs';

const { version, family } = resolveVersion(process.env.BACKFLOW_FLINK_VERSION || '1.20');
const exactCounters = !/^1\.(1[0-5]|[0-9])\./.test(version);
const enabled = process.env.BACKFLOW_FLINK_SCENARIOS === '1' && exactCounters;

// gc runs alone: its collections stop the whole TaskManager, and with it other jobs' subtasks there.
const BATCHES: Scenario[][] = [
  ['sustained', 'skew', 'network', 'healthy'],
  ['transient', 'checkpoint-alignment', 'restart'],
  ['gc'],
];
/** Seconds after t0 each batch is recorded. */
const RUN_S = 55;
/** A metrics read answers from the previous fetch (interval 1 s): values are about this old. */
const LAG_MS = 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Vertex {
  role: Role;
  id: string;
  parallelism: number;
}
interface Counters {
  bp: number;
  busy: number;
  idle: number;
}
interface Sample {
  t: number;
  counters: Map<string, Counters>;
}

/** One job's counters over time: per vertex (summed over subtasks) and per watched subtask. */
class JobRecording {
  readonly samples: Sample[] = [];
  constructor(
    readonly rest: string,
    readonly jobId: string,
    readonly vertices: Vertex[],
    readonly params: ReturnType<typeof paramsFromJobConfig>,
  ) {}

  vertex(role: Role): Vertex {
    const v = this.vertices.find((x) => x.role === role);
    if (!v) throw new Error(`job ${this.jobId} has no ${role} vertex`);
    return v;
  }

  async tick(): Promise<void> {
    const t = Date.now() - LAG_MS;
    const counters = new Map<string, Counters>();
    const read = async (key: string, vertexId: string, subtasks?: number) => {
      const query = `get=accumulateBackPressuredTimeMs,accumulateBusyTimeMs,accumulateIdleTimeMs&agg=sum${subtasks === undefined ? '' : `&subtasks=${subtasks}`}`;
      const m: { id: string; sum: number }[] = await restGet(
        this.rest,
        `/jobs/${this.jobId}/vertices/${vertexId}/subtasks/metrics?${query}`,
      ).catch(() => []);
      const get = (id: string) => m.find((e) => e.id === id)?.sum;
      const bp = get('accumulateBackPressuredTimeMs');
      const busy = get('accumulateBusyTimeMs');
      const idle = get('accumulateIdleTimeMs');
      if (bp !== undefined && busy !== undefined && idle !== undefined) counters.set(key, { bp, busy, idle });
    };
    await Promise.all(
      this.vertices.flatMap((v) => [
        read(v.role, v.id),
        ...(v.role === 'window' ? Array.from({ length: v.parallelism }, (_, i) => read(`window.${i}`, v.id, i)) : []),
      ]),
    );
    this.samples.push({ t, counters });
  }

  /** Seconds after t0 of the first sample. */
  firstSample(): number {
    return ((this.samples[0]?.t ?? Number.POSITIVE_INFINITY) - this.params.t0) / 1000;
  }

  /** Counter value at t (epoch ms), interpolated between samples. */
  private at(key: string, field: keyof Counters, t: number): number {
    const s = this.samples.filter((x) => x.counters.has(key));
    const i = s.findIndex((x) => x.t >= t);
    if (i <= 0) throw new Error(`no ${key} samples around ${((t - this.params.t0) / 1000).toFixed(1)} s`);
    const a = s[i - 1]!;
    const b = s[i]!;
    const va = a.counters.get(key)![field];
    const vb = b.counters.get(key)![field];
    return va + ((vb - va) * (t - a.t)) / (b.t - a.t);
  }

  /** Share of [from, to] (seconds after t0) the vertex (or "window.<i>") spent in `field`, 0..1. */
  ratio(key: string, field: keyof Counters, from: number, to: number): number {
    const [t1, t2] = [this.params.t0 + from * 1000, this.params.t0 + to * 1000];
    const subtasks = key.includes('.') ? 1 : this.vertex(key as Role).parallelism;
    return (this.at(key, field, t2) - this.at(key, field, t1)) / ((t2 - t1) * subtasks);
  }
}

/** Checks the backpressure episodes and bottlenecks of `exp`, and calm outside them. */
function checkEpisodes(rec: JobRecording, exp: Expected, end: number) {
  const span = (v: Role, s: 'all' | number[]) => (s === 'all' ? [v as string] : s.map((i) => `${v}.${i}`));
  const episodes = exp.episodes.filter((e) => !e.optional);
  for (const e of episodes) {
    // Backpressure builds once buffers fill and drains after the cause ends: judge the whole window plus
    // the drain tolerance, and ask for at least half of the incident's length.
    const bp = rec.ratio(e.vertex, 'bp', e.from, e.to + 2) * ((e.to + 2 - e.from) / (e.to - e.from));
    expect(bp, `${e.vertex} backpressured in [${e.from}, ${e.to}] s`).toBeGreaterThan(e.level === 'HIGH' ? 0.5 : 0.1);
    if (e.bottleneck) {
      for (const key of span(e.bottleneck.vertex, e.bottleneck.subtasks)) {
        const busy = rec.ratio(key, 'busy', e.from, e.to + 2) * ((e.to + 2 - e.from) / (e.to - e.from));
        expect(busy, `${key} busy in [${e.from}, ${e.to}] s`).toBeGreaterThan(0.7);
        expect(rec.ratio(key, 'bp', e.from + 1, e.to), `${key} (bottleneck) not backpressured`).toBeLessThan(0.1);
      }
    }
  }
  // Calm before the first incident (optional ones included) and after the last one has drained.
  const first = Math.min(...exp.episodes.map((e) => e.from), end);
  const last = Math.max(...exp.episodes.map((e) => e.to), 0);
  const calmFrom = Math.max(8, rec.firstSample() + 0.5);
  for (const v of rec.vertices) {
    if (first - 1 > calmFrom)
      expect(rec.ratio(v.role, 'bp', calmFrom, first - 1), `${v.role} calm before ${first} s`).toBeLessThan(0.1);
    if (last > 0 && last + exp.tolerance.endS < end - 2) {
      expect(
        rec.ratio(v.role, 'bp', last + exp.tolerance.endS, end - 1),
        `${v.role} calm after ${last} s`,
      ).toBeLessThan(0.1);
    }
  }
}

describe.skipIf(!enabled)(`incident scenarios on real Flink ${version}`, () => {
  let cluster: FlinkCluster | undefined;

  beforeAll(async () => {
    buildJobs({ families: [family], ifStale: true });
    cluster = await startCluster({ version, taskManagers: 2, slots: 6, fetchInterval: '1s' });
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  for (const batch of BATCHES) {
    describe(batch.join(', '), () => {
      const recordings = new Map<Scenario, JobRecording>();
      const gcBefore = new Map<string, number>();
      const oldGenTime = async (tm: string) => {
        const m: { id: string; value: string }[] = await restGet(
          cluster!.rest,
          `/taskmanagers/${tm}/metrics?get=Status.JVM.GarbageCollector.G1_Old_Generation.Time`,
        );
        return Number(m[0]?.value ?? Number.NaN);
      };

      beforeAll(
        async () => {
          const rest = cluster!.rest;
          const submitted: [Scenario, string][] = [];
          for (const scenario of batch)
            submitted.push([scenario, await submitJob(rest, jobsJar(version), args(scenario, SHORT_TIMING[scenario]))]);
          for (const [scenario, jobId] of submitted) {
            const job = await waitForJobRunning(rest, jobId, 60_000);
            const config = await restGet(rest, `/jobs/${jobId}/config`);
            const vertices = job.vertices.map((v: { name: string; id: string; parallelism: number }) => ({
              role: vertexRole(v.name),
              id: v.id,
              parallelism: v.parallelism,
            }));
            recordings.set(
              scenario,
              new JobRecording(rest, jobId, vertices, paramsFromJobConfig(config['execution-config']['user-config'])),
            );
          }
          const tms: { id: string }[] = (await restGet(rest, '/taskmanagers')).taskmanagers;
          for (const tm of tms) gcBefore.set(tm.id, await oldGenTime(tm.id));
          const until = Math.max(...[...recordings.values()].map((r) => r.params.t0)) + RUN_S * 1000;
          while (Date.now() < until) {
            const tick = Date.now();
            await Promise.all([...recordings.values()].map((r) => r.tick()));
            await sleep(Math.max(0, 1000 - (Date.now() - tick)));
          }
        },
        (RUN_S + 120) * 1000,
      );

      afterAll(async () => {
        for (const r of recordings.values()) await cancelJob(r.rest, r.jobId).catch(() => {});
      });

      for (const scenario of batch) {
        it(scenario, async () => {
          const rec = recordings.get(scenario)!;
          const end = RUN_S - 2;
          switch (scenario) {
            case 'checkpoint-alignment': {
              const history: { trigger_timestamp: number; end_to_end_duration: number; status: string }[] = (
                await restGet(rec.rest, `/jobs/${rec.jobId}/checkpoints`)
              ).history;
              const triggers = history
                .map((h) => (h.trigger_timestamp - rec.params.t0) / 1000)
                .filter((t) => t + rec.params['snapshot-ms'] / 1000 < end);
              const exp = expected(rec.params, { checkpointTriggers: triggers });
              expect(exp.episodes.length, 'slow checkpoints in the incident window').toBeGreaterThanOrEqual(4);
              for (const h of history) {
                const t = (h.trigger_timestamp - rec.params.t0) / 1000;
                if (t >= exp.checkpoints!.from && t < exp.checkpoints!.to)
                  expect(h.end_to_end_duration, `checkpoint at ${t.toFixed(1)} s`).toBeGreaterThanOrEqual(
                    exp.checkpoints!.minDurationMs,
                  );
                else expect(h.end_to_end_duration, `checkpoint at ${t.toFixed(1)} s`).toBeLessThan(1000);
              }
              checkEpisodes(rec, exp, end);
              break;
            }
            case 'gc': {
              const exp = expected(rec.params);
              const enrich = await restGet(rec.rest, `/jobs/${rec.jobId}/vertices/${rec.vertex('enrich').id}`);
              const gcTm: string = enrich.subtasks[exp.gc!.subtask]['taskmanager-id'];
              const rounds = exp.gc!.at.filter((t) => t < end - 3).length;
              for (const [tm, before] of gcBefore) {
                const spent = (await oldGenTime(tm)) - before;
                if (tm === gcTm)
                  expect(spent, `old-gen GC time on ${tm}`).toBeGreaterThanOrEqual(rounds * exp.gc!.minRoundMs);
                else expect(spent, `old-gen GC time on ${tm} (the other TaskManager)`).toBeLessThan(500);
              }
              checkEpisodes(rec, exp, end);
              break;
            }
            case 'restart': {
              const exp = expected(rec.params);
              const [restart] = exp.restarts;
              const metrics: { id: string; value: string }[] = await restGet(
                rec.rest,
                `/jobs/${rec.jobId}/metrics?get=numRestarts`,
              );
              expect(Number(metrics[0]?.value)).toBe(1);
              const job = await restGet(rec.rest, `/jobs/${rec.jobId}`);
              expect(job.state).toBe('RUNNING');
              const restartedAt = (job.timestamps.RESTARTING - rec.params.t0) / 1000;
              expect(Math.abs(restartedAt - restart!.at), 'failure time').toBeLessThan(3);
              expect(
                Math.abs((job.timestamps.RUNNING - job.timestamps.RESTARTING) / 1000 - restart!.delayS),
                'restart delay',
              ).toBeLessThan(2);
              const exceptions = await restGet(rec.rest, `/jobs/${rec.jobId}/exceptions`);
              expect(JSON.stringify(exceptions.exceptionHistory.entries[0])).toContain(restart!.cause);
              const calmFrom = Math.max(8, rec.firstSample() + 0.5);
              for (const v of rec.vertices)
                expect(
                  rec.ratio(v.role, 'bp', calmFrom, restart!.at - 1),
                  `${v.role} calm before the failure`,
                ).toBeLessThan(0.1);
              break;
            }
            default: {
              const exp = expected(rec.params);
              checkEpisodes(rec, exp, end);
              if (scenario === 'healthy')
                expect(rec.ratio('enrich', 'busy', Math.max(8, rec.firstSample() + 0.5), end)).toBeLessThan(0.5);
              if (scenario === 'skew') {
                // Only the hot key's subtask is overloaded; the others have less to do than before.
                for (let i = 0; i < rec.vertex('window').parallelism; i++) {
                  if (i === rec.params['hot-subtask']) continue;
                  expect(
                    rec.ratio(`window.${i}`, 'busy', rec.params.from + 2, rec.params.to - 1),
                    `window.${i} (not hot) busy`,
                  ).toBeLessThan(0.5);
                }
              }
            }
          }
        });
      }
    });
  }
});

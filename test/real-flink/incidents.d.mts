// Types for incidents.mjs: the incident jobs' arguments and designed ground truth.

export type Role = 'source' | 'enrich' | 'window' | 'sink';
export type Scenario =
  'healthy' | 'sustained' | 'transient' | 'skew' | 'checkpoint-alignment' | 'gc' | 'restart' | 'network';

export const VERTEX_NAMES: Readonly<Record<Role, { flink1: string; flink2: string }>>;
export const SCENARIOS: readonly Scenario[];
/** Timings for running a batch of incidents in about a minute. */
export const SHORT_TIMING: Readonly<Record<Scenario, Record<string, number>>>;

export function vertexRole(name: string): Role | undefined;
export function defaults(scenario: Scenario): Record<string, number>;
/** Program arguments: --scenario S and every parameter (overrides win). */
export function args(scenario: Scenario, overrides?: Record<string, number>): string[];
/** A job's user-config (GET /jobs/:id/config) as numbers; includes t0 (epoch ms) and hot-key. */
export function paramsFromJobConfig(userConfig: Record<string, string>): { scenario: Scenario } & Record<string, any>;

export interface ExpectedEpisode {
  vertex: Role;
  subtasks: 'all' | number[];
  /** Seconds after t0. */
  from: number;
  to: number;
  level: 'HIGH' | 'LOW';
  class: 'sustained' | 'transient';
  overlaps: ('checkpoint' | 'gc' | 'restart')[];
  bottleneck: { vertex: Role; subtasks: 'all' | number[] } | null;
  /** Real but small; a detector may miss it. */
  optional?: boolean;
}

export interface Expected {
  scenario: Scenario;
  /** Epoch ms of the job's main(); undefined when built from defaults. */
  t0: number | undefined;
  episodes: ExpectedEpisode[];
  /** checkpoint-alignment: checkpoints triggered in [from, to) take at least minDurationMs, in vertex/subtask's sync phase. */
  checkpoints: { from: number; to: number; minDurationMs: number; vertex: Role; subtask: number } | null;
  /** gc: rounds of full collections on the TaskManager running vertex/subtask. */
  gc: { vertex: Role; subtask: number; at: number[]; collectionsPerRound: number; minRoundMs: number } | null;
  restarts: { at: number; delayS: number; cause: string }[];
  tolerance: { startS: number; endS: number };
}

export function expected(
  params: { scenario: Scenario } & Record<string, any>,
  observed?: { checkpointTriggers?: number[] },
): Expected;

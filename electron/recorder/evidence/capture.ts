// Captures evidence for one cluster while recording: when an episode turns sustained (the live
// tracker, same rules as the analysis), an on-CPU and an off-CPU flame graph of the bottleneck
// (its busiest subtask when skewed, 1.17+) and thread dumps of the TaskManagers hosting it.
// Bounded: one capture per vertex per 10 minutes, one in flight per cluster, a few requests per
// tick inside the tick's budget. A sampling that has no data yet is polled once per later tick,
// never waited for; one that never finishes is given up and recorded as incomplete. A cluster
// that does not offer flame graphs (too old, or rest.flamegraph.enabled false) is asked nothing
// more and says so once.

import { LiveEpisodeTracker } from '../../../shared/analysis/live';
import type { FlameGraphType } from '../../../shared/evidence';
import type { ClusterId, EdgeInfo, TickInfo, VertexFrame } from '../../../shared/model';
import type { EpochMs } from '../../../shared/time';
import { FlinkApiError, type FlinkCapabilities, type FlinkClient } from '../../flink/index';
import type { NewEvidence } from '../../session/types';
import { captureTarget, vertexTarget, type CaptureTarget } from './target';

export const CAPTURE_EVERY_MS = 10 * 60_000;
/** Ticks a capture may take (a sampling without data, a slow endpoint) before it is given up. */
export const MAX_POLLS = 12;
/** A user's "capture now" may come sooner than CAPTURE_EVERY_MS, but not sooner than this per vertex. */
export const USER_CAPTURE_EVERY_MS = 30_000;
const TYPES: readonly FlameGraphType[] = ['ON_CPU', 'OFF_CPU'];
const ENABLE_HINT = 'set rest.flamegraph.enabled: true in the Flink configuration';

export interface EvidenceTickInput {
  ts: EpochMs;
  fresh: boolean;
  serverTs: EpochMs | null;
  frames: readonly VertexFrame[];
  /** Job structures declared this tick (first seen or changed). */
  declarations: readonly { job: { jobId: string }; edges: EdgeInfo[] }[];
  caps: FlinkCapabilities;
  versionText: string | null;
  /** The effective sample interval (the slower of the poll and the metric fetcher). */
  intervalMs: number;
}

/** What a user's request to capture now was told. */
export interface CaptureRequestAnswer {
  accepted: boolean;
  message: string;
}

interface Pending {
  target: CaptureTarget;
  /** Flame graph types still to fetch, the first one sampling. */
  types: FlameGraphType[];
  /** Thread dumps still to take: TaskManager → the subtasks it hosts. */
  dumps: Map<string, number[]>;
  polls: number;
  /** A requested vertex whose TaskManagers are not known yet (not polled per subtask): asked first. */
  lookup?: boolean;
}

export class EvidenceCapture {
  private tracker: LiveEpisodeTracker | null = null;
  private readonly edges = new Map<string, EdgeInfo[]>();
  private readonly placement = new Map<string, string[]>();
  private readonly open = new Set<string>();
  private readonly lastCapture = new Map<string, number>();
  private pending: Pending | null = null;
  private flameGraphsDisabled = false;
  private tooOldReported = false;
  /** A user's request, started at the next tick without a capture in flight. */
  private requested: { jobId: string; vertexId: string } | null = null;
  private readonly lastRequested = new Map<string, number>();
  private last: { ts: number; caps: FlinkCapabilities; versionText: string | null } | null = null;

  constructor(
    private readonly clusterId: ClusterId,
    private readonly client: FlinkClient,
    private readonly sustainedAfterMs?: number,
  ) {}

  /** Follows the tick, maybe starts a capture, advances the one in flight; returns what it stored. */
  async tick(input: EvidenceTickInput, notices: string[]): Promise<NewEvidence[]> {
    for (const d of input.declarations) this.edges.set(d.job.jobId, d.edges);
    for (const f of input.frames) if (f.taskManagers) this.placement.set(`${f.jobId}/${f.vertexId}`, f.taskManagers);
    const out: NewEvidence[] = [];
    const events = this.track(input);
    // The tick's opened and ended episodes first: the walk to the bottleneck reads them.
    for (const e of events) {
      if (e.kind === 'episode-started') this.open.add(`${e.jobId}/${e.vertexId}`);
      else if (e.kind === 'episode-ended') this.open.delete(`${e.jobId}/${e.vertexId}`);
    }
    // A later episode while a capture is in flight is left out: one sampling per cluster at a time.
    for (const e of events)
      if (e.kind === 'episode-sustained' && !this.pending) this.start(input, e.jobId, e.vertexId, out, notices);
    this.last = { ts: input.ts, caps: input.caps, versionText: input.versionText };
    if (this.requested && !this.pending) this.startRequested(input, this.requested);
    if (this.pending) await this.advance(input, this.pending, out, notices);
    return out;
  }

  /**
   * A user asks for evidence of one vertex now: started at the next tick (after the capture in
   * flight, if any), within the same bounds but for the 10-minute limit, which a user may bypass
   * once per USER_CAPTURE_EVERY_MS and vertex.
   */
  request(jobId: string, vertexId: string): CaptureRequestAnswer {
    const last = this.last;
    if (!last) return { accepted: false, message: 'nothing was polled yet: ask again after the first tick' };
    if (!last.caps.flameGraph)
      return {
        accepted: false,
        message: `not available: Flink ${last.versionText ?? '(unknown version)'} has no flame graphs or thread dumps (1.13+)`,
      };
    if (this.flameGraphsDisabled && !last.caps.threadDump)
      return { accepted: false, message: `not available: flame graphs are disabled on this cluster (${ENABLE_HINT})` };
    const key = `${jobId}/${vertexId}`;
    const before = this.lastRequested.get(key);
    if (before !== undefined && last.ts - before < USER_CAPTURE_EVERY_MS) {
      const wait = Math.ceil((USER_CAPTURE_EVERY_MS - (last.ts - before)) / 1000);
      return { accepted: false, message: `captured moments ago: ask again in ${wait} s` };
    }
    const replaced = this.requested && `${this.requested.jobId}/${this.requested.vertexId}` !== key;
    this.requested = { jobId, vertexId };
    const what = this.flameGraphsDisabled ? 'thread dumps' : 'flame graphs and thread dumps';
    return {
      accepted: true,
      message: this.pending
        ? `${what} will be captured once the capture in flight is done${replaced ? ' (instead of the earlier request)' : ''}`
        : `${what} will be captured from the next poll on`,
    };
  }

  private startRequested(input: EvidenceTickInput, r: { jobId: string; vertexId: string }): void {
    this.requested = null;
    const key = `${r.jobId}/${r.vertexId}`;
    const before = this.lastRequested.get(key);
    if (before !== undefined && input.ts - before < USER_CAPTURE_EVERY_MS) return;
    const frame = input.frames.find((f) => f.jobId === r.jobId && f.vertexId === r.vertexId);
    const target = vertexTarget(r.jobId, r.vertexId, frame, this.placement.get(key) ?? []);
    this.lastRequested.set(key, input.ts);
    this.lastCapture.set(key, input.ts);
    this.pending = {
      ...this.pendingFor(input, target),
      lookup: input.caps.threadDump && target.taskManagers.size === 0,
    };
  }

  private pendingFor(input: EvidenceTickInput, target: CaptureTarget): Pending {
    return {
      target,
      types: this.flameGraphsDisabled ? [] : [...TYPES],
      dumps: new Map(input.caps.threadDump ? target.taskManagers : []),
      polls: 0,
    };
  }

  /** Where the subtasks of a requested vertex run, for its thread dumps (asked again next tick when not answered). */
  private async lookUp(p: Pending): Promise<void> {
    const { target } = p;
    try {
      const details = await this.client.getVertex(target.jobId, target.vertexId);
      p.lookup = false;
      const found = vertexTarget(target.jobId, target.vertexId, undefined, details.taskManagerIds).taskManagers;
      for (const [tm, subs] of found) p.dumps.set(tm, subs);
      target.taskManagers = found;
    } catch (e) {
      if (!(e instanceof FlinkApiError)) throw e;
      if (e.kind !== 'not-asked' && e.kind !== 'timeout') p.lookup = false;
    }
  }

  private track(input: EvidenceTickInput) {
    this.tracker ??= new LiveEpisodeTracker({
      intervalMs: input.intervalMs,
      flinkVersion: input.versionText,
      ...(this.sustainedAfterMs === undefined ? {} : { sustainedAfterMs: this.sustainedAfterMs }),
    });
    const tick: TickInfo = {
      clusterId: this.clusterId,
      ts: input.ts,
      status: 'ok',
      latencyMs: 0 as TickInfo['latencyMs'],
      serverTs: input.serverTs,
      fresh: input.fresh,
      requests: 0,
      error: null,
    };
    return this.tracker.push(tick, input.frames);
  }

  private start(input: EvidenceTickInput, jobId: string, vertexId: string, out: NewEvidence[], notices: string[]) {
    // Flame graphs and thread dumps both came with 1.13: say so once, at the first sustained episode.
    if (!input.caps.flameGraph) {
      if (this.tooOldReported) return;
      this.tooOldReported = true;
      const version = input.versionText ?? '(unknown version)';
      const note = `not available: Flink ${version} has no flame graphs or thread dumps (1.13+, with rest.flamegraph.enabled: true)`;
      const at: CaptureTarget = { jobId, vertexId, skewedSubtask: null, taskManagers: new Map() };
      out.push(this.row(input.ts, at, 'flamegraph', null, null, 'not-available', note));
      notices.push(`${this.client.redactedUrl}: evidence ${note}`);
      return;
    }
    const inJob = <T>(m: Iterable<[string, T]>) =>
      new Map([...m].filter(([k]) => k.startsWith(`${jobId}/`)).map(([k, v]) => [k.slice(jobId.length + 1), v]));
    const frames = new Map(input.frames.filter((f) => f.jobId === jobId).map((f) => [f.vertexId, f]));
    const backpressured = new Set(inJob([...this.open].map((k) => [k, true])).keys());
    const edges = this.edges.get(jobId) ?? [];
    const target = captureTarget(jobId, vertexId, frames, edges, backpressured, inJob(this.placement));
    if (!target) return;
    const key = `${jobId}/${target.vertexId}`;
    const last = this.lastCapture.get(key);
    if (last !== undefined && input.ts - last < CAPTURE_EVERY_MS) return;
    this.lastCapture.set(key, input.ts);
    this.pending = this.pendingFor(input, target);
  }

  /** One step of the capture in flight: at most one flame graph poll (two when it turns ready) and the dumps left. */
  private async advance(input: EvidenceTickInput, p: Pending, out: NewEvidence[], notices: string[]) {
    const { target } = p;
    const subtask = target.skewedSubtask !== null && input.caps.flameGraphSubtask ? target.skewedSubtask : undefined;
    const subtasks = subtask === undefined ? null : [subtask];
    const flame = (status: NewEvidence['status'], note: string, type: FlameGraphType | null = null) =>
      this.row(input.ts, target, 'flamegraph', type, type === null ? null : subtasks, status, note);
    const giveUp = (status: NewEvidence['status'], note: string) => {
      for (const t of p.types.splice(0)) out.push(flame(status, note, t));
      for (const [tm, subs] of p.dumps) out.push(this.dumpRow(input.ts, target, tm, subs, status, note));
      p.dumps.clear();
    };
    p.polls++;
    if (p.lookup) await this.lookUp(p);
    const graphs = async () => {
      while (p.types.length > 0) {
        const type = p.types[0]!;
        const answer = await this.client.getFlameGraph(target.jobId, target.vertexId, type, subtask);
        if (answer.status === 'waiting') return;
        p.types.shift();
        if (answer.status === 'disabled') {
          p.types.length = 0;
          this.flameGraphsDisabled = true;
          const note = `not available: flame graphs are disabled on this cluster (${ENABLE_HINT})`;
          out.push(flame('not-available', note));
          notices.push(`${this.client.redactedUrl}: evidence ${note}`);
        } else if (answer.status === 'ready')
          out.push({ ...flame('captured', '', type), note: null, data: answer.graph });
        else out.push(flame('failed', `no flame graph: the task is ${answer.status}`, type));
      }
    };
    const dumps = Promise.all(
      [...p.dumps].map(async ([tm, subs]) => {
        try {
          out.push({
            ...this.dumpRow(input.ts, target, tm, subs, 'captured', null),
            data: await this.client.getThreadDump(tm),
          });
        } catch (e) {
          if (!(e instanceof FlinkApiError)) throw e;
          if (e.kind === 'not-asked') return;
          const note = e.kind === 'not-found' ? `TaskManager ${tm} is gone` : e.message;
          out.push(this.dumpRow(input.ts, target, tm, subs, 'failed', note));
        }
        p.dumps.delete(tm);
      }),
    );
    try {
      await graphs();
    } catch (e) {
      if (!(e instanceof FlinkApiError)) throw e;
      // Not asked (the tick's budget or deadline) or slow: asked again next tick, within the poll limit.
      if (e.kind !== 'not-asked' && e.kind !== 'timeout') giveUp('failed', e.message);
    }
    await dumps;
    if (p.polls >= MAX_POLLS) p.lookup = false;
    if (p.polls >= MAX_POLLS && (p.types.length > 0 || p.dumps.size > 0))
      giveUp(
        'incomplete',
        `no answer after ${p.polls} polls (sampling never finished or the endpoint was too slow); given up`,
      );
    if (p.types.length === 0 && p.dumps.size === 0 && !p.lookup) this.pending = null;
  }

  private dumpRow(
    ts: EpochMs,
    t: CaptureTarget,
    tm: string,
    subtasks: number[],
    status: NewEvidence['status'],
    note: string | null,
  ): NewEvidence {
    return { ...this.row(ts, t, 'thread-dump', null, subtasks, status, note), taskManagerId: tm };
  }

  private row(
    ts: EpochMs,
    t: CaptureTarget,
    kind: NewEvidence['kind'],
    type: FlameGraphType | null,
    subtasks: number[] | null,
    status: NewEvidence['status'],
    note: string | null,
    data: NewEvidence['data'] = null,
  ): NewEvidence {
    return {
      clusterId: this.clusterId,
      ts,
      jobId: t.jobId,
      vertexId: t.vertexId,
      subtasks,
      taskManagerId: null,
      kind,
      type,
      status,
      note,
      data,
    };
  }
}

// The analysis input of a session that is being recorded, kept from one analysis to the next:
// each read adds only what the file gained (ticks, vertex frames, TaskManager frames) and reads
// the small tables (clusters, jobs, vertices, edges, checkpoints, GC windows, job events, the
// evidence list) whole again, evidence content only where new, so a read costs what was recorded
// since the last one, not the session's length. The result equals readAnalysisInput's over the whole file (the test says so).

import type { CapturedEvidence } from '../../shared/analysis/evidence-hints';
import type { AnalysisInput } from '../../shared/analysis/input';
import { vertexKey } from '../../shared/keys';
import { epochMs } from '../../shared/time';
import { readAnalysisInput } from './analysis-input';
import { readCapturedEvidence } from './evidence-input';
import { DecodedRuns } from './lazy-frames';
import { ANALYSIS_DECODE_BYTES, type SessionReader } from './reader';

/**
 * How far back each read looks again. Clusters write their ticks in separate transactions, so a
 * cluster's tick can be committed after another cluster's later one; looking back this far and
 * keeping only what is newer than each vertex's, cluster's and TaskManager's last instant adds
 * such a tick when it lands.
 */
export const REREAD_MS = 5 * 60_000;

export class GrowingAnalysisInput {
  private input: AnalysisInput | null = null;
  private readonly lastFrame = new Map<string, number>();
  private readonly lastTick = new Map<number, number>();
  private readonly lastTaskManagerFrame = new Map<string, number>();
  /** Decoded runs, shared by every read's frames (an episode's window is decoded once). */
  readonly runs = new DecodedRuns(ANALYSIS_DECODE_BYTES);
  private readTo = -Infinity;
  /** The evidence of the last read, by id (readCapturedEvidence). */
  private readonly evidence = new Map<number, CapturedEvidence>();
  /** Frames the last read added (what a bench or test looks at). */
  added = 0;

  constructor(private readonly reader: SessionReader) {}

  read(): AnalysisInput {
    const reader = this.reader;
    const whole = reader.timeRange();
    if (!whole) return readAnalysisInput(reader);
    reader.refresh(); // vertices and metrics added since the last read
    const vertices = reader.vertices();
    const all = { from: epochMs(whole.from), to: epochMs(whole.to) };
    const recent = { from: epochMs(Math.max(whole.from, this.readTo - REREAD_MS)), to: all.to };
    const input = (this.input ??= {
      clusters: [],
      jobs: [],
      vertices: [],
      edges: [],
      ticks: [],
      frames: [],
      placements: [],
      taskManagerFrames: [],
      checkpoints: [],
      gcWindows: [],
      events: [],
      evidence: [],
    });
    input.clusters = reader.clusters();
    input.jobs = reader.jobs();
    input.vertices = vertices;
    input.edges = reader.edgesAt(all.to);
    input.checkpoints = reader.checkpoints(all);
    input.gcWindows = reader.gcWindows(all);
    input.events = reader.events(all);
    input.evidence = readCapturedEvidence(reader, all, this.evidence);

    for (const t of reader.ticks(recent)) {
      if (t.ts <= (this.lastTick.get(t.clusterId) ?? -Infinity)) continue;
      input.ticks.push(t);
      this.lastTick.set(t.clusterId, t.ts);
    }
    for (const f of reader.taskManagerFrames(recent)) {
      const k = `${f.clusterId}/${f.taskManagerId}`;
      if (f.ts <= (this.lastTaskManagerFrame.get(k) ?? -Infinity)) continue;
      input.taskManagerFrames.push(f);
      this.lastTaskManagerFrame.set(k, f.ts);
    }
    // A vertex seen before is read from `recent` on; a new one from the start.
    const seen = vertices.filter((v) => this.lastFrame.has(vertexKey(v.clusterId, v.jobId, v.vertexId)));
    const fresh = vertices.filter((v) => !this.lastFrame.has(vertexKey(v.clusterId, v.jobId, v.vertexId)));
    const read = [
      ...reader.analysisFrames(recent, seen, this.runs).frames,
      ...reader.analysisFrames(all, fresh, this.runs).frames,
    ];
    this.added = 0;
    for (const f of read) {
      const k = vertexKey(f.clusterId, f.jobId, f.vertexId);
      if (f.ts <= (this.lastFrame.get(k) ?? -Infinity)) continue;
      input.frames.push(f);
      this.lastFrame.set(k, f.ts);
      this.added++;
    }
    this.readTo = whole.to;
    return input;
  }
}

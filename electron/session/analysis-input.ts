// Reads a session (or a time slice of it) as the analysis input. The one place that maps the
// session file onto shared/analysis/input.ts, used by the service, `backflow analyze` and reports.
import type { AnalysisInput } from '../../shared/analysis/input';
import { epochMs, type EpochMs } from '../../shared/time';
import { readCapturedEvidence } from './evidence-input';
import type { SessionReader } from './reader';

const FOREVER = Number.MAX_SAFE_INTEGER;

export function readAnalysisInput(reader: SessionReader, range?: { from: EpochMs; to: EpochMs }): AnalysisInput {
  const whole = reader.timeRange();
  const r = range ?? (whole ? { from: epochMs(whole.from), to: epochMs(whole.to) } : null);
  const vertices = reader.vertices();
  return {
    clusters: reader.clusters(),
    jobs: reader.jobs(),
    vertices,
    edges: reader.edgesAt(epochMs(r?.to ?? FOREVER)),
    ticks: r ? reader.ticks(r) : [],
    frames: r ? reader.analysisFrames(r, vertices).frames : [],
    placements: [],
    taskManagerFrames: r ? reader.taskManagerFrames(r) : [],
    checkpoints: r ? reader.checkpoints(r) : [],
    gcWindows: r ? reader.gcWindows(r) : [],
    events: r ? reader.events(r) : [],
    evidence: readCapturedEvidence(reader, r),
  };
}

/**
 * What the analysis looks at outside the range it is asked about: a range's first sample is
 * differenced against the frame before it, the sample interval is the median spacing, GC windows
 * are merged across polls. Its episodes lie inside the range (findEpisodes clips them).
 */
export const RANGE_CONTEXT_MS = 15 * 60_000;

/**
 * The input for analysing [from, to] only (a report or preview of a range): that range and
 * RANGE_CONTEXT_MS either side, and every job event up to its end (the job's state and restarts
 * before the range say whether it was running or catching up in it). On regularly sampled sessions
 * `analyzeSession(input, { from, to })` says exactly what it says over the whole session's input,
 * at a cost that depends on the range, not on the session's length.
 */
export function readRangeInput(reader: SessionReader, from: number, to: number): AnalysisInput {
  const whole = reader.timeRange();
  if (!whole) return readAnalysisInput(reader);
  const start = Math.max(whole.from, Math.min(from, whole.to) - RANGE_CONTEXT_MS);
  // From a key frame: the first frame of each vertex (which the analysis reduces without a base)
  // then decodes alone. At most one key frame interval more context.
  const key = reader.keyFramesBefore(epochMs(start));
  const r = {
    from: epochMs(key !== null && start - key <= RANGE_CONTEXT_MS ? key : start),
    to: epochMs(Math.min(whole.to, Math.max(to, whole.from) + RANGE_CONTEXT_MS)),
  };
  const input = readAnalysisInput(reader, r);
  input.edges = reader.edgesAt(whole.to);
  input.events = reader.events({ from: whole.from, to: r.to });
  return input;
}

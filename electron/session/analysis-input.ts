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

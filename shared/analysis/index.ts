// Backpressure analysis: pure functions from recorded samples to an explanation.

export { analyzeSession, DEFAULT_SUSTAINED_AFTER_MS, type AnalyzeOptions } from './analyze';
export type * from './document';
export { findBottleneck, type BottleneckResult, type VertexState, type FrontierEdge } from './bottleneck';
export { detectRecurrence, findEpisodes, type RawEpisode } from './episodes';
export {
  bottleneckBasis,
  bottleneckSummary,
  causeWords,
  gapText,
  headlineWithSpan,
  incidentHeadline,
  incidentLead,
  listed,
  shortVertexName,
} from './explain';
export { formatAnalysisText, formatCount, recordsDelayedText } from './format';
export { groupIncidents, materialOverlaps, mergeHints, timeCountedOnce, type IncidentOptions } from './incidents';
export {
  gcWindowsFromFrames,
  gcWindowsFromSamples,
  gcWindowText,
  isSignificantGc,
  mergeGcWindows,
  type GcSample,
} from './gc';
export { AnalysisInputError, type AnalysisInput } from './input';
export { jobKey, vertexKey, type VertexKey } from '../keys';
export { GAP_CODE, levelCode, LEVELS, levelOf, LOW_MAX_RATIO, OK_MAX_RATIO } from './levels';
export { computeSubtaskRatios, RATIO_SOURCES, SOURCE_NONE, type RatioSource } from './ratios';
export { GAP_REASONS, lowerBound, type GapReason, type VertexSeries } from './series';
export { busySpread, type BusySpread } from './skew';
export { indexInput, type AnalysisIndex } from './session-index';
export { subtaskRatios, vertexLevelSeries, type SubtaskSample } from './vertex-series';
export { windowStats, type WindowStats } from './window-stats';
export { LiveEpisodeTracker, type EpisodeEvent, type LiveOptions } from './live';

// Comparing two sessions: pure functions from two analyses to matched jobs and vertices, their
// changes judged against the noise, and the words for them.

export { ALIGN_MODES, alignSessions, carryRange, type AlignSide, type Range } from './align';
export { judge, judgeCounts, type Change, type Direction, type Polarity } from './change';
export { compareSessions, CompareInputError, jobsNamed, type CompareOptions, type CompareSide } from './compare';
export type * from './document';
export { COMPARE_FORMAT, COMPARE_VERSION } from './document';
export { alignmentText, cellText, formatCompareText, VERTEX_HEAD, vertexRows } from './format';
export { matchJobs, type JobMatch, type JobPair } from './match-jobs';
export { matchVertices, operatorsOf, type MatchedBy, type VertexMatch, type VertexPair } from './match-vertices';
export { changeText, formatValue, type ValueKind } from './words';

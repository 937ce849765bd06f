// The incident report: a pure model built from the analysis, and static SVG charts of it.

export { buildReport, REPORT_LIMITS, type BuildReportInput } from './build';
export { escapeMarkdown, escapeXml, truncate } from './escape';
export { layoutGraph, type GraphLayout } from './graph-layout';
export { levelFill, TONE_FILL } from './palette';
export { jobGraphSvg } from './svg/job-graph';
export { lineChartSvg } from './svg/line-chart';
export { timelineSvg } from './svg/timeline';
export type * from './types';
export { FULL_REPORT } from './types';

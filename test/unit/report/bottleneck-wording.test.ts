// Reports word a bottleneck as the analysis' rule does (shared/analysis/explain.ts): an episode
// explained by checkpoint alignment never reads "busy subtasks", and its reason is shown.
import { expect, it } from 'vitest';
import { analyzeSession } from '../../../shared/analysis/analyze';
import { buildReport } from '../../../shared/report/build';
import type { ReportSessionSummary } from '../../../shared/report/types';
import { renderHtml } from '../../../electron/report/html';
import { renderMarkdown } from '../../../electron/report/markdown';
import { epochMs } from '../../../shared/time';
import { chain, edge, JOB, pattern, rows, session, STEP, T0, vertex } from '../analysis/fixtures';

it('a checkpoint-alignment bottleneck reads as aligning barriers in HTML and Markdown, with its reason', () => {
  const input = session({
    vertices: [vertex('src', 4, 0, 'Source'), vertex('agg', 4, 1, 'Window')],
    edges: [edge('src', 'agg')],
    frames: [
      ...chain('src', { bp: pattern('..HH....', 4), busy: rows(8, [0.05, 0.05, 0.05, 0.05]) }),
      ...chain('agg', { bp: rows(8, [0, 0, 0, 0]), busy: rows(8, [0.2, 0.2, 0.2, 0.2]) }),
    ],
    checkpoints: [
      {
        clusterId: 1,
        jobId: JOB,
        id: 3,
        status: 'COMPLETED',
        isSavepoint: false,
        triggerTs: epochMs(T0 + 2 * STEP),
        endTs: epochMs(T0 + 2 * STEP + 7000),
        checkpointedSize: null,
        stateSize: null,
        alignmentMs: 6500,
        failureMessage: null,
      },
    ],
  });
  const doc = analyzeSession(input);
  const summary: ReportSessionSummary = {
    clusters: [
      { clusterId: 1, url: 'http://jm:8081', flinkVersion: '1.18.1', ticks: 8, errors: 0, resolutionMs: STEP },
    ],
    jobs: [{ clusterId: 1, jobId: JOB, name: 'Orders', vertices: 2 }],
    resolutionMs: STEP,
    gaps: [],
  };
  const m = buildReport({ doc, input, session: summary, annotations: [], generatedAt: T0 });
  expect(m.incidents[0]!.bottleneck?.rule).toBe('checkpoint-alignment');
  const html = renderHtml(m);
  const markdown = renderMarkdown(m, 'r_files').markdown;
  for (const out of [html, markdown]) {
    expect(out).toContain('Window (not busy: aligning barriers of checkpoint 3)');
    expect(out).not.toContain('busy subtasks');
    expect(out).toContain('holds its inputs while aligning barriers');
  }
});

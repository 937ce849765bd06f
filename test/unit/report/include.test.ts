// The export dialog's content switches: each left-out part disappears from the model and from
// both writers (no empty section left behind), and everything else stays as in the full report.
import { describe, expect, it } from 'vitest';
import { analyzeSession } from '../../../shared/analysis/analyze';
import { buildReport } from '../../../shared/report/build';
import {
  FULL_REPORT,
  type ReportAnnotationInput,
  type ReportInclude,
  type ReportSessionSummary,
} from '../../../shared/report/types';
import { renderHtml } from '../../../electron/report/html';
import { renderMarkdown } from '../../../electron/report/markdown';
import { epochMs } from '../../../shared/time';
import { chain, edge, JOB, pattern, rows, session, STEP, T0, vertex } from '../analysis/fixtures';

const input = session({
  vertices: [
    vertex('slow', 2, 0, 'Source: slow'),
    vertex('spiky', 1, 0, 'Source: spiky'),
    vertex('sink', 2, 1, 'Sink'),
  ],
  edges: [edge('slow', 'sink'), edge('spiky', 'sink')],
  frames: [
    // The spike comes after the sustained stretch: an incident of its own.
    ...chain('slow', {
      bp: pattern('.HHHHHHHHHH.....', 2),
      busy: rows(16, [0.05, 0.05]),
      taskManagers: ['tm-1', 'tm-2'],
    }),
    ...chain('spiky', { bp: pattern('..............H.', 1), busy: rows(16, [0.05]) }),
    ...chain('sink', { bp: rows(16, [0, 0]), busy: rows(16, [0.95, 0.3]), taskManagers: ['tm-1', 'tm-2'] }),
  ],
  checkpoints: [
    {
      clusterId: 1,
      jobId: JOB,
      id: 4,
      status: 'COMPLETED',
      isSavepoint: false,
      triggerTs: epochMs(T0 + 4 * STEP),
      endTs: epochMs(T0 + 5 * STEP),
      checkpointedSize: 10,
      stateSize: 20,
      alignmentMs: 3000,
      failureMessage: null,
    },
  ],
  gcWindows: [
    {
      clusterId: 1,
      taskManagerId: 'tm-7',
      start: epochMs(T0 + 2 * STEP),
      end: epochMs(T0 + 3 * STEP),
      gcTimeMs: 2500,
      gcCount: 2,
      collector: 'G1 Old Generation',
    },
  ],
});
const doc = analyzeSession(input);
const summary: ReportSessionSummary = {
  clusters: [{ clusterId: 1, url: 'http://jm:8081', flinkVersion: '1.20.1', ticks: 12, errors: 0, resolutionMs: STEP }],
  jobs: [{ clusterId: 1, jobId: JOB, name: 'Orders', vertices: 3 }],
  resolutionMs: STEP,
  gaps: [],
};
const note: ReportAnnotationInput = {
  id: 1,
  source: 'user',
  start: T0 + 3 * STEP,
  end: null,
  text: 'deploy of v2.3',
  tag: 'deploy',
  clusterId: null,
  jobId: null,
  vertexId: null,
  pinned: false,
};
const build = (include?: ReportInclude) =>
  buildReport({ doc, input, session: summary, annotations: [note], generatedAt: T0, include });
const without = (part: keyof ReportInclude) => build({ ...FULL_REPORT, [part]: false });
const markdown = (include: ReportInclude) => renderMarkdown(build(include), 'r_files').markdown;

describe('report content switches', () => {
  it('the fixture has every part, and the full report shows all of them', () => {
    expect(doc.incidents.map((x) => x.class).sort()).toEqual(['sustained', 'transient']);
    const html = renderHtml(build());
    for (const s of ['Source: spiky', 'deploy of v2.3', 'id="checkpoints"', 'id="gc"', 'tm-7', 'id="notes"'])
      expect(html).toContain(s);
    expect(build().include).toEqual(FULL_REPORT);
  });

  it('leaves transient incidents out of sections and the timeline, but still counts them', () => {
    const m = without('transientEpisodes');
    expect(m.incidents.map((x) => x.class)).toEqual(['sustained']);
    expect(m.incidents.map((x) => x.vertices.map((v) => v.vertexName))).toEqual([['Source: slow']]);
    expect(m.timeline.lanes.find((l) => l.kind === 'episodes')!.items).toHaveLength(1);
    expect(m.otherIncidents).toBe(0);
    expect(m.summary.transient).toBe(1);
    const html = renderHtml(m);
    expect(html).not.toMatch(/transient LOW|transient HIGH/);
    expect(html).toContain('Transient incidents are left out of this report.');
    expect(markdown({ ...FULL_REPORT, transientEpisodes: false })).toContain(
      'Transient incidents are left out of this report.',
    );
  });

  it('leaves annotations out: no lane, no section, no text', () => {
    const m = without('annotations');
    expect([...m.notes, ...m.pinned]).toEqual([]);
    expect(m.timeline.lanes.map((l) => l.kind)).not.toContain('annotations');
    const html = renderHtml(m);
    expect(html).not.toContain('deploy of v2.3');
    expect(html).not.toContain('id="notes"');
    expect(markdown({ ...FULL_REPORT, annotations: false })).not.toContain('## Notes');
  });

  it('leaves the checkpoint table out but keeps the checkpoint lane', () => {
    const m = without('checkpointTable');
    expect(m.checkpoints).toEqual([]);
    expect(m.timeline.lanes.find((l) => l.kind === 'checkpoints')!.items).toHaveLength(1);
    expect(renderHtml(m)).not.toContain('id="checkpoints"');
    expect(renderHtml(build())).toContain('<h2>Checkpoints</h2>');
    expect(markdown({ ...FULL_REPORT, checkpointTable: false })).not.toContain('## Checkpoints');
    expect(markdown(FULL_REPORT)).toContain('## Checkpoints');
  });

  it('leaves the GC table out but keeps the GC lane', () => {
    const m = without('gcTable');
    expect(m.gc).toEqual([]);
    expect(m.timeline.lanes.find((l) => l.kind === 'gc')!.items).toHaveLength(1);
    const html = renderHtml(m);
    expect(html).not.toContain('id="gc"');
    expect(markdown({ ...FULL_REPORT, gcTable: false })).not.toContain('## Garbage collection');
    expect(markdown(FULL_REPORT)).toContain('## Garbage collection');
  });

  it('draws the legend with classes only, so the page needs no inline style attribute', () => {
    const html = renderHtml(build());
    expect(html).toContain('class="legend"');
    expect(html).not.toMatch(/\sstyle="/);
  });
});

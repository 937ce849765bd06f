// A report to paste into a post-mortem, on plain data: the summary and the user's notes come
// first, one section per incident (not per vertex), evidence in words with the raw values in a
// compact table, the impact stated, an overlap named only when it explains part of the incident,
// outlier checkpoints highlighted and the ordinary ones summed up.
import { describe, expect, it } from 'vitest';
import { analyzeSession } from '../../../shared/analysis/analyze';
import { renderHtml } from '../../../electron/report/html';
import { renderMarkdown } from '../../../electron/report/markdown';
import { REPORT_CSS } from '../../../electron/report/css';
import { buildReport } from '../../../shared/report/build';
import { TONE_FILL } from '../../../shared/report/palette';
import type { ReportAnnotationInput, ReportSessionSummary } from '../../../shared/report/types';
import type { CheckpointEvent } from '../../../shared/model';
import { epochMs } from '../../../shared/time';
import { chain, edge, JOB, pattern, rows, session, STEP, T0, vertex } from '../analysis/fixtures';

const N = 20;
const records = (perSec: number) => (row: number, p: number) => ({
  numRecordsOut: new Array<number>(p).fill((row + 1) * perSec * (STEP / 1000)),
});
const checkpoint = (
  id: number,
  at: number,
  durationMs: number,
  alignmentMs: number,
  status: CheckpointEvent['status'] = 'COMPLETED',
): CheckpointEvent => ({
  clusterId: 1,
  jobId: JOB,
  id,
  status,
  isSavepoint: false,
  triggerTs: epochMs(T0 + at * STEP),
  endTs: epochMs(T0 + at * STEP + durationMs),
  checkpointedSize: 1,
  stateSize: 2,
  alignmentMs,
  failureMessage: status === 'FAILED' ? 'expired' : null,
});
const input = session({
  vertices: [
    vertex('src', 2, 0, 'Source: Kafka'),
    vertex('mid', 2, 1, 'Enrich'),
    vertex('win', 4, 2, 'Window(Tumbling(60000)) -> Map'),
  ],
  edges: [edge('src', 'mid'), edge('mid', 'win')],
  frames: [
    ...chain('src', { bp: pattern('...HHHHHHHH.........', 2), busy: rows(N, [0.1, 0.1]), extra: records(500) }),
    ...chain('mid', { bp: pattern('..HHHHHHHHH.........', 2), busy: rows(N, [0.1, 0.1]), extra: records(500) }),
    ...chain('win', { bp: rows(N, [0, 0, 0, 0]), busy: rows(N, [0.05, 1, 0.05, 0.05]) }),
  ],
  // Every 3 intervals, 20 ms alignment (one falls inside the incident: not worth naming); one slow
  // checkpoint with 5 s of alignment long after it, one failed.
  checkpoints: [
    checkpoint(1, 1, 800, 20),
    checkpoint(2, 4, 900, 20),
    checkpoint(3, 7, 700, 20),
    checkpoint(4, 10, 800, 20),
    checkpoint(5, 13, 40_000, 5_000),
    checkpoint(6, 17, 500, 20, 'FAILED'),
  ],
});
const doc = analyzeSession(input);
const summary: ReportSessionSummary = {
  clusters: [{ clusterId: 1, url: 'http://jm:8081', flinkVersion: '1.20.1', ticks: N, errors: 0, resolutionMs: STEP }],
  jobs: [{ clusterId: 1, jobId: JOB, name: 'Orders', vertices: 3 }],
  resolutionMs: STEP,
  gaps: [],
};
const ROOT_CAUSE = 'Root cause: a hot key sent 90 % of the orders to one window subtask.';
const notes: ReportAnnotationInput[] = [
  {
    id: 1,
    source: 'auto',
    start: T0 + 3 * STEP,
    end: T0 + 11 * STEP,
    text: 'Sustained HIGH backpressure on Source: Kafka',
    tag: 'auto',
    clusterId: 1,
    jobId: JOB,
    vertexId: 'src',
    pinned: true,
  },
  {
    id: 2,
    source: 'user',
    start: T0 + 2 * STEP,
    end: null,
    text: ROOT_CAUSE,
    tag: 'root-cause',
    clusterId: null,
    jobId: null,
    vertexId: null,
    pinned: false,
  },
];
const m = buildReport({ doc, input, session: summary, annotations: notes, generatedAt: T0 });
const html = renderHtml(m);
const markdown = renderMarkdown(m, 'r_files').markdown;
const at = (text: string, needle: string): number => {
  const i = text.indexOf(needle);
  expect(i, needle).toBeGreaterThanOrEqual(0);
  return i;
};

describe('the post-mortem report', () => {
  it('has one section for the incident the skewed window caused on two vertices', () => {
    expect(m.incidents).toHaveLength(1);
    const x = m.incidents[0]!;
    expect(x.vertices.map((v) => v.vertexName)).toEqual(['Source: Kafka', 'Enrich']);
    expect(x.headline).toMatch(/^Window\(…\) subtask 1: data skew, backpressure on Source: Kafka and Enrich /);
    expect(html.match(/<article /g)).toHaveLength(1);
    expect(m.summary).toMatchObject({ incidents: 1, episodes: 2, backpressuredMs: 9 * STEP });
  });

  it("puts the summary and the user's notes first, the pinned findings after the incidents", () => {
    const order = [
      'id="summary"',
      'id="notes"',
      'id="incidents"',
      'id="timeline"',
      'id="checkpoints"',
      'id="session"',
      'id="pinned"',
    ].map((s) => at(html, s));
    expect(order).toEqual(order.slice().sort((a, b) => a - b));
    expect(at(html, ROOT_CAUSE)).toBeLessThan(at(html, 'id="incidents"'));
    expect(html.slice(at(html, 'id="notes"'), at(html, 'id="incidents"'))).not.toContain(
      'Sustained HIGH backpressure on Source',
    );
    const mdOrder = [
      '## Summary',
      '## Notes',
      '## Incidents',
      '## Timeline',
      '## Checkpoints',
      '## Pinned findings',
    ].map((s) => at(markdown, s));
    expect(mdOrder).toEqual(mdOrder.slice().sort((a, b) => a - b));
    expect(markdown).toContain(`> ${ROOT_CAUSE}`);
  });

  it('words the evidence and puts the raw values in a compact table, never "key=value" inline', () => {
    for (const out of [html, markdown]) {
      expect(out).not.toMatch(/\b(vertexId|busyMax|busySubtasks)=/);
      expect(out).not.toContain('evidence:');
    }
    const rowsOf = m.incidents[0]!.evidence;
    expect(rowsOf).toContainEqual({ about: 'bottleneck', what: 'busy, busiest subtask', value: '100 %' });
    expect(rowsOf).toContainEqual({ about: 'skew', what: 'busy, median of the others', value: '5 %' });
    expect(rowsOf.map((r) => r.value).join(' ')).not.toMatch(/\b(src|mid|win)\b/);
    expect(html).toContain('<table class="evidence">');
  });

  it('states the impact analyze computed: records delayed', () => {
    expect(m.incidents[0]!.impact?.records).toBeGreaterThan(0);
    expect(html).toMatch(/about [\d.]+ k records delayed/);
    expect(markdown).toMatch(/about [\d.]+ k records delayed/);
  });

  it('does not name a checkpoint that only happened to run during the incident', () => {
    expect(doc.incidents[0]!.overlaps).toContain('checkpoint');
    expect(m.incidents[0]!.overlaps).toEqual([]);
    expect(html).not.toContain('Explained in part by');
    expect(html).not.toMatch(/overlaps checkpoint/);
  });

  it('highlights the outlier checkpoints and sums up the ordinary ones', () => {
    const outliers = m.checkpoints.filter((c) => c.outlier.length > 0);
    expect(outliers.map((c) => c.id)).toEqual([5, 6]);
    const section = html.slice(at(html, 'id="checkpoints"'), at(html, 'id="session"'));
    expect(section.match(/<tr class="outlier">/g)!.length).toBeGreaterThanOrEqual(2);
    expect(section).toContain('aligned barriers for 5s');
    expect(section).toContain('failed');
    expect(section).toContain('The other 4 checkpoints completed normally: median 800ms');
    expect(markdown).toContain('Standing out:');
  });

  it("uses the UI's colours", () => {
    expect(REPORT_CSS).toContain(TONE_FILL.sustained);
    expect(TONE_FILL.ok).toBe('#9cc3e0');
  });
});

describe('evidence rows', () => {
  it('give each value its unit, also one per TaskManager, and name vertices', async () => {
    const { evidenceRows } = await import('../../../shared/report/evidence');
    const evidence = evidenceRows(
      { evidence: { busyMax: 0.3, taskManagers: ['tm-2'], gcTimeMs: [7000], episodeMs: 10_000, transient: true } },
      [
        {
          kind: 'network',
          text: '',
          explains: 0.5,
          evidence: {
            sender: 'v1',
            receivers: ['v2', 'v3'],
            senderOutPoolHighShare: 0.75,
            channels: 'most-or-all',
            mystery: 42,
          },
        },
      ],
      (id) => ({ v1: 'Source', v2: 'Map', v3: 'Sink' })[id] ?? id,
    );
    expect(evidence.map((r) => [r.about, r.what, r.value])).toEqual([
      ['bottleneck', 'busy, busiest subtask', '30 %'],
      ['bottleneck', 'TaskManagers', 'tm-2'],
      ['bottleneck', 'GC time', '7s'],
      ['bottleneck', 'episode length', '10s'],
      ['network', 'sender', 'Source'],
      ['network', 'receivers', 'Map, Sink'],
      ['network', 'time the sender output pool was full', '75 %'],
      ['network', 'input channels backpressured', 'most or all'],
      ['network', 'mystery', '42'],
    ]);
  });
});

// The static SVG charts: well-formed, escaped, and drawing what the data says.
import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { timeTicks } from '../../../shared/report/svg/axis';
import { jobGraphSvg } from '../../../shared/report/svg/job-graph';
import { lineChartSvg } from '../../../shared/report/svg/line-chart';
import { timelineSvg } from '../../../shared/report/svg/timeline';
import type { GraphNode, JobGraphSnapshot, Timeline } from '../../../shared/report/types';

const T = Date.UTC(2026, 10, 26, 9, 0, 0);
const HOSTILE = '</text><script>alert(1)</script><text>';

function parse(svg: string) {
  const errors: string[] = [];
  const doc = new DOMParser({
    errorHandler: (level: string, msg: unknown) => void errors.push(`${level}: ${String(msg)}`),
  }).parseFromString(svg, 'image/svg+xml');
  expect(errors).toEqual([]);
  expect(doc.getElementsByTagName('script').length).toBe(0);
  return doc;
}

describe('timelineSvg', () => {
  const t: Timeline = {
    from: T,
    to: T + 600_000,
    lanes: [
      {
        kind: 'vertex',
        label: HOSTILE,
        group: 'job <b>',
        items: [
          { from: T, to: T + 300_000, tone: 'ok', label: 'OK' },
          { from: T + 300_000, to: T + 600_000, tone: 'high', label: 'HIGH' },
        ],
      },
      {
        kind: 'annotations',
        label: 'annotations',
        group: null,
        items: [{ from: T + 60_000, to: T + 60_000, tone: 'annotation', label: HOSTILE }],
      },
    ],
  };

  it('keeps names and notes as text', () => {
    const doc = parse(timelineSvg(t));
    expect(doc.documentElement!.textContent).toContain(HOSTILE);
    expect(doc.documentElement!.textContent).toContain('job <b>');
  });

  it('draws a level run as wide as its time and a point note as a marker', () => {
    const doc = parse(timelineSvg(t));
    // HIGH striped (a pattern of the UI's HIGH colour), OK in the UI's OK colour.
    const rects = Array.from(doc.getElementsByTagName('rect')).filter(
      (r) => r.getAttribute('fill') === 'url(#tl-high)',
    );
    expect(rects).toHaveLength(1);
    expect(
      Array.from(doc.getElementsByTagName('pattern'))[0]!.getElementsByTagName('rect')[0]!.getAttribute('fill'),
    ).toBe('#cc3d99');
    const okRect = Array.from(doc.getElementsByTagName('rect')).find((r) => r.getAttribute('fill') === '#9cc3e0')!;
    // Two halves of the range: equal widths.
    expect(Number(rects[0]!.getAttribute('width'))).toBeCloseTo(Number(okRect.getAttribute('width')), 0);
    expect(Number(rects[0]!.getAttribute('x'))).toBeGreaterThan(Number(okRect.getAttribute('x')));
  });
});

describe('lineChartSvg', () => {
  it('breaks the line where samples are missing and clamps to 0..1', () => {
    const svg = lineChartSvg({
      title: 'ratio',
      from: T,
      to: T + 60_000,
      series: [
        {
          label: 'bp',
          tone: 'ratio',
          points: [
            [T, 0.2],
            [T + 10_000, 1.4],
            [T + 20_000, NaN],
            [T + 30_000, 0.5],
            [T + 40_000, 0.6],
          ],
        },
      ],
      highlight: { from: T + 10_000, to: T + 40_000 },
      thresholds: [0.1, 0.5],
    });
    const doc = parse(svg);
    const line = Array.from(doc.getElementsByTagName('path')).find(
      (p) => p.getAttribute('stroke') === '#cc3d99' && (p.getAttribute('d') ?? '').includes('L'),
    )!;
    const d = line.getAttribute('d')!;
    expect(d.match(/M/g)).toHaveLength(2);
    // 1.4 is drawn at the top of the plot, not above it.
    const ys = [...d.matchAll(/[ML][\d.]+ ([\d.]+)/g)].map((m) => Number(m[1]));
    expect(Math.min(...ys)).toBe(10);
  });
});

describe('jobGraphSvg', () => {
  const node = (id: string, role: GraphNode['role'] = null): GraphNode => ({
    vertexId: id,
    name: `${id} ${HOSTILE}`,
    parallelism: 4,
    level: role === 'bottleneck' ? 'OK' : 'HIGH',
    ratio: role === 'bottleneck' ? 0 : 0.9,
    busyMax: role === 'bottleneck' ? 1 : 0.1,
    busiestSubtask: role === 'bottleneck' ? 1 : 0,
    busySpread: role === 'bottleneck' ? 'skew' : null,
    role,
  });
  const chain = (n: number): JobGraphSnapshot => ({
    ts: T,
    jobName: 'job',
    nodes: Array.from({ length: n }, (_, i) => node(`v${i}`, i === n - 1 ? 'bottleneck' : null)),
    edges: Array.from({ length: n - 1 }, (_, i) => ({ source: `v${i}`, target: `v${i + 1}`, shipStrategy: 'HASH' })),
  });
  // The vertex boxes (rounded by 6; the bottleneck's badge is a rect of its own).
  const boxes = (svg: string) =>
    Array.from(parse(svg).getElementsByTagName('rect'))
      .filter((r) => r.getAttribute('rx') === '6')
      .map((r) => ({
        x: Number(r.getAttribute('x')),
        y: Number(r.getAttribute('y')),
        w: r.getAttribute('stroke-width'),
      }));

  it('lays a short job out left to right and a long chain top to bottom', () => {
    const short = boxes(jobGraphSvg(chain(3), 'a'));
    expect(new Set(short.map((b) => b.y)).size).toBe(1);
    expect(short[1]!.x).toBeGreaterThan(short[0]!.x);
    const long = boxes(jobGraphSvg(chain(9), 'b'));
    expect(new Set(long.map((b) => b.x)).size).toBe(1);
    expect(long[8]!.y).toBeGreaterThan(long[0]!.y);
  });

  it('marks the bottleneck with its busy max and skew, never a bare green "OK 0.00", and keeps names as text', () => {
    const svg = jobGraphSvg(chain(3), 'c');
    expect(boxes(svg).map((b) => b.w)).toEqual(['', '', '3.5']); // xmldom: '' = attribute absent
    const text = parse(svg).documentElement!.textContent!;
    expect(text).toContain('BOTTLENECK');
    expect(text).toContain('OK · bp max 0% · busy max 100%');
    expect(text).toContain('skew: subtask 1 busiest');
    expect(text).not.toContain('OK 0.00');
    expect(parse(svg).documentElement!.textContent).toContain(`v0 ${HOSTILE}`.slice(0, 20));
    expect(svg).toContain('id="c-arrow"');
  });
});

describe('timeTicks', () => {
  it('picks round UTC steps that fit', () => {
    expect(timeTicks(T + 5_000, T + 600_000, 8)).toEqual([1, 2, 3, 4, 5].map((k) => T + k * 120_000));
  });
});

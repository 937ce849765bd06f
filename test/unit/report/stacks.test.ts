// The incident section's captured stacks, on plain data: the flame graph's top frames as an SVG
// icicle (the shared trunk folded, names escaped), its heaviest stacks, and each thread dump in
// numbers with the bottleneck's task threads first.
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../../electron/report/html';
import { renderMarkdown } from '../../../electron/report/markdown';
import { analyzeSession } from '../../../shared/analysis/analyze';
import type { CapturedEvidence } from '../../../shared/analysis/evidence-hints';
import type { EvidenceEntry, FlameGraph, FlameNode, ThreadDump } from '../../../shared/evidence';
import { buildReport } from '../../../shared/report/build';
import { incidentStacks } from '../../../shared/report/stacks';
import { flameGraphSvg } from '../../../shared/report/svg/flame-graph';
import type { ReportSessionSummary } from '../../../shared/report/types';
import { chain, edge, JOB, pattern, rows, session, STEP, T0, vertex } from '../analysis/fixtures';

const EVIL = '<img src=x onerror=alert(1)>';
const TRUNK = [
  'java.lang.Thread.run:840',
  'org.apache.flink.runtime.taskmanager.Task.run:575',
  'org.apache.flink.streaming.runtime.tasks.StreamTask.invoke:917',
  'org.apache.flink.streaming.api.operators.StreamMap.processElement:38',
];
const SLEEP = [...TRUNK, 'com.example.Enrich.map:37', 'com.example.Cost.charge:16', 'java.lang.Thread.sleep:-2'];
const HOSTILE = [...TRUNK, `com.example.${EVIL}.run:1`, 'java.net.SocketInputStream.socketRead0:-2'];

function graph(stacks: Array<[string[], number]>): FlameGraph {
  const root: FlameNode = { name: 'root', value: 0, children: [] };
  for (const [frames, n] of stacks) {
    root.value += n;
    let node = root;
    for (const name of frames) {
      let c = node.children.find((x) => x.name === name);
      if (!c) node.children.push((c = { name, value: 0, children: [] }));
      c.value += n;
      node = c;
    }
  }
  return { endTimestamp: T0, root, nodes: 10, cut: null };
}

let id = 1;
const entry = (over: Partial<EvidenceEntry>): EvidenceEntry => ({
  id: id++,
  clusterId: 1,
  ts: T0 + 6 * STEP,
  jobId: JOB,
  vertexId: 'agg',
  subtasks: null,
  taskManagerId: null,
  kind: 'flamegraph',
  type: 'OFF_CPU',
  status: 'captured',
  note: null,
  bytes: 100,
  ...over,
});

const frameLines = (frames: string[]) =>
  frames
    .slice()
    .reverse()
    .map((f) => `\tat app//${f.replace(/:(-?\d+)$/, '(X.java:$1)')}\n`)
    .join('');
const DUMP: ThreadDump = {
  threads: [
    { name: 'main', state: 'WAITING', text: '"main" Id=1 WAITING\n' },
    { name: 'Agg (2/2)#0', state: 'TIMED_WAITING', text: `"Agg (2/2)#0" Id=9 TIMED_WAITING\n${frameLines(SLEEP)}` },
    {
      name: 'Agg (1/2)#0',
      state: 'TIMED_WAITING',
      text: `"Agg (1/2)#0" Id=8 TIMED_WAITING\n\tat java.base@17.0.15/java.lang.Thread.sleep(Native Method)\n\tat com.example.Cost.charge(Cost.java:16)\n`,
    },
    { name: `Source (1/2)#0`, state: 'RUNNABLE', text: '' },
    { name: `Agg ${EVIL} (1/1)#0`, state: 'BLOCKED', text: '' },
  ],
  cut: null,
};

const evidence: CapturedEvidence[] = [
  {
    entry: entry({ type: 'OFF_CPU' }),
    data: graph([
      [SLEEP, 150],
      [HOSTILE, 50],
    ]),
  },
  { entry: entry({ type: 'ON_CPU' }), data: graph([]) },
  {
    entry: entry({ kind: 'thread-dump', type: null, taskManagerId: 'tm-1', subtasks: [0] }),
    data: DUMP,
  },
  {
    entry: entry({
      kind: 'thread-dump',
      type: null,
      taskManagerId: 'tm-2',
      status: 'failed',
      note: 'TaskManager tm-2 is gone',
    }),
    data: null,
  },
];
const where = { clusterId: 1, jobId: JOB, vertexId: 'agg', vertexName: 'Agg', start: T0, end: T0 + 8 * STEP };

describe('incident stacks', () => {
  const s = incidentStacks(evidence, where)!;

  it('folds the frames every sample shares into one bar, then the callees by samples', () => {
    const off = s.flameGraphs.find((f) => f.type === 'OFF_CPU')!;
    expect(off.samples).toBe(200);
    expect(off.trunk).toEqual(TRUNK);
    expect(off.bars[0]).toMatchObject({ depth: 0, x: 0, width: 1, kind: 'trunk', samples: 200 });
    expect(off.bars[0]!.name).toBe(
      '4 frames: java.lang.Thread.run … org.apache.flink.streaming.api.operators.StreamMap.processElement',
    );
    const row1 = off.bars.filter((b) => b.depth === 1);
    expect(row1.map((b) => [b.name, b.width, b.x, b.kind])).toEqual([
      ['com.example.Enrich.map:37', 0.75, 0, 'user'],
      [`com.example.${EVIL}.run:1`, 0.25, 0.75, 'user'],
    ]);
    expect(off.bars.find((b) => b.name === 'java.lang.Thread.sleep:-2')).toMatchObject({ depth: 3, kind: 'jdk' });
    expect(off.hot[0]).toEqual({
      frames: ['com.example.Enrich.map', 'com.example.Cost.charge', 'java.lang.Thread.sleep'],
      samples: 150,
      share: 0.75,
    });
  });

  it('sums a thread dump up by state, the bottleneck’s task threads first (the sampled subtask leading)', () => {
    const [d] = s.threadDumps;
    expect(d!.taskManagerId).toBe('tm-1');
    expect(d!.threads).toBe(5);
    expect(d!.byState).toEqual([
      { state: 'RUNNABLE', count: 1 },
      { state: 'BLOCKED', count: 1 },
      { state: 'WAITING', count: 1 },
      { state: 'TIMED_WAITING', count: 2 },
    ]);
    expect(d!.taskThreads.map((t) => [t.name, t.top])).toEqual([
      ['Agg (1/2)#0', ['java.lang.Thread.sleep', 'com.example.Cost.charge']],
      [
        'Agg (2/2)#0',
        ['java.lang.Thread.sleep', 'com.example.Cost.charge', 'com.example.Enrich.map', TRUNK[3]!.replace(/:\d+$/, '')],
      ],
    ]);
    expect(s.notes).toEqual(['thread dump of tm-2: failed (TaskManager tm-2 is gone)']);
  });

  it('is null when nothing was captured of the vertex in the incident', () => {
    expect(incidentStacks(evidence, { ...where, vertexId: 'other' })).toBeNull();
    expect(incidentStacks(evidence, { ...where, start: T0 + 60 * STEP, end: T0 + 70 * STEP })).toBeNull();
    expect(incidentStacks([], where)).toBeNull();
  });

  it('draws the icicle with every name escaped, and says when there are no samples', () => {
    const off = s.flameGraphs.find((f) => f.type === 'OFF_CPU')!;
    const svg = flameGraphSvg(off);
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(svg.match(/<rect /g)!.length).toBe(off.bars.length);
    expect(svg).toContain('<title>com.example.Enrich.map:37 — 150 samples (75%)</title>');
    expect(flameGraphSvg(s.flameGraphs.find((f) => f.type === 'ON_CPU')!)).toContain('no samples');
  });
});

describe('the report shows the stacks in the incident’s section', () => {
  const n = 8;
  const input = session({
    vertices: [vertex('src', 2, 0, 'Source'), vertex('agg', 2, 1, 'Agg')],
    edges: [edge('src', 'agg')],
    frames: [
      ...chain('src', { bp: pattern('H'.repeat(n), 2), busy: rows(n, [0.05, 0.05]) }),
      ...chain('agg', { bp: rows(n, [0, 0]), busy: rows(n, [0.95, 0.95]) }),
    ],
  });
  const summary: ReportSessionSummary = {
    clusters: [
      { clusterId: 1, url: 'http://jm:8081', flinkVersion: '1.20.1', ticks: n, errors: 0, resolutionMs: STEP },
    ],
    jobs: [{ clusterId: 1, jobId: JOB, name: 'Orders', vertices: 2 }],
    resolutionMs: STEP,
    gaps: [],
  };
  const report = (withEvidence: boolean) => {
    const inp = withEvidence ? { ...input, evidence } : input;
    return buildReport({ doc: analyzeSession(inp), input: inp, session: summary, annotations: [], generatedAt: T0 });
  };

  it('HTML: the flame graph inline, its heaviest stacks, the thread dump, hostile names escaped', () => {
    const html = renderHtml(report(true));
    expect(html).toContain('<h4>Stacks of Agg</h4>');
    expect(html).toContain('Off-CPU flame graph of Agg');
    expect(html.match(/<svg[^>]*aria-label="OFF_CPU flame graph, 200 samples"/g)).toHaveLength(1);
    expect(html).toContain('com.example.Enrich.map &gt; com.example.Cost.charge &gt; java.lang.Thread.sleep');
    expect(html).toContain('Thread dump of tm-1');
    expect(html).toContain('thread dump of tm-2: failed (TaskManager tm-2 is gone)');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // The stack hint is among the causes in words.
    expect(html).toContain('off CPU in user code com.example.Cost.charge');
  });

  it('Markdown: the flame graph as an SVG file beside it, tables escaped', () => {
    const out = renderMarkdown(report(true), 'r_files');
    expect(out.markdown).toContain('**Stacks of Agg.**');
    expect(out.markdown).toContain('](r_files/incident-1-flame-1.svg)');
    const svg = out.images.find((i) => i.file === 'incident-1-flame-1.svg')!.svg;
    expect(svg).not.toContain('<img');
    expect(out.markdown).not.toContain('<img');
    expect(out.markdown).toContain('| Agg (1/2)\\#0 | TIMED\\_WAITING |');
  });

  it('without evidence the section is as before', () => {
    const m = report(false);
    expect(m.incidents[0]!.stacks).toBeNull();
    expect(renderHtml(m)).not.toContain('Stacks of');
    expect(renderMarkdown(m, 'r_files').markdown).not.toContain('Stacks of');
  });
});

describe('a huge tree', () => {
  it('50,000 frames: the icicle keeps the frames of at least 1 % of the samples, drawn in a bounded SVG', () => {
    // 1,000 callees of the trunk, each with 49 frames below: every stack a different one.
    const stacks: Array<[string[], number]> = [];
    for (let i = 0; i < 1000; i++) {
      const frames = [...TRUNK, `com.example.Op${i}.run:1`];
      for (let d = 0; d < 48; d++) frames.push(`com.example.Op${i}.step${d}:${d}`);
      stacks.push([frames, i < 10 ? 500 : 1]);
    }
    const g = graph(stacks);
    const t0 = performance.now();
    const s = incidentStacks([{ entry: entry({ type: 'ON_CPU' }), data: g }], where)!;
    const svg = flameGraphSvg(s.flameGraphs[0]!);
    expect(performance.now() - t0).toBeLessThan(2000);
    const f = s.flameGraphs[0]!;
    expect(f.samples).toBe(10 * 500 + 990);
    // The trunk, then the ten heavy callees down to the row limit; the 990 light ones (0.017 % each) are left out.
    expect(new Set(f.bars.filter((b) => b.depth === 1).map((b) => b.name)).size).toBe(10);
    expect(Math.max(...f.bars.map((b) => b.depth))).toBe(14);
    expect(svg.length).toBeLessThan(200_000);
  });
});

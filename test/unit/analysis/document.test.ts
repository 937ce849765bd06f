import { describe, expect, it } from 'vitest';
import { analyzeSession } from '../../../shared/analysis/analyze';
import { formatAnalysisText } from '../../../shared/analysis/format';
import { epochMs } from '../../../shared/time';
import { chain, edge, JOB, pattern, rows, session, STEP, T0, vertex } from './fixtures';

/** Records/s per subtask written into numRecordsOut counters. */
const withRecords = (perSec: number) => (row: number, p: number) => ({
  numRecordsOut: new Array<number>(p).fill((row + 1) * perSec * (STEP / 1000)),
});

function rich() {
  const n = 12;
  const frames = [
    // Sustained (10 intervals), 100 records/s per subtask.
    ...chain('slow', {
      bp: pattern('.HHHHHHHHHH.', 2),
      busy: rows(n, [0.05, 0.05]),
      extra: withRecords(100),
      taskManagers: ['tm-1', 'tm-2'],
    }),
    // Sustained (8 intervals) but 10 000 records/s per subtask: more impact.
    ...chain('fast', { bp: pattern('...HHHHHHHH.', 2), busy: rows(n, [0.05, 0.05]), extra: withRecords(10_000) }),
    // Transient spike.
    ...chain('spiky', { bp: pattern('.....H......', 1), busy: rows(n, [0.05]) }),
    ...chain('sink', { bp: rows(n, [0, 0]), busy: rows(n, [0.95, 0.3]), taskManagers: ['tm-1', 'tm-2'] }),
  ];
  return session({
    vertices: [
      vertex('slow', 2, 0, 'Source: slow'),
      vertex('fast', 2, 0, 'Source: fast'),
      vertex('spiky', 1, 0, 'Source: spiky'),
      vertex('sink', 2, 1, 'Sink'),
    ],
    edges: [edge('slow', 'sink'), edge('fast', 'sink'), edge('spiky', 'sink')],
    frames,
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
        taskManagerId: 'tm-1',
        start: epochMs(T0 + 2 * STEP),
        end: epochMs(T0 + 3 * STEP),
        gcTimeMs: 2500,
        gcCount: 2,
        collector: 'G1 Old Generation',
      },
    ],
  });
}

describe('analysis document', () => {
  const doc = analyzeSession(rich());

  it('ranks sustained episodes first, then by duration × throughput', () => {
    expect(doc.episodes.map((e) => [e.vertexId, e.class, e.rank])).toEqual([
      ['fast', 'sustained', 1],
      ['slow', 'sustained', 2],
      ['spiky', 'transient', 3],
    ]);
    expect(doc.episodes[0]!.throughputRecordsPerSec).toBe(20_000);
    expect(doc.episodes[0]!.impact).toBe(80 * 20_000);
    expect(doc.episodes[2]!.impactBasis).toBe('subtasks');
  });

  it('has exactly the contract keys (plus documented additions) with the contract types', () => {
    expect(Object.keys(doc).sort()).toEqual(['episodes', 'incidents', 'options', 'session', 'summary', 'windows']);
    expect(Object.keys(doc.session).sort()).toEqual(['clusters', 'end', 'start']);
    expect(doc.session.clusters).toEqual([{ url: 'http://jm-1:8081', flinkVersion: '1.20.1', id: 1 }]);
    const e = doc.episodes[1]!;
    for (const k of [
      'cluster',
      'jobId',
      'jobName',
      'vertexId',
      'vertexName',
      'start',
      'end',
      'durationMs',
      'peakLevel',
      'class',
      'subtasks',
      'overlaps',
      'bottleneck',
      'hints',
    ]) {
      expect(e).toHaveProperty(k);
    }
    expect(e).toMatchObject({
      cluster: 'http://jm-1:8081',
      jobId: JOB,
      jobName: 'orders',
      vertexId: 'slow',
      vertexName: 'Source: slow',
      start: T0 + STEP,
      end: T0 + 11 * STEP,
      durationMs: 10 * STEP,
      peakLevel: 'HIGH',
      class: 'sustained',
      subtasks: { affected: 2, total: 2 },
      bottleneck: { vertexId: 'sink', vertexName: 'Sink', subtasks: [0] },
    });
    expect(e.overlaps).toEqual(['checkpoint', 'gc']);
    // Contract keys plus `explains`, the share of the episode each hint explains (they are ranked by it).
    for (const h of e.hints) expect(Object.keys(h).sort()).toEqual(['evidence', 'explains', 'kind', 'text']);
    expect(e.hints.map((h) => h.explains)).toEqual(e.hints.map((h) => h.explains).sort((x, y) => y - x));
    expect(Object.keys(doc.windows).sort()).toEqual(['checkpoints', 'gc', 'restarts']);
    expect(doc.windows.checkpoints[0]).toMatchObject({
      cluster: 'http://jm-1:8081',
      jobId: JOB,
      id: 4,
      start: T0 + 4 * STEP,
      end: T0 + 5 * STEP,
      status: 'COMPLETED',
    });
    expect(doc.windows.gc[0]).toMatchObject({
      cluster: 'http://jm-1:8081',
      taskManager: 'tm-1',
      start: T0 + 2 * STEP,
      end: T0 + 3 * STEP,
      gcTimeMs: 2500,
    });
    expect(doc.windows.gc[0]).toMatchObject({ gcCount: 2, collector: 'G1 Old Generation', significant: true });
  });

  it('survives JSON.stringify/parse unchanged (no NaN, no typed arrays, no undefined)', () => {
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
    const empty = analyzeSession(session());
    expect(JSON.parse(JSON.stringify(empty))).toEqual(empty);
    expect(empty.episodes).toEqual([]);
  });

  it('groups the three sources blamed on the sink at once into one incident, its time counted once', () => {
    // The spike on `spiky` falls inside the other two and blames the same sink: one incident.
    expect(doc.incidents.map((x) => [x.rank, x.class, x.episodes, x.vertices.map((v) => v.vertexId)])).toEqual([
      [1, 'sustained', [1, 2, 3], ['slow', 'fast', 'spiky']],
    ]);
    // slow: intervals 1–11, fast: 3–11, spiky: 5–6 → 10 intervals once, not 19.
    expect(doc.incidents[0]).toMatchObject({
      start: T0 + STEP,
      end: T0 + 11 * STEP,
      durationMs: 10 * STEP,
      bottleneck: { vertexId: 'sink' },
    });
    expect(doc.summary).toMatchObject({
      episodes: 3,
      incidents: 1,
      sustainedIncidents: 1,
      transientIncidents: 0,
      backpressuredMs: 19 * STEP,
      incidentMs: 10 * STEP,
    });
    expect(doc.summary.bottlenecks[0]).toMatchObject({
      vertexId: 'sink',
      episodes: 3,
      incidents: 1,
      durationMs: 10 * STEP,
    });
    expect(JSON.parse(JSON.stringify(doc.incidents))).toEqual(doc.incidents);
  });

  it('lines up the columns of several incidents, sustained ones first', () => {
    const two = analyzeSession(
      session({
        vertices: [
          vertex('a', 1, 0, 'Source: a'),
          vertex('b', 1, 0, 'Source: b with a longer name'),
          vertex('sink', 1, 1, 'Sink'),
        ],
        edges: [edge('a', 'sink'), edge('b', 'sink')],
        frames: [
          ...chain('a', { bp: pattern('.HHHHHHHHHH.........'), busy: rows(20, [0.05]) }),
          ...chain('b', { bp: pattern('...............H....'), busy: rows(20, [0.05]) }),
          ...chain('sink', { bp: rows(20, [0]), busy: rows(20, [0.95]) }),
        ],
      }),
    );
    const lines = formatAnalysisText(two).split('\n');
    const rowsOf = lines.filter((l) => /^ {2}#\d/.test(l));
    expect(rowsOf).toHaveLength(2);
    expect(rowsOf[0]!.indexOf('orders /')).toBe(rowsOf[1]!.indexOf('orders /'));
    expect(lines.indexOf('Transient')).toBeGreaterThan(lines.indexOf('Sustained'));
  });

  it('formats sustained incidents first with headline, bottleneck, episodes and hints, in aligned columns', () => {
    const text = formatAnalysisText(doc);
    const lines = text.split('\n');
    expect(lines[2]).toBe(
      '1 incident: 1 sustained, 0 transient; backpressure for 1m 40s in total (3 episodes on single vertices)',
    );
    expect(lines.indexOf('Sustained')).toBe(4);
    expect(lines.indexOf('Transient')).toBe(-1);
    const rowsOf = lines.filter((l) => /^ {2}#\d/.test(l));
    expect(rowsOf.map((l) => l.trim().split(/\s+/).slice(0, 3))).toEqual([['#1', 'HIGH', '1m']]);
    expect(rowsOf[0]).toContain('orders / 3 vertices');
    expect(text).toContain('Sink subtask 0: ');
    expect(text).toContain('bottleneck: Sink (busy subtask 0)');
    expect(text).toContain('episode #1: Source: fast');
    expect(text).toContain('episode #2: Source: slow');
    expect(text).toContain('- skew:');
    // Each cause once per incident, not once per vertex.
    expect(text.split('\n').filter((l) => l.includes('- skew:')).length).toBe(
      doc.incidents.filter((x) => x.hints.some((h) => h.kind === 'skew')).length,
    );
    expect(formatAnalysisText(analyzeSession(session()))).toContain('No backpressure episodes');
  });
});

describe('restarts in the document', () => {
  it('lists each restart the recorder saw with the exception that explains it', async () => {
    const { cluster, tick, frame } = await import('./fixtures');
    const input = {
      clusters: [cluster()],
      jobs: [{ clusterId: 1, jobId: JOB, name: 'job' }],
      vertices: [vertex('a', 1)],
      edges: [],
      ticks: [0, 1, 2, 3].map((i) => tick(T0 + i * 10_000)),
      frames: [0, 1, 2, 3].map((i) => frame('a', T0 + i * 10_000, { backPressuredTimeMsPerSecond: [0] })),
      placements: [],
      taskManagerFrames: [],
      checkpoints: [],
      gcWindows: [],
      events: [
        {
          kind: 'exception' as const,
          clusterId: 1,
          jobId: JOB,
          ts: (T0 + 12_000) as never,
          exceptionName: 'java.lang.IllegalStateException',
          message: 'boom at 20 s',
          taskName: 'Enrich (1/2)',
        },
        {
          kind: 'exception' as const,
          clusterId: 1,
          jobId: JOB,
          ts: (T0 - 120_000) as never,
          exceptionName: 'Old',
          message: 'long ago',
          taskName: null,
        },
        // Stamped with the start of the poll that saw it: the failure came a moment later.
        { kind: 'restart' as const, clusterId: 1, jobId: JOB, ts: (T0 + 11_000) as never, numRestarts: 1 },
      ],
    };
    const doc = analyzeSession(input as never);
    expect(doc.windows.restarts).toEqual([
      {
        cluster: 'http://jm-1:8081',
        clusterId: 1,
        jobId: JOB,
        ts: T0 + 11_000,
        numRestarts: 1,
        cause: { exceptionName: 'java.lang.IllegalStateException', message: 'boom at 20 s', taskName: 'Enrich (1/2)' },
      },
    ]);
  });
});

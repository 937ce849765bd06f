import { describe, expect, it } from 'vitest';
import type { VertexLane } from '../../../shared/api';
import type { ClusterInfo, JobInfo, VertexInfo } from '../../../shared/model';
import { Names, taskManagerNames } from '../../../renderer/src/lib/names';
import { buildRows, clusterGroupKey, inScope, jobGroupKey, type Row } from '../../../renderer/src/lib/timeline/rows';
import { hitTest, type LaneData } from '../../../renderer/src/lib/timeline/hits';
import { formatClock } from '../../../shared/time';

const cluster = (id: number, url: string): ClusterInfo => ({
  id,
  url,
  flinkVersion: '1.20.1',
  fetchIntervalMs: 10_000,
  pollIntervalMs: 5000,
});
const vertex = (clusterId: number, jobId: string, vertexId: string, name: string): VertexInfo => ({
  clusterId,
  jobId,
  vertexId,
  name,
  parallelism: 2,
  maxParallelism: 128,
  topoIndex: 0,
});
const lane = (v: VertexInfo, levels: (0 | 1 | 2 | null)[] = [0, 2, 1]): VertexLane => ({
  clusterId: v.clusterId,
  jobId: v.jobId,
  vertexId: v.vertexId,
  levels,
});

function session(twoClusters: boolean) {
  const clusters = twoClusters
    ? [cluster(1, 'http://flink-a:8081'), cluster(2, 'http://flink-b:8081/proxy/')]
    : [cluster(1, 'http://flink-a:8081')];
  const jobs: JobInfo[] = twoClusters
    ? [
        { clusterId: 1, jobId: 'j1', name: 'Orders' },
        { clusterId: 2, jobId: 'j2', name: 'Orders' },
      ]
    : [{ clusterId: 1, jobId: 'j1', name: 'Orders' }];
  const vertices = twoClusters
    ? [vertex(1, 'j1', 'src', 'Source'), vertex(1, 'j1', 'map', 'Map'), vertex(2, 'j2', 'src', 'Source')]
    : [vertex(1, 'j1', 'src', 'Source'), vertex(1, 'j1', 'map', 'Map')];
  return { clusters, jobs, vertices };
}

function rowsOf(twoClusters: boolean, extra: Partial<Parameters<typeof buildRows>[0]> = {}): Row[] {
  const s = session(twoClusters);
  return buildRows({
    clusters: s.clusters,
    jobs: s.jobs,
    names: new Names(s),
    lanes: s.vertices.map((v) => lane(v)),
    taskManagers: twoClusters
      ? [
          { clusterId: 1, taskManagerId: '10.0.1.11:35211-8f3c35' },
          { clusterId: 2, taskManagerId: '10.0.2.11:35211-aa11bb' },
          { clusterId: 2, taskManagerId: '10.0.2.11:35212-cc22dd' },
        ]
      : [{ clusterId: 1, taskManagerId: 'tm-1' }],
    annotationLevels: 1,
    collapsed: new Set(),
    hidden: new Set(),
    selected: null,
    ...extra,
  });
}

describe('timeline rows', () => {
  it('one job: a flat list, vertex lanes first, then notes, episodes, checkpoints, GC and events', () => {
    const rows = rowsOf(false);
    expect(rows.map((r) => `${r.kind}:${r.label}`)).toEqual([
      'vertex:Source',
      'vertex:Map',
      'annotations:Annotations',
      'episodes:Episodes',
      'checkpoints:Checkpoints',
      'gc:GC tm-1',
      'events:Job events',
    ]);
    expect(rows.every((r) => r.cluster === null && r.depth === 0)).toBe(true);
  });

  it('two clusters: track groups per cluster and job, each job with its own mark lanes, GC under the cluster', () => {
    const rows = rowsOf(true);
    expect(rows.map((r) => `${'  '.repeat(r.depth)}${r.kind}:${r.label}`)).toEqual([
      'annotations:Annotations',
      'group:flink-a:8081',
      '  group:Orders',
      '    vertex:Source',
      '    vertex:Map',
      '    episodes:Episodes',
      '    checkpoints:Checkpoints',
      '    events:Job events',
      '  group:GC pauses · 1 TaskManager',
      '    gc:GC 10.0.1.11 (tm 8f3c35)',
      'group:flink-b:8081/proxy',
      '  group:Orders',
      '    vertex:Source',
      '    episodes:Episodes',
      '    checkpoints:Checkpoints',
      '    events:Job events',
      '  group:GC pauses · 2 TaskManagers',
      '    gc:GC 10.0.2.11:35211 (tm aa11bb)',
      '    gc:GC 10.0.2.11:35212 (tm cc22dd)',
    ]);
    // Every lane of a cluster says which one it is; keys are unique.
    const v2 = rows.filter((r) => r.kind === 'vertex').at(-1)!;
    expect(v2.cluster).toBe('flink-b');
    expect(v2.title).toBe('flink-b:8081/proxy · Orders · Source');
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
  });

  it('a collapsed group hides its rows and keeps its lanes for the summary', () => {
    const rows = rowsOf(true, { collapsed: new Set([clusterGroupKey(1), jobGroupKey(2, 'j2')]) });
    expect(rows.map((r) => `${r.kind}:${r.label}`)).toEqual([
      'annotations:Annotations',
      'group:flink-a:8081',
      'group:flink-b:8081/proxy',
      'group:Orders',
      'group:GC pauses · 2 TaskManagers',
      'gc:GC 10.0.2.11:35211 (tm aa11bb)',
      'gc:GC 10.0.2.11:35212 (tm cc22dd)',
    ]);
    const g = rows[1]!;
    expect(g.kind === 'group' && g.collapsed && g.lanes.length === 2).toBe(true);
  });

  it('mark kinds the legend hides leave no rows; stacked notes take several rows', () => {
    const rows = rowsOf(false, { hidden: new Set(['gc', 'checkpoints']), annotationLevels: 3 });
    expect(rows.map((r) => r.kind)).toEqual([
      'vertex',
      'vertex',
      'annotations',
      'annotations',
      'annotations',
      'episodes',
      'events',
    ]);
  });

  it('per-job lanes take their job’s items, and events of no job belong to every job of the cluster', () => {
    const s = { clusterId: 2, jobId: 'j2' };
    expect(inScope(s, { clusterId: 2, jobId: 'j2' })).toBe(true);
    expect(inScope(s, { clusterId: 1, jobId: 'j2' })).toBe(false);
    expect(inScope(s, { clusterId: 2, jobId: null })).toBe(true);
    expect(inScope({ clusterId: null, jobId: null }, { clusterId: 9, jobId: 'x' })).toBe(true);
  });

  it('cluster tags are as short as still tells the clusters apart', () => {
    const c = (id: number, url: string) => cluster(id, url);
    const n = new Names({
      clusters: [
        c(1, 'http://jm.prod.example:8081'),
        c(2, 'http://jm.staging.example:8081'),
        c(3, 'http://10.0.0.5:8081'),
      ],
      jobs: [],
      vertices: [],
    });
    expect([1, 2, 3].map((id) => n.clusterTag(id))).toEqual(['jm.prod.example', 'jm.staging.example', '10.0.0.5']);
    const m = new Names({
      clusters: [c(1, 'http://flink-a.example:8081'), c(2, 'http://flink-b.example:8081')],
      jobs: [],
      vertices: [],
    });
    expect([m.clusterTag(1), m.clusterTag(2)]).toEqual(['flink-a', 'flink-b']);
    const same = new Names({ clusters: [c(1, 'http://jm:8081'), c(2, 'http://jm:9081')], jobs: [], vertices: [] });
    expect([same.clusterTag(1), same.clusterTag(2)]).toEqual(['jm:8081', 'jm:9081']);
  });

  it('TaskManager names: the host, with the port when a host runs several; other ids as they are', () => {
    const n = taskManagerNames([
      '10.0.0.5:4000-abcdef',
      '10.0.0.6:4000-123456',
      '10.0.0.6:4001-654321',
      'flink-taskmanager-1-1',
    ]);
    expect([...n.values()].map((x) => [x.short, x.host])).toEqual([
      ['10.0.0.5 (tm abcdef)', '10.0.0.5'],
      ['10.0.0.6:4000 (tm 123456)', '10.0.0.6'],
      ['10.0.0.6:4001 (tm 654321)', '10.0.0.6'],
      ['flink-taskmanager-1-1', null],
    ]);
  });
});

describe('timeline hit tests', () => {
  const s = session(true);
  const names = new Names(s);
  const ctx = { names, clock: formatClock };
  const rows = rowsOf(true);
  const data: LaneData = {
    from: 0,
    to: 1000,
    checkpoints: [
      {
        clusterId: 1,
        jobId: 'j1',
        id: 7,
        status: 'COMPLETED',
        isSavepoint: false,
        triggerTs: 100 as never,
        endTs: 140 as never,
        checkpointedSize: 1024 * 1024,
        stateSize: 5 * 1024 * 1024,
        alignmentMs: 3500,
        failureMessage: null,
      },
      {
        clusterId: 2,
        jobId: 'j2',
        id: 3,
        status: 'FAILED',
        isSavepoint: false,
        triggerTs: 500 as never,
        endTs: 520 as never,
        checkpointedSize: null,
        stateSize: null,
        alignmentMs: null,
        failureMessage: 'Checkpoint expired before completing.',
      },
    ],
    gcWindows: [
      {
        clusterId: 2,
        taskManagerId: '10.0.2.11:35212-cc22dd',
        start: 300 as never,
        end: 310 as never,
        gcTimeMs: 7,
        gcCount: 1,
        collector: 'G1 Old Generation',
      },
    ],
    events: [],
    episodes: [
      {
        id: 'e1',
        clusterId: 2,
        jobId: 'j2',
        vertexId: 'src',
        start: 600,
        end: 900,
        peak: 'HIGH',
        sustained: true,
        bottleneckVertexId: null,
        bottleneckBasis: null,
        hints: [],
      },
    ],
    annotations: [],
    annotationLevel: new Map(),
  };
  const find = (pred: (r: Row) => boolean) => rows.find(pred)!;

  it('a checkpoint tells its timing, alignment and sizes, like Flink’s checkpoint history', () => {
    const hit = hitTest(
      find((r) => r.kind === 'checkpoints'),
      data,
      120,
      1000,
      ctx,
    )!;
    expect(hit.lines).toEqual([
      'Checkpoint 7 · completed · Orders',
      `triggered ${formatClock(100)}, ended ${formatClock(140)}`,
      'end-to-end duration 40ms',
      'alignment 3.5s (longest of the vertices)',
      'checkpointed 1.0 MB, full state 5.0 MB',
    ]);
    expect(hit.pin?.autoKey).toBe('checkpoint:1/j1/7');
  });

  it('a lane only finds its own job’s and TaskManager’s marks', () => {
    const cp2 = rows.filter((r) => r.kind === 'checkpoints')[1]!;
    expect(hitTest(cp2, data, 120, 1000, ctx)).toBeNull();
    expect(hitTest(cp2, data, 510, 1000, ctx)!.lines).toContain('failure: Checkpoint expired before completing.');
    const gcRows = rows.filter((r) => r.kind === 'gc');
    expect(hitTest(gcRows[1]!, data, 305, 1000, ctx)).toBeNull();
    expect(hitTest(gcRows[2]!, data, 305, 1000, ctx)!.lines[0]).toBe('GC pause on 10.0.2.11:35212-cc22dd');
  });

  it('episodes and vertex lanes name the cluster when there are several; Shift+click pins the episode', () => {
    const ep = hitTest(rows.filter((r) => r.kind === 'episodes')[1]!, data, 700, 1000, ctx)!;
    expect(ep.lines[0]).toBe('Sustained HIGH episode on flink-b:8081/proxy · Orders · Source');
    expect(ep.pin).toMatchObject({
      autoKey: 'episode:2/j2/src/600',
      start: 600,
      end: 900,
      vertex: { clusterId: 2, jobId: 'j2', vertexId: 'src' },
    });
    const v = hitTest(
      find((r) => r.kind === 'vertex'),
      data,
      500,
      1000,
      ctx,
    )!;
    expect(v.lines[0]).toBe(`flink-a:8081 · Orders · Source: HIGH at ${formatClock(500)}`);
  });
});

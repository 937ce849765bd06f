// The job graph's bottleneck at a tick without an analysis: the downstream walk over the
// vertices' levels and busy time, and the ambiguity said in words when it finds none.
import { describe, expect, it } from 'vitest';
import type { GraphVertex } from '../../../shared/api';
import { bottleneckAt, type BottleneckQuestion } from '../../../electron/service/bottleneck-at';

const vertex = (vertexId: string, name: string, topoIndex: number, level: GraphVertex['level']): GraphVertex => ({
  clusterId: 1,
  jobId: 'j',
  vertexId,
  name,
  parallelism: 2,
  maxParallelism: null,
  topoIndex,
  level,
  busy: null,
  backPressure: null,
  busyMax: null,
  busiestSubtask: null,
  busySubtasks: 0,
  reportingSubtasks: 0,
  busySpread: null,
  backpressuredSubtasks: 0,
  repeated: false,
  sampleTs: null,
  gap: null,
});

function ask(
  busy: Record<string, number>,
  edges: [string, string][],
  levels: Record<string, GraphVertex['level']>,
): BottleneckQuestion {
  const vertices = Object.entries(levels).map(([id, level], i) => vertex(id, id.toUpperCase(), i, level));
  const downstream = new Map<string, string[]>();
  for (const [a, b] of edges) downstream.set(a, [...(downstream.get(a) ?? []), b]);
  return {
    clusterId: 1,
    jobId: 'j',
    at: 10_000,
    ts: 10_000,
    vertices,
    busyMax: new Map(Object.entries(busy)),
    downstream,
  };
}

describe('bottleneckAt without an analysis', () => {
  it('names the busy vertex right after the first backpressured one', () => {
    const q = ask(
      { w: 0.97 },
      [
        ['src', 'w'],
        ['w', 'sink'],
      ],
      { src: 'HIGH', w: 'OK', sink: 'OK' },
    );
    expect(bottleneckAt(null, q)).toEqual({
      bottleneck: { vertexId: 'w', reason: 'busy and not backpressured, downstream of backpressured SRC' },
      ambiguity: null,
    });
  });

  it('says why there is none: idle successors, or nothing downstream', () => {
    expect(bottleneckAt(null, ask({ w: 0.1 }, [['src', 'w']], { src: 'LOW', w: 'OK' }))).toEqual({
      bottleneck: null,
      ambiguity: 'vertices after the backpressure are not busy: W',
    });
    expect(bottleneckAt(null, ask({}, [], { src: 'LOW' })).ambiguity).toBe(
      'the backpressured vertices have no downstream vertex',
    );
  });

  it('has nothing to say before the first tick or without backpressure', () => {
    expect(bottleneckAt(null, { ...ask({}, [], { src: 'HIGH' }), ts: null })).toEqual({
      bottleneck: null,
      ambiguity: null,
    });
    expect(bottleneckAt(null, ask({ w: 0.99 }, [['src', 'w']], { src: 'OK', w: 'OK' }))).toEqual({
      bottleneck: null,
      ambiguity: null,
    });
  });
});

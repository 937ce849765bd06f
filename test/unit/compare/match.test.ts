// Matching across deployments: ids never carry over, names and the graph do.
import { expect, it } from 'vitest';
import { matchJobs } from '../../../shared/compare/match-jobs';
import { matchVertices, type JobGraph } from '../../../shared/compare/match-vertices';
import type { EdgeInfo, JobInfo, VertexInfo } from '../../../shared/model';

function graph(jobId: string, chain: Array<[name: string, parallelism?: number]>): JobGraph {
  const vertices: VertexInfo[] = chain.map(([name, parallelism = 4], i) => ({
    clusterId: 1,
    jobId,
    vertexId: `${jobId}-v${i}`,
    name,
    parallelism,
    maxParallelism: 128,
    topoIndex: i,
  }));
  const edges: EdgeInfo[] = vertices.slice(1).map((v, i) => ({
    clusterId: 1,
    jobId,
    source: vertices[i]!.vertexId,
    target: v.vertexId,
    shipStrategy: 'HASH',
  }));
  return { vertices, edges };
}

const SRC = 'Source: Kafka -> Filter -> Map';
const ENRICH = 'KeyedProcess: Enrich';
const WINDOW = 'Window(TumblingEventTimeWindows(60000)) -> Map';
const SINK = 'Sink: Elasticsearch orders.v2';

const pairsOf = (g: ReturnType<typeof matchVertices>): string[] =>
  g.pairs.map((p) => `${p.a.name} = ${p.b.name} by ${p.matchedBy}`);

it('matches vertices by name although every id changed', () => {
  const m = matchVertices(graph('a', [[SRC], [ENRICH], [SINK]]), graph('b', [[SRC], [ENRICH], [SINK]]));
  expect(pairsOf(m)).toEqual([`${SRC} = ${SRC} by name`, `${ENRICH} = ${ENRICH} by name`, `${SINK} = ${SINK} by name`]);
  expect(m.pairs[0]!.a.vertexId).toBe('a-v0');
  expect(m.pairs[0]!.b.vertexId).toBe('b-v0');
  expect(m.onlyA).toEqual([]);
  expect(m.onlyB).toEqual([]);
});

it('lists a vertex added in B, and keeps the parallelism each side ran with', () => {
  const m = matchVertices(graph('a', [[SRC], [ENRICH, 4], [SINK]]), graph('b', [[SRC], [ENRICH, 8], [WINDOW], [SINK]]));
  expect(m.pairs.map((p) => p.matchedBy)).toEqual(['name', 'name', 'name']);
  const enrich = m.pairs.find((p) => p.a.name === ENRICH)!;
  expect([enrich.a.parallelism, enrich.b.parallelism]).toEqual([4, 8]);
  expect(m.onlyB.map((u) => u.vertex.name)).toEqual([WINDOW]);
  expect(m.onlyB[0]!.related).toEqual([]);
  expect(m.onlyA).toEqual([]);
});

it('follows a chain split in two: the head keeps the pair, the part split off names where its operators ran', () => {
  const m = matchVertices(
    graph('a', [[SRC], [ENRICH], [SINK]]),
    graph('b', [['Source: Kafka'], ['Filter -> Map'], [ENRICH], [SINK]]),
  );
  expect(pairsOf(m)).toContain(`${SRC} = Source: Kafka by operators`);
  expect(m.onlyB).toEqual([expect.objectContaining({ related: [SRC] })]);
  expect(m.onlyB[0]!.vertex.name).toBe('Filter -> Map');
});

it('pairs a vertex renamed in place by its matched neighbours, and only when that is unambiguous', () => {
  const m = matchVertices(
    graph('a', [[SRC], [ENRICH], [SINK]]),
    graph('b', [[SRC], [ENRICH], ['Sink: Elasticsearch orders.v3']]),
  );
  expect(pairsOf(m)).toContain(`${SINK} = Sink: Elasticsearch orders.v3 by position`);
  // Two new vertices where one was: neither sits exactly in its place, so both are listed, and it too.
  const a = graph('a', [[SRC], ['Old'], [SINK]]);
  const chained = graph('b', [[SRC], ['New 1'], ['New 2'], [SINK]]);
  const b = {
    ...chained,
    edges: [...chained.edges, { clusterId: 1, jobId: 'b', source: 'b-v0', target: 'b-v2', shipStrategy: 'HASH' }],
  };
  const amb = matchVertices(a, b);
  expect(amb.onlyA.map((u) => u.vertex.name)).toEqual(['Old']);
  expect(amb.onlyB.map((u) => u.vertex.name)).toEqual(['New 1', 'New 2']);
});

it('pairs same-named vertices of one job in graph order', () => {
  const m = matchVertices(graph('a', [[SRC], ['Map'], ['Map'], [SINK]]), graph('b', [[SRC], ['Map'], ['Map'], [SINK]]));
  expect(m.pairs.filter((p) => p.a.name === 'Map').map((p) => [p.a.vertexId, p.b.vertexId])).toEqual([
    ['a-v1', 'b-v1'],
    ['a-v2', 'b-v2'],
  ]);
});

it('matches jobs by name and lists the ones without a partner on either side', () => {
  const job = (jobId: string, name: string): JobInfo => ({ clusterId: 1, jobId, name });
  const m = matchJobs(
    [job('a1', 'Orders'), job('a2', 'Payments'), job('a3', 'Orders')],
    [job('b1', 'Orders'), job('b2', 'Fraud')],
  );
  expect(m.pairs.map((p) => [p.name, p.a.jobId, p.b.jobId])).toEqual([['Orders', 'a1', 'b1']]);
  expect(m.onlyA.map((j) => j.jobId)).toEqual(['a2', 'a3']);
  expect(m.onlyB.map((j) => j.jobId)).toEqual(['b2']);
});

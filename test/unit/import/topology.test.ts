// --topology-from lays a source's job graph onto the store's job: by id where they match, else by
// job and vertex name as the reporter stores them (a resubmitted job has new ids).
import { describe, expect, it } from 'vitest';
import { matchTopology } from '../../../electron/import/prometheus/topology';

const stored = {
  jobId: 'new-job',
  name: 'Orders_job',
  vertices: [
    { vertexId: 'b2', name: 'Map:_enrich', parallelism: 2 },
    { vertexId: 'a1', name: 'Source:_Kafka', parallelism: 2 },
    { vertexId: 'z9', name: 'Sink', parallelism: 1 },
  ],
};
const graph = {
  jobId: 'old-job',
  name: 'Orders job',
  vertices: [
    { vertexId: 'A', name: 'Source: Kafka' },
    { vertexId: 'B', name: 'Map: enrich' },
  ],
  edges: [{ source: 'A', target: 'B', shipStrategy: 'HASH' }],
};

describe('matchTopology', () => {
  it('matches job and vertices by stored name when the ids differ', () => {
    const t = matchTopology(stored, [graph], 'old.backflow');
    expect(t?.edges).toEqual([{ source: 'a1', target: 'b2', shipStrategy: 'HASH' }]);
    expect([...t!.topoIndex]).toEqual([
      ['a1', 0],
      ['b2', 1],
    ]);
  });

  it('prefers the same job id and finds nothing for another job', () => {
    const byId = { ...graph, jobId: 'new-job', name: 'renamed', vertices: [{ vertexId: 'z9', name: 'x' }], edges: [] };
    expect(matchTopology(stored, [graph, byId], 'jm')?.topoIndex.get('z9')).toBe(0);
    expect(matchTopology({ ...stored, name: 'other' }, [graph], 'jm')).toBeNull();
  });
});

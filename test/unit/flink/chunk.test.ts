import { describe, expect, it } from 'vitest';
import { chunkMetricIds, metricQuery, requestLineLength } from '../../../electron/flink/chunk';

const METRICS = [
  'Shuffle.Netty.Input.Buffers.inputFloatingBuffersUsage',
  'Shuffle.Netty.Input.Buffers.inputExclusiveBuffersUsage',
  'Shuffle.Netty.Input.Buffers.inPoolUsage',
  'Shuffle.Netty.Output.Buffers.outPoolUsage',
  'accumulateBackPressuredTimeMs',
  'accumulateIdleTimeMs',
  'accumulateBusyTimeMs',
  'numRecordsIn',
  'numRecordsOut',
  'isBackPressured',
];

describe('chunkMetricIds', () => {
  const path = '/flink/prod/jobs/a1b2c3d4e5f60718293a4b5c6d7e8f90/vertices/0a448493b4782967b150582570326227/metrics';
  const ids = Array.from({ length: 256 }, (_, i) => METRICS.map((m) => `${i}.${m}`)).flat();

  it('keeps every request line within the limit and covers all ids in order', () => {
    const chunks = chunkMetricIds(path, ids);
    for (const c of chunks) expect(requestLineLength(path, c)).toBeLessThanOrEqual(3500);
    expect(chunks.flat()).toEqual(ids);
    // Chunks are filled: only the last may be short, so the request count is near the minimum.
    const total = ids.reduce((n, id) => n + id.length + 1, 0);
    expect(chunks.length).toBeLessThanOrEqual(Math.ceil(total / (3500 - 200)) + 1);
    for (const c of chunks.slice(0, -1)) expect(requestLineLength(path, c)).toBeGreaterThan(3400);
  });

  it('counts URL-encoded length for special characters', () => {
    const odd = Array.from({ length: 200 }, (_, i) => `${i}.Sink__a+b#c$d&e/f;g=h?i@j.numRecordsIn`);
    const chunks = chunkMetricIds('/m', odd, 1000);
    for (const c of chunks) expect(requestLineLength('/m', c)).toBeLessThanOrEqual(1000);
    expect(metricQuery(['a+b&c'])).toBe('get=a%2Bb%26c');
  });

  it('honours a smaller limit and rejects an id that cannot fit at all', () => {
    expect(chunkMetricIds('/m', ['a', 'b', 'c'], 'GET /m?get=a,b HTTP/1.1'.length)).toEqual([['a', 'b'], ['c']]);
    expect(() => chunkMetricIds('/m', ['x'.repeat(200)], 100)).toThrow(/too long for one request line/);
    expect(chunkMetricIds('/m', [])).toEqual([]);
  });
});

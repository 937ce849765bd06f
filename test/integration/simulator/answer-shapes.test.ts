// The machinery behind "the simulator answers like the real thing" (issue 10 §2): answers captured
// through the recording proxy, grouped by route and compared by shape. Checked here on the
// simulator itself, where the truth is known: the same profile agrees with itself, and profiles of
// versions that really differ are told apart at the places they differ.
import { describe, expect, it } from 'vitest';
import { compareRoutes } from '../../real-flink/answers/fixtures';
import { routeOf } from '../../real-flink/answers/routes';
import { addToShape, compareShapes, emptyShape } from '../../real-flink/answers/shape';
import { simulatedAnswers } from '../../real-flink/answers/simulated';

describe('routes', () => {
  it('names a request by the route Flink declares, whatever the ids', () => {
    expect(
      routeOf(
        '/jobs/4f2a9c1e0b7d4e8a9c1e0b7d4e8a9c1e/vertices/bc764cd8ddf7a0cff126f51c16239658/subtasks/metrics?get=a,b&agg=sum',
      ),
    ).toBe('/jobs/:jobid/vertices/:vertexid/subtasks/metrics?agg&get');
    expect(
      routeOf(
        '/jobs/4f2a9c1e0b7d4e8a9c1e0b7d4e8a9c1e/checkpoints/details/17/subtasks/bc764cd8ddf7a0cff126f51c16239658',
      ),
    ).toBe('/jobs/:jobid/checkpoints/details/:checkpointid/subtasks/:vertexid');
    expect(routeOf('/taskmanagers/127.0.0.1%3A41234-9f8e7d/metrics?get=x')).toBe(
      '/taskmanagers/:taskmanagerid/metrics?get',
    );
    expect(routeOf('/jobs/overview')).toBe('/jobs/overview');
    expect(routeOf('/taskmanagers/metrics')).toBe('/taskmanagers/metrics');
  });
});

describe('shapes', () => {
  const shape = (...values: unknown[]) =>
    values.reduce((s: ReturnType<typeof emptyShape>, v) => addToShape(s, v), emptyShape());

  it('tells a metric value sent as a string from one sent as a number', () => {
    expect(compareShapes(shape([{ id: 'a', value: '12' }]), shape([{ id: 'a', value: 12 }]))).toEqual([
      '$[].value: real numeric-string, simulated number',
    ]);
  });

  it('tells null from absent, and ignores order and values', () => {
    const real = shape({ a: 1, b: null, list: [{ x: 'p' }, { x: 'q', y: true }] });
    expect(compareShapes(real, shape({ list: [{ y: false, x: 'r' }], b: null, a: 99 }))).toEqual([]);
    expect(compareShapes(real, shape({ a: 1, list: [] }))).toEqual(['$.b: only in the real answer (null)']);
  });

  it('treats ids used as keys as one key', () => {
    const real = shape({ tasks: { '0123456789abcdef0123456789abcdef': { n: 1 } } });
    expect(compareShapes(real, shape({ tasks: { fedcba9876543210fedcba9876543210: { n: 2 } } }))).toEqual([]);
  });
});

describe('simulated answers compared route by route', () => {
  it('a profile agrees with itself, and 1.14 differs from 1.20 where Flink changed', async () => {
    const a = await simulatedAnswers('1.20', { ticks: 40 });
    const b = await simulatedAnswers('1.20', { ticks: 40, scenario: 'incident' });
    expect(a.length).toBeGreaterThan(12);
    expect([...compareRoutes(a, b)]).toEqual([]);
    const old = await simulatedAnswers('1.14', { ticks: 40 });
    const diff = compareRoutes(a, old);
    // 1.16 added the camel-case level key next to `backpressure-level` (REFERENCE §6).
    expect(diff.get('/jobs/:jobid/vertices/:vertexid/backpressure')?.join('\n')).toMatch(
      /backpressureLevel: only in the real answer/,
    );
  }, 120_000);
});

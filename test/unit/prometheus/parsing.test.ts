// The Prometheus client's pure parts: answer schemas, error bodies and their one-line messages,
// splitting a range query under the 11,000-point limit and joining the chunks again.

import { describe, expect, it } from 'vitest';
import { FlinkApiError } from '../../../electron/flink/errors';
import { fromTransportError, prometheusErrorSummary } from '../../../electron/prometheus/errors';
import { mergeChunks, pointsIn, seriesKey, splitRange } from '../../../electron/prometheus/range';
import { envelopeSchema, matrixSchema, seriesSchema } from '../../../electron/prometheus/schemas';

describe('answers', () => {
  it('reads a matrix: unix seconds to epoch ms, Go float spellings to numbers', () => {
    const m = matrixSchema.parse({
      resultType: 'matrix',
      result: [
        {
          metric: { __name__: 'x', task_id: 'a' },
          values: [
            [1750000000.5, '250'],
            [1750000001, 'NaN'],
            [1750000002, '+Inf'],
            [1750000003, '-Inf'],
            [1750000004, '1e-3'],
          ],
        },
      ],
    });
    const [s] = m.result;
    expect(s!.values.map((p) => p.t)).toEqual([
      1750000000500, 1750000001000, 1750000002000, 1750000003000, 1750000004000,
    ]);
    expect(s!.values.map((p) => p.v)).toEqual([250, NaN, Infinity, -Infinity, 0.001]);
  });

  it('refuses a sample value that is no number, and a vector where a matrix belongs', () => {
    expect(
      matrixSchema.safeParse({ resultType: 'matrix', result: [{ metric: {}, values: [[1, 'abc']] }] }).success,
    ).toBe(false);
    expect(matrixSchema.safeParse({ resultType: 'vector', result: [] }).success).toBe(false);
  });

  it('reads series label sets and tells the envelope from other JSON', () => {
    expect(seriesSchema.parse([{ __name__: 'up', job: 'flink' }])).toEqual([{ __name__: 'up', job: 'flink' }]);
    expect(envelopeSchema.safeParse({ status: 'success', data: [] }).success).toBe(true);
    expect(envelopeSchema.safeParse({ errors: ['Not found: /api/v1/labels'] }).success).toBe(false);
  });
});

describe('errors', () => {
  const transportError = (init: Partial<ConstructorParameters<typeof FlinkApiError>[0]>) =>
    new FlinkApiError({
      kind: 'http-status',
      method: 'GET',
      path: '/api/v1/query_range',
      url: 'http://p:9090/api/v1/query_range',
      detail: 'x',
      ...init,
    });

  it("summarises Prometheus' own error body as errorType: error", () => {
    expect(prometheusErrorSummary('{"status":"error","errorType":"bad_data","error":"parse error at char 5"}')).toBe(
      'bad_data: parse error at char 5',
    );
    expect(prometheusErrorSummary('{"errors":["Not found"]}')).toBeNull();
    expect(prometheusErrorSummary('<html>')).toBeNull();
  });

  it('names the 11,000-point limit and what to do about it', () => {
    const said =
      'bad_data: exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)';
    const e = fromTransportError(transportError({ status: 400, serverMessage: said }), 'http://p:9090');
    expect(e.kind).toBe('too-many-points');
    expect(e.message).toMatch(/11,000 points.*larger --step/);
  });

  it.each([
    [
      { status: 400, serverMessage: 'bad_data: 1:5: parse error' },
      'query',
      'GET /api/v1/query_range: the store refused the query (status 400): bad_data: 1:5: parse error',
    ],
    [
      { kind: 'not-found' as const, status: 404, serverMessage: 'Not found: /api/v1/query_range' },
      'not-prometheus',
      'GET /api/v1/query_range: not found at http://p:9090 (status 404, "Not found: /api/v1/query_range"): not a Prometheus API, or a wrong path prefix',
    ],
    [{ kind: 'html-response' as const, status: 200 }, 'html-response', /answered an HTML page, not the Prometheus API/],
    [
      { status: 503, serverMessage: 'unavailable: TSDB not ready' },
      'http-status',
      'GET /api/v1/query_range: the store failed (status 503): unavailable: TSDB not ready',
    ],
    [{ status: 401, detail: 'authentication failed' }, 'auth', /authentication failed/],
  ])('tells %o apart as %s, in one line', (init, kind, message) => {
    const e = fromTransportError(transportError(init), 'http://p:9090');
    expect(e.kind).toBe(kind);
    if (typeof message === 'string') expect(e.message).toBe(message);
    else expect(e.message).toMatch(message);
  });
});

describe('splitting by time', () => {
  it('counts the grid points of a range', () => {
    expect(pointsIn({ start: 0, end: 10_000, stepMs: 1000 })).toBe(11);
    expect(pointsIn({ start: 0, end: 10_999, stepMs: 1000 })).toBe(11);
    expect(pointsIn({ start: 5, end: 4, stepMs: 1000 })).toBe(0);
  });

  it('keeps every chunk on the same grid, without overlap or gap, at most 11,000 points each', () => {
    const range = { start: 1_000, end: 1_000 + 25_000 * 15_000 + 7, stepMs: 15_000 };
    const chunks = splitRange(range, 50_000);
    expect(chunks.map(pointsIn)).toEqual([11_000, 11_000, 3_001]);
    expect(chunks[0]!.start).toBe(range.start);
    for (let i = 1; i < chunks.length; i++) expect(chunks[i]!.start).toBe(chunks[i - 1]!.end + range.stepMs);
    expect(chunks.reduce((n, c) => n + pointsIn(c), 0)).toBe(pointsIn(range));
  });

  it('makes chunks smaller for a sample budget, never empty', () => {
    expect(splitRange({ start: 0, end: 99_000, stepMs: 1000 }, 30).map(pointsIn)).toEqual([30, 30, 30, 10]);
    expect(splitRange({ start: 0, end: 2000, stepMs: 1000 }, 0.2).map(pointsIn)).toEqual([1, 1, 1]);
    expect(() => splitRange({ start: 0, end: 1, stepMs: 0 })).toThrow(/step/);
  });

  it('joins chunks into one series per label set, whatever the label order', () => {
    const merged = mergeChunks([
      [{ metric: { a: '1', b: '2' }, values: [{ t: 1, v: 10 }] }],
      [
        { metric: { b: '2', a: '1' }, values: [{ t: 2, v: 20 }] },
        { metric: { a: '9' }, values: [{ t: 2, v: 5 }] },
      ],
    ]);
    expect(merged).toEqual([
      { labels: { a: '1', b: '2' }, timestamps: [1, 2], values: [10, 20] },
      { labels: { a: '9' }, timestamps: [2], values: [5] },
    ]);
    expect(seriesKey({ a: '1', b: '2' })).toBe(seriesKey({ b: '2', a: '1' }));
  });
});

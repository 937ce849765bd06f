// The streaming matrix reader gives each sample to its series' sink, with Go's float spellings,
// and refuses an answer that is not a matrix instead of importing a part of it.
import { describe, expect, it } from 'vitest';
import { visitMatrix } from '../../../electron/prometheus/matrix';

describe('visitMatrix', () => {
  it('hands every sample to its series sink, skipping series the sink refuses', () => {
    const got: Array<[string, number, number]> = [];
    const data = {
      resultType: 'matrix',
      result: [
        {
          metric: { a: '1' },
          values: [
            [1.5, '2'],
            [2, 'NaN'],
            [3, '+Inf'],
            [4, '-Inf'],
          ],
        },
        { metric: { a: 'skip' }, values: [[1, '9']] },
      ],
    };
    visitMatrix('/q', data, (labels) => (labels.a === 'skip' ? null : (t, v) => got.push([labels.a!, t, v])));
    expect(got).toEqual([
      ['1', 1500, 2],
      ['1', 2000, NaN],
      ['1', 3000, Infinity],
      ['1', 4000, -Infinity],
    ]);
  });

  it('refuses what is not a matrix of [time, "value"] pairs', () => {
    const sink = () => () => {};
    expect(() => visitMatrix('/q', { resultType: 'vector', result: [] }, sink)).toThrow(/not a matrix/);
    expect(() => visitMatrix('/q', { resultType: 'matrix', result: [{ metric: { a: 1 } }] }, sink)).toThrow(
      /label set/,
    );
    const badValue = { resultType: 'matrix', result: [{ metric: {}, values: [[1, 'x']] }] };
    expect(() => visitMatrix('/q', badValue, sink)).toThrow(/values\.0/);
  });
});

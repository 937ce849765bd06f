import { describe, expect, it } from 'vitest';
import { formatHash, parseHash } from '../../../renderer/src/lib/hash-state';

describe('deep-link hash', () => {
  it('round-trips token, window, cursor and vertex', () => {
    const s = {
      token: 'abcDEF_123-xyz45678',
      from: 1000,
      to: 9000,
      cursor: 4500,
      vertex: { clusterId: 2, jobId: 'job 1/ä', vertexId: 'cbc357ccb763df2852fee8c4fc7d55f2' },
    };
    const h = formatHash(s);
    expect(h.startsWith('#token=abcDEF_123-xyz45678&')).toBe(true);
    expect(parseHash(h)).toEqual(s);
  });

  it('takes the token from the query when the fragment has none', () => {
    expect(parseHash('', '?token=q1').token).toBe('q1');
    expect(parseHash('#token=h1', '?token=q1').token).toBe('h1');
  });

  it('ignores broken or contradictory values instead of guessing', () => {
    const s = parseHash('#from=9000&to=1000&t=-5&v=0~job~v');
    expect(s.from).toBeNull();
    expect(s.to).toBeNull();
    expect(s.cursor).toBeNull();
    expect(s.vertex).toBeNull();
    expect(parseHash('#t=abc&v=1~onlyjob').cursor).toBeNull();
    expect(parseHash('#v=1~onlyjob').vertex).toBeNull();
  });
});

import { expect, it } from 'vitest';
import { formatCompareHash, parseCompareHash } from '../../../renderer/src/lib/compare-hash';

it('round-trips the two handles and the alignment', () => {
  const link = { a: 's1', b: 's3', align: 'episode' as const };
  expect(formatCompareHash(link)).toBe('#compare=s1,s3&align=episode');
  expect(parseCompareHash(formatCompareHash(link))).toEqual(link);
  expect(parseCompareHash('#compare=s2,s1')).toEqual({ a: 's2', b: 's1', align: 'start' });
  expect(parseCompareHash('#token=abc&compare=s2,s1&align=clock')).toEqual({ a: 's2', b: 's1', align: 'clock' });
});

it('ignores anything but two different handles', () => {
  for (const h of ['', '#from=1&to=2', '#compare=s1', '#compare=s1,s1', '#compare=s1,../x', '#compare=s1,s2,s3'])
    expect(parseCompareHash(h)).toBeNull();
  expect(parseCompareHash('#compare=s1,s2&align=sideways')).toEqual({ a: 's1', b: 's2', align: 'start' });
});

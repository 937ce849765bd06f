import { describe, expect, it } from 'vitest';
import { groupByClusterJob } from '../../../shared/report/groups';

const inc = (rank: number, cluster: string, jobName: string) => ({ rank, cluster, jobName });

describe('report groups by cluster and job', () => {
  it('one job: one group without a heading', () => {
    expect(groupByClusterJob([inc(1, 'http://a', 'Orders')], [{ cluster: 'http://a', name: 'Orders' }])).toEqual([
      { heading: null, items: [{ item: inc(1, 'http://a', 'Orders'), index: 0 }] },
    ]);
    expect(groupByClusterJob([], [{ cluster: 'http://a', name: 'Orders' }])).toEqual([]);
  });

  it('several: a heading per cluster and job in the session’s order, incidents by rank inside, indices kept', () => {
    const jobs = [
      { cluster: 'http://a', name: 'Orders' },
      { cluster: 'http://a', name: 'Payments' },
      { cluster: 'http://b', name: 'Orders' },
    ];
    const ranked = [
      inc(1, 'http://b', 'Orders'),
      inc(2, 'http://a', 'Payments'),
      inc(3, 'http://b', 'Orders'),
      inc(4, 'http://a', 'Orders'),
    ];
    const groups = groupByClusterJob(ranked, jobs);
    expect(groups.map((g) => [g.heading, g.items.map((x) => [x.item.rank, x.index])])).toEqual([
      ['Orders (http://a)', [[4, 3]]],
      ['Payments (http://a)', [[2, 1]]],
      [
        'Orders (http://b)',
        [
          [1, 0],
          [3, 2],
        ],
      ],
    ]);
  });
});

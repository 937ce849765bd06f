import { describe, expect, it } from 'vitest';
import type { EpisodeEvent } from '../../../shared/analysis/live';
import { notificationText, sustainedNotice } from '../../../electron/shell/notification';

const names = {
  job: (c: number, j: string) => (c === 1 && j === 'j1' ? 'orders-enrichment' : null),
  vertex: (c: number, j: string, v: string) => (v === 'v2' ? 'Window(Tumbling 1 min)' : null),
};
const event = (kind: EpisodeEvent['kind'], vertexId = 'v2'): EpisodeEvent => ({
  kind,
  clusterId: 1,
  jobId: 'j1',
  vertexId,
  start: 1_000_000,
  end: 1_000_000 + 390_000,
  peakLevel: 'HIGH',
  ratioSource: 'backPressuredTimeMsPerSecond' as EpisodeEvent['ratioSource'],
});

describe('sustained-episode notification', () => {
  it('is raised only for episodes turning sustained', () => {
    expect(sustainedNotice(event('episode-started'), names)).toBeNull();
    expect(sustainedNotice(event('episode-ended'), names)).toBeNull();
    expect(sustainedNotice(event('episode-sustained'), names)).not.toBeNull();
  });

  it('names the vertex, job, cluster, duration and peak level', () => {
    const text = notificationText(sustainedNotice(event('episode-sustained'), names)!);
    expect(text).toEqual({
      title: 'Sustained backpressure: Window(Tumbling 1 min)',
      body: 'orders-enrichment (cluster 1): backpressured for 6m 30s, peak HIGH.',
    });
  });

  it('falls back to ids when names are unknown', () => {
    const text = notificationText(sustainedNotice({ ...event('episode-sustained', 'v9'), jobId: 'jx' }, names)!);
    expect(text.title).toBe('Sustained backpressure: vertex v9');
    expect(text.body.startsWith('job jx (cluster 1)')).toBe(true);
  });
});

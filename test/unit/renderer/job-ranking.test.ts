import { describe, expect, it } from 'vitest';
import type { IncidentSummary } from '../../../shared/api';
import { rankJobs } from '../../../renderer/src/lib/job-ranking';

const job = (clusterId: number, jobId: string, name: string) => ({ clusterId, jobId, name });
const incident = (
  clusterId: number,
  jobId: string,
  peak: 'LOW' | 'HIGH',
  sustained: boolean,
  spans: [number, number][],
): IncidentSummary =>
  ({
    clusterId,
    jobId,
    peak,
    sustained,
    vertices: spans.map(([start, end], i) => ({ vertexId: `v${i}`, episodeId: `e${i}`, start, end, peak, sustained })),
  }) as unknown as IncidentSummary;

describe('jobs ranked for the job picker', () => {
  it('puts the job with the most backpressure first, each instant counted once', () => {
    const jobs = [job(1, 'a', 'Alpha'), job(2, 'b', 'Beta'), job(3, 'c', 'Gamma')];
    const ranked = rankJobs(jobs, [
      // Beta: two overlapping episodes (0–60 s and 30–90 s) are 90 s, not 120 s.
      incident(2, 'b', 'HIGH', true, [
        [0, 60_000],
        [30_000, 90_000],
      ]),
      // Gamma: 100 s in two separate incidents.
      incident(3, 'c', 'LOW', false, [[0, 50_000]]),
      incident(3, 'c', 'LOW', false, [[200_000, 250_000]]),
    ]);
    expect(ranked.map((r) => [r.job.name, r.backpressuredMs, r.peak, r.sustained])).toEqual([
      ['Gamma', 100_000, 'LOW', false],
      ['Beta', 90_000, 'HIGH', true],
      ['Alpha', 0, null, false],
    ]);
  });

  it('orders equal time by the worse level, then by name; the same job id on two clusters stays apart', () => {
    const jobs = [job(1, 'x', 'Zeta'), job(2, 'x', 'Eta'), job(1, 'y', 'Theta')];
    const ranked = rankJobs(jobs, [
      incident(1, 'x', 'LOW', false, [[0, 10_000]]),
      incident(2, 'x', 'HIGH', false, [[0, 10_000]]),
    ]);
    expect(ranked.map((r) => r.job.name)).toEqual(['Eta', 'Zeta', 'Theta']);
  });
});

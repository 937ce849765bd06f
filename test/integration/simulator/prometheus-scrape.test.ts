// A real Prometheus scrapes the simulated cluster's PrometheusReporter endpoints (one per
// process) every second, and its query API answers Flink's series for a known vertex with the
// values the REST API gives. The clock stands still, so both read the same model instant.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startScrapedSimulator, type ScrapedSimulator } from '../prometheus/scraped-simulator';

let chain: ScrapedSimulator;

beforeAll(async () => {
  chain = await startScrapedSimulator({ scenario: 'incident', flinkVersion: '1.20', clock: 'manual' });
  chain.cluster.advance(90_000);
});

afterAll(async () => {
  await chain?.stop();
});

async function query(q: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
  const res = await fetch(`${chain.prometheus.url}/api/v1/query?query=${encodeURIComponent(q)}`);
  const body = (await res.json()) as {
    status: string;
    data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
  };
  expect(body.status).toBe('success');
  return body.data.result;
}

describe('a real Prometheus scraping the simulator', () => {
  it('scrapes every process endpoint successfully', async () => {
    const up = await eventually(async () => {
      const r = await query('up');
      return r.length === chain.endpoints.all.length && r.every((s) => s.value[1] === '1') ? r : null;
    });
    expect(up).toHaveLength(1 + chain.cluster.model.taskManagers.length);
  });

  it('answers busyTimeMsPerSecond per subtask of a known vertex, with the REST value', async () => {
    const job = chain.cluster.model.jobs[0]!;
    const vertex = job.vertices[1]!;
    const series = await eventually(async () => {
      const r = await query(
        `flink_taskmanager_job_task_busyTimeMsPerSecond{job_id="${job.jobId}",task_id="${vertex.id}"}`,
      );
      return r.length === vertex.parallelism ? r : null;
    });
    expect(new Set(series.map((s) => s.metric.subtask_index))).toEqual(
      new Set(vertex.subtasks.map((s) => String(s.index))),
    );
    for (const s of series) {
      expect(s.metric.job_name).toBe(job.name.replace(/[^a-zA-Z0-9:_]/g, '_'));
      const rest = await fetch(
        `${chain.cluster.url}/jobs/${job.jobId}/vertices/${vertex.id}/subtasks/${s.metric.subtask_index}/metrics?get=busyTimeMsPerSecond`,
      );
      const [entry] = (await rest.json()) as Array<{ id: string; value: string }>;
      expect(Number(s.value[1])).toBe(Number(entry!.value));
    }
    const cp = await query(`flink_jobmanager_job_numberOfCompletedCheckpoints{job_id="${job.jobId}"}`);
    expect(cp).toHaveLength(1);
  });
});

// Starting and running a simulated cluster: options, clocks, real scenarios, and bad input.

import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { startSimulatedCluster } from '../../../electron/simulator';
import { epochMs } from '../../../shared/time';
import { FixtureModel } from '../../fixtures/sim-fixture';
import { getJson } from './helpers';

describe('simulated cluster lifecycle', () => {
  it('runs a named scenario from a start time, and advance() moves model time in manual mode', async () => {
    const start = epochMs(1_770_000_000_000);
    const c = await startSimulatedCluster({ scenario: 'healthy', seed: 3, startTime: start });
    try {
      expect(c.url).toBe(`http://127.0.0.1:${c.port}`);
      expect(c.flinkVersion).toBe('1.20');
      expect(c.now()).toBe(start);
      c.advance(30_000);
      expect(c.now()).toBe(start + 30_000);
      const jobs = await getJson(c, '/jobs');
      expect(jobs.jobs.length).toBeGreaterThan(0);
      expect((await getJson(c, '/overview')).taskmanagers).toBe(c.model.taskManagers.length);
    } finally {
      await c.close();
    }
  });

  it('realtime clock advances model time by wall time × speed', async () => {
    const model = new FixtureModel();
    const c = await startSimulatedCluster({ scenario: 'fixture', model, clock: 'realtime', speed: 50 });
    try {
      const t0 = c.now();
      await new Promise((r) => setTimeout(r, 400));
      // ≥ 200 ms of wall time at ×50 has certainly passed one 100 ms tick.
      expect(c.now() - t0).toBeGreaterThanOrEqual(5000);
    } finally {
      await c.close();
    }
  });

  it('rejects unknown scenarios and versions, bad speed, and a port in use', async () => {
    await expect(startSimulatedCluster({ scenario: 'nope' })).rejects.toThrow(/unknown scenario "nope"/);
    await expect(startSimulatedCluster({ scenario: 'healthy', flinkVersion: '1.99' as never })).rejects.toThrow(
      /unknown Flink version "1.99"/,
    );
    await expect(startSimulatedCluster({ scenario: 'healthy', speed: 0 })).rejects.toThrow(/speed/);
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      await expect(startSimulatedCluster({ scenario: 'healthy', port })).rejects.toThrow(
        `port ${port} is already in use`,
      );
    } finally {
      blocker.close();
    }
  });

  it('is deterministic for a seed: two clusters answer the same bytes', async () => {
    const opts = { scenario: 'data-skew', seed: 11, startTime: epochMs(1_770_000_000_000) };
    const a = await startSimulatedCluster(opts);
    const b = await startSimulatedCluster(opts);
    try {
      a.advance(40_000);
      b.advance(40_000);
      const job = a.model.jobs[0]!;
      const v = job.vertices[1]!;
      for (const path of [
        `/jobs/${job.jobId}`,
        `/jobs/${job.jobId}/vertices/${v.id}/metrics`,
        `/jobs/${job.jobId}/checkpoints`,
      ]) {
        const [ra, rb] = await Promise.all([
          fetch(a.url + path).then((r) => r.text()),
          fetch(b.url + path).then((r) => r.text()),
        ]);
        expect(ra).toBe(rb);
      }
    } finally {
      await a.close();
      await b.close();
    }
  });
});

// The simulator's answers to the same recorder, for comparison with a real capture: the incident
// scenario (checkpoints, a restart, exceptions, backpressure, GC) recorded through the capture proxy.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Recorder } from '../../../electron/recorder/recorder';
import { SessionWriter } from '../../../electron/session/index';
import { startSimulatedCluster, type SimulatedVersion } from '../../../electron/simulator/index';
import { groupAnswers, type RouteAnswers } from './fixtures';
import { startCaptureProxy } from './proxy';

export async function simulatedAnswers(
  version: SimulatedVersion,
  opts: { scenario?: string; ticks?: number; intervalMs?: number } = {},
): Promise<RouteAnswers[]> {
  const intervalMs = opts.intervalMs ?? 10_000;
  const cluster = await startSimulatedCluster({
    scenario: opts.scenario ?? 'incident',
    flinkVersion: version,
    clock: 'manual',
  });
  const proxy = await startCaptureProxy(cluster.url);
  const dir = mkdtempSync(path.join(tmpdir(), 'backflow-shapes-'));
  const writer = SessionWriter.create(path.join(dir, 's.backflow'), { appVersion: 'test' });
  const recorder = new Recorder({
    writer,
    targets: [{ connection: { url: proxy.url, retries: 0 }, jobs: [] }],
    intervalMs,
    detail: 'all',
    clock: () => cluster.now(),
  });
  try {
    for (let i = 0; i < (opts.ticks ?? 60); i++) {
      await recorder.pollOnce();
      cluster.advance(intervalMs);
    }
  } finally {
    recorder.close();
    writer.close();
    await proxy.close();
    await cluster.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return groupAnswers(proxy.exchanges);
}

// The recorder thread for real: the bundled main.cjs started as a worker_threads Worker with the
// recorder role records the simulated cluster over loopback HTTP into a session file, reports a
// sustained episode for the notification, keeps credentials out of the file, and stops on request.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionReader } from '../../../electron/session/index';
import { startSimulatedCluster, type SimulatedCluster } from '../../../electron/simulator/index';
import { buildScenario } from '../../../electron/simulator/scenarios/index';
import { epochMs } from '../../../shared/time';
import { RECORDER_WORKER_ROLE, type FromRecorder, type RecordingJob } from '../../../electron/shell/recorder-worker';
import { RecordingHost, type RecorderThread } from '../../../electron/shell/recording-host';
import type { SustainedNotice } from '../../../electron/shell/notification';
import { SessionHost } from '../../../electron/shell/session-host';
import { buildMain } from './built-main';

let main: string;
let dir: string;
let cluster: SimulatedCluster;

beforeAll(async () => {
  main = await buildMain();
  dir = mkdtempSync(path.join(tmpdir(), 'backflow-recorder-thread-'));
}, 60_000);

afterAll(async () => {
  await cluster?.close();
  rmSync(dir, { recursive: true, force: true });
});

const spawnThread = (job: RecordingJob) =>
  new Worker(main, { workerData: { role: RECORDER_WORKER_ROLE, job } }) as unknown as RecorderThread;

function until(cond: () => boolean, timeoutMs: number): Promise<void> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const check = () =>
      cond()
        ? resolve()
        : Date.now() - t0 > timeoutMs
          ? reject(new Error('condition not met in time'))
          : setTimeout(check, 50);
    check();
  });
}

describe('recorder thread (bundled main.cjs as a worker)', () => {
  it('records, raises a sustained-episode notice, and stops cleanly on request', async () => {
    const notices: SustainedNotice[] = [];
    const changes: boolean[] = [];
    const host = new RecordingHost(spawnThread, {
      changed: (s) => changes.push(s.recording),
      sustained: (n) => notices.push(n),
      failed: (m) => notices.push({ failed: m } as never),
    });
    const out = path.join(dir, 'live.backflow');
    // 10 simulated seconds per wall second: the slowdown (60 s–300 s) runs from 6 s to 30 s, long
    // enough to be seen even when a loaded machine stretches every poll.
    cluster = await startSimulatedCluster({
      scenario: 'sustained-bottleneck',
      seed: 5,
      flinkVersion: '1.20',
      clock: 'realtime',
      speed: 10,
    });
    const started = await host.start({
      out,
      targets: [
        {
          connection: { url: cluster.url, basicAuth: { username: 'ann', password: 'pw-never-on-disk-7731' } },
          jobs: [],
        },
      ],
      intervalMs: 200,
      detail: 'all',
      appVersion: 'test',
      hostName: 'test-host',
      sustainedAfterMs: 1000,
    });
    expect(started).toMatchObject({ recording: true, fileName: 'live.backflow' });
    expect(host.recordingFile).toBe(out);

    await until(() => notices.length > 0 && host.state().ticks >= 8, 40_000);
    const stopped = await host.stop();
    expect(stopped.recording).toBe(false);
    expect(stopped.lastError).toBeNull();
    expect(host.recordingFile).toBeNull();
    expect(changes).toEqual([true, false]);

    // The notice names a real vertex of the recorded job, once per episode.
    const reader = SessionReader.open(out);
    try {
      const [n] = notices;
      expect(n).toMatchObject({ clusterId: 1, peakLevel: expect.stringMatching(/^(LOW|HIGH)$/) });
      const vertex = reader.vertices().find((v) => v.vertexId === n!.vertexId);
      expect(vertex?.name).toBe(n!.vertexName);
      expect(new Set(notices.map((x) => `${x.vertexId}@${x.start}`)).size).toBe(notices.length);
      expect(reader.info().ticks).toBe(stopped.ticks);
      expect(reader.clusters()[0]!.url).toBe(cluster.url.replace(/\/$/, ''));
    } finally {
      reader.close();
    }
    const bytes = readFileSync(out);
    expect(bytes.includes(Buffer.from('pw-never-on-disk-7731'))).toBe(false);
  }, 60_000);

  it('captures evidence of a vertex on request while recording, through the session the window opened', async () => {
    const host = new RecordingHost(spawnThread, { changed: () => {}, sustained: () => {}, failed: () => {} });
    const out = path.join(dir, 'capture-now.backflow');
    const healthy = await startSimulatedCluster({ scenario: 'healthy', seed: 5, clock: 'realtime', speed: 10 });
    const sessions = new SessionHost(
      () => {},
      1000,
      (file) => ({ active: () => host.recordingFile === file, request: (r) => host.requestEvidence(r) }),
    );
    try {
      await host.start({
        out,
        targets: [{ connection: { url: healthy.url }, jobs: [] }],
        // At the JobManager's metric refresh (10 s): one tick per simulated refresh.
        intervalMs: 10_000,
        detail: 'all',
        appVersion: 'test',
        hostName: 'test-host',
      });
      await until(() => host.state().ticks >= 2, 20_000);
      sessions.open(out);
      const api = sessions.handlers()!;
      const info = await api.sessionInfo({});
      expect(info.canCapture).toBe(true);
      const sink = info.vertices.find((v) => v.name.startsWith('Sink'))!;
      const at = { clusterId: sink.clusterId, jobId: sink.jobId, vertexId: sink.vertexId };
      expect((await api.captureEvidence(at)).accepted).toBe(true);
      expect(await api.captureEvidence(at)).toMatchObject({ accepted: true });
      let flames = 0;
      await until(() => {
        const reader = SessionReader.open(out);
        try {
          flames = reader.evidence().filter((e) => e.vertexId === sink.vertexId && e.status === 'captured').length;
        } finally {
          reader.close();
        }
        return flames >= 3;
      }, 30_000);
      const again = await api.captureEvidence(at);
      expect(again.accepted).toBe(false);
      expect(again.message).toMatch(/ask again in \d+ s/);
      await host.stop();
      expect((await api.sessionInfo({})).canCapture).toBe(false);
      expect(await host.requestEvidence(at)).toEqual({ accepted: false, message: 'nothing is being recorded' });
    } finally {
      sessions.close();
      await host.stop();
      await healthy.close();
    }
  }, 60_000);

  it('reports why a recording could not start', async () => {
    const host = new RecordingHost(spawnThread, { changed: () => {}, sustained: () => {}, failed: () => {} });
    const out = path.join(dir, 'live.backflow'); // exists from the test above
    await expect(
      host.start({
        out,
        targets: [{ connection: { url: cluster.url }, jobs: [] }],
        intervalMs: 1000,
        detail: 'hot',
        appVersion: 't',
        hostName: 'h',
      }),
    ).rejects.toThrow(/already exists/);
    expect(host.state().recording).toBe(false);
    await expect(
      host.start({
        out: path.join(dir, 'bad-url.backflow'),
        targets: [{ connection: { url: 'ftp://nope' }, jobs: [] }],
        intervalMs: 1000,
        detail: 'hot',
        appVersion: 't',
        hostName: 'h',
      }),
    ).rejects.toThrow(/ftp/);
  }, 20_000);

  it('records the built-in demo cluster started inside the thread, on the simulator clock', async () => {
    const host = new RecordingHost(spawnThread, { changed: () => {}, sustained: () => {}, failed: () => {} });
    const out = path.join(dir, 'demo-incident.backflow');
    const wallStart = Date.now();
    // 50 simulated seconds per wall second: a 10 s poll interval passes in 0.2 s.
    const started = await host.start({
      out,
      demo: { scenario: 'incident', speed: 50 },
      intervalMs: 10_000,
      detail: 'hot',
      appVersion: 'test',
      hostName: 'test-host',
    });
    expect(started).toMatchObject({ recording: true, fileName: 'demo-incident.backflow', demo: 'incident' });
    await until(() => host.state().ticks >= 4, 20_000);
    const stopped = await host.stop();
    const wallMs = Date.now() - wallStart;
    expect(stopped).toMatchObject({ recording: false, lastError: null, demo: 'incident' });

    const reader = SessionReader.open(out);
    try {
      // The simulated cluster was started by the thread on loopback and its job recorded by name.
      const [c] = reader.clusters();
      expect(c!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(c!.url).not.toBe(cluster.url.replace(/\/$/, ''));
      const { spec } = buildScenario('incident', 1);
      expect(reader.jobs().map((j) => j.name)).toEqual(spec.jobs.map((j) => j.name));
      const range = reader.timeRange()!;
      const ticks = reader.ticks({ from: range.from, to: epochMs(range.to) });
      expect(ticks.length).toBe(stopped.ticks);
      expect(ticks.every((t) => t.status === 'ok')).toBe(true);
      // Tick times are the simulator's: mostly whole poll intervals apart (a re-poll after a
      // repeated answer comes sooner), spanning far more than the wall time the test took (a
      // wall-clock recorder would be 10 s apart only after 10 s).
      const gaps = ticks.slice(1).map((t, i) => t.ts - ticks[i]!.ts);
      expect(gaps.every((g) => g > 0)).toBe(true);
      expect(gaps.filter((g) => g % 10_000 === 0).length).toBeGreaterThanOrEqual(gaps.length / 2);
      expect(range.to - range.from).toBeGreaterThan(wallMs * 5);
    } finally {
      reader.close();
    }
  }, 30_000);

  it('a demo recording of an unknown scenario does not start and says why', async () => {
    const host = new RecordingHost(spawnThread, { changed: () => {}, sustained: () => {}, failed: () => {} });
    await expect(
      host.start({
        out: path.join(dir, 'nope.backflow'),
        demo: { scenario: 'no-such-story', speed: 5 },
        intervalMs: 10_000,
        detail: 'hot',
        appVersion: 't',
        hostName: 'h',
      }),
    ).rejects.toThrow(/the demo cluster did not start: unknown scenario "no-such-story"/);
  }, 20_000);

  it('messages are plain data (structured-clone safe)', () => {
    const m: FromRecorder = { type: 'stopped', ticks: 3, error: null };
    expect(structuredClone(m)).toEqual(m);
  });
});

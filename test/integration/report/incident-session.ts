// A real session for the report tests: the simulated cluster's `incident` scenario recorded
// over HTTP with the manual clock, then annotated (with hostile text) and given hostile job and
// vertex names, as a cluster or a user could.
import path from 'node:path';
import { Recorder } from '../../../electron/recorder/recorder';
import { SessionReader, SessionWriter } from '../../../electron/session/index';
import { startSimulatedCluster } from '../../../electron/simulator/index';
import { createSimulation } from '../../../electron/simulator/model/index';
import { epochMs, type EpochMs } from '../../../shared/time';

export const T0 = epochMs(Date.UTC(2026, 10, 26, 9, 0, 0));
export const INTERVAL = 10_000;
export const HOSTILE_JOB = '<img src=x onerror=alert(1)>';
export const HOSTILE_VERTEX = 'Window <svg onload=alert(3)> | [x](javascript:alert(4)) `tick`';
export const ANNOTATIONS = {
  deploy: 'deploy of v2.3 <img src=x onerror=alert(2)>',
  alert: 'Kafka lag alert | [runbook](javascript:alert(5)) `rm -rf` <script>alert(6)</script>\nsecond line',
  pinned: 'pinned: sustained episode on enrichment',
  unpinned: 'automatic, not pinned: must not be in the report',
  late: 'after the incident: recovered',
};

export interface IncidentSession {
  file: string;
  /** vertex id of the window vertex (the scenario's bottleneck). */
  windowVertexId: string;
  at: (offsetMs: number) => EpochMs;
}

export async function recordIncident(dir: string): Promise<IncidentSession> {
  const model = createSimulation({ scenario: 'incident', seed: 7, startTime: T0 });
  const cluster = await startSimulatedCluster({ scenario: 'incident', flinkVersion: '1.20', clock: 'manual', model });
  const file = path.join(dir, 'incident.backflow');
  const writer = SessionWriter.create(file, { appVersion: 'test' });
  const recorder = new Recorder({
    writer,
    targets: [{ connection: { url: cluster.url, retries: 0, timeoutMs: 2000 }, jobs: [] }],
    intervalMs: INTERVAL,
    detail: 'hot',
    clock: () => cluster.now(),
  });
  // The ten-minute story plus two minutes so the sustained episode ends inside the recording.
  const ticks = Math.ceil((model.groundTruth.durationMs + 120_000) / INTERVAL);
  try {
    for (let i = 0; i < ticks; i++) {
      await recorder.pollOnce();
      cluster.advance(INTERVAL);
    }
  } finally {
    recorder.close();
    writer.close();
    await cluster.close();
  }
  const at = (ms: number): EpochMs => epochMs(T0 + ms);
  const reader = SessionReader.open(file);
  const [job] = reader.jobs();
  const vertices = reader.vertices();
  const end = reader.timeRange()!.to;
  reader.close();
  const window = vertices.find((v) => /window/i.test(v.name));
  if (!job || !window) throw new Error('incident session lacks its job or window vertex');

  const w = SessionWriter.openForAppend(file);
  try {
    w.upsertJob({ ...job, name: HOSTILE_JOB }, end);
    w.upsertVertices(end, [{ ...window, name: HOSTILE_VERTEX }]);
    const base = { tag: null, clusterId: null, jobId: null, vertexId: null, pinned: false };
    // Added out of time order: the report must sort them.
    w.addAnnotation({
      ...base,
      start: at(330_000),
      end: at(480_000),
      text: ANNOTATIONS.alert,
      tag: '<b>alert</b>',
      clusterId: job.clusterId,
      jobId: job.jobId,
      vertexId: window.vertexId,
    });
    w.addAnnotation({ ...base, start: at(100_000), end: null, text: ANNOTATIONS.deploy, tag: 'deploy' });
    w.addAnnotation({
      ...base,
      start: at(340_000),
      end: at(470_000),
      text: ANNOTATIONS.pinned,
      source: 'auto',
      autoKey: 'episode:enrich:340',
      pinned: true,
    });
    w.addAnnotation({
      ...base,
      start: at(200_000),
      end: null,
      text: ANNOTATIONS.unpinned,
      source: 'auto',
      autoKey: 'checkpoint:3',
    });
    w.addAnnotation({ ...base, start: at(560_000), end: null, text: ANNOTATIONS.late });
  } finally {
    w.close();
  }
  return { file, windowVertexId: window.vertexId, at };
}

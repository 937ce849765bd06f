// The recorder thread: the same Recorder and SessionWriter as `backflow record`, run inside a
// worker so polling, JSON parsing and SQLite writes never stall the window. The main process
// talks to it with the messages below. Each written tick also feeds the shared live episode
// tracker; an episode turning sustained is reported for the desktop notification.
// Connection secrets arrive in memory only (structured clone) and are never written anywhere.
// A demo job starts the built-in simulated cluster inside this thread too, and records it on the
// simulator's clock exactly as `backflow demo` does.

import { LiveEpisodeTracker } from '../../shared/analysis/live';
import type { CaptureEvidenceResult } from '../../shared/api';
import type { EvidenceRequest } from '../service/capture';
import type { ClusterTarget } from '../recorder/cluster-poller';
import type { DetailLevel } from '../recorder/job-poller';
import { Recorder, realSleep, type RecorderOptions } from '../recorder/recorder';
import { startSimulatedCluster, type SimulatedCluster } from '../simulator/index';
import { SessionWriter, type TickBatch, type WriteObserver } from '../session/index';
import { sustainedNotice, type SustainedNotice } from './notification';
import { errorText } from '../../shared/error-text';
import { jobKey, vertexKey } from '../../shared/keys';

/** workerData marker: main.cjs runs as the recorder thread when it sees this role. */
export const RECORDER_WORKER_ROLE = 'backflow-recorder';

/** The built-in simulated cluster, run in the recorder thread. */
export interface DemoCluster {
  scenario: string;
  /** Simulated seconds per wall-clock second. */
  speed: number;
  seed?: number;
}

interface JobCommon {
  out: string;
  /** Poll interval, in the recorder's clock (simulated time for a demo). */
  intervalMs: number;
  detail: DetailLevel;
  appVersion: string;
  hostName: string;
  /** Analysis default when absent. */
  sustainedAfterMs?: number;
}

/** Either real clusters to poll, or the demo cluster to start and poll. */
export type RecordingJob = JobCommon &
  ({ targets: ClusterTarget[]; demo?: undefined } | { demo: DemoCluster; targets?: undefined });

export type ToRecorder =
  | { type: 'stop' }
  /** A viewer's "Capture now" for one vertex; answered with an 'evidence' message of the same id. */
  | { type: 'evidence'; id: number; request: EvidenceRequest };

export type FromRecorder =
  | { type: 'started'; file: string }
  | { type: 'tick'; ticks: number; lastError: string | null }
  | { type: 'sustained'; notice: SustainedNotice }
  | { type: 'notice'; message: string }
  | { type: 'evidence'; id: number; answer: CaptureEvidenceResult }
  | { type: 'stopped'; ticks: number; error: string | null };

/** The part of a MessagePort (worker parentPort) the recorder thread uses. */
export interface RecorderPort {
  postMessage(message: FromRecorder): void;
  on(event: 'message', listener: (message: ToRecorder) => void): unknown;
  off(event: 'message', listener: (message: ToRecorder) => void): unknown;
}

/**
 * What the live analysis needs of what the recorder writes (names, versions, fetch intervals, and
 * every tick), taken from the writer as it writes it.
 */
function metaObserver(meta: Meta, onTick: (batch: TickBatch) => void): WriteObserver {
  return {
    clusterUpdated(id, patch) {
      if (patch.flinkVersion) meta.versions.set(id, patch.flinkVersion);
      if (patch.fetchIntervalMs) meta.fetchIntervals.set(id, patch.fetchIntervalMs);
    },
    jobUpserted(job) {
      meta.jobNames.set(jobKey(job.clusterId, job.jobId), job.name);
    },
    verticesUpserted(_ts, vertices) {
      for (const v of vertices) meta.vertexNames.set(vertexKey(v.clusterId, v.jobId, v.vertexId), v.name);
    },
    tickWritten: onTick,
  };
}

interface Meta {
  versions: Map<number, string>;
  /** metrics.fetcher.update-interval per cluster: new data arrives no faster than this. */
  fetchIntervals: Map<number, number>;
  jobNames: Map<string, string>;
  vertexNames: Map<string, string>;
}

type Source = Pick<RecorderOptions, 'targets' | 'clock' | 'sleep'> & { close(): Promise<void> };

/** What the recorder polls: the job's clusters, or a simulated cluster started here. */
async function openSource(job: RecordingJob): Promise<Source> {
  if (!job.demo) return { targets: job.targets, close: async () => {} };
  const { scenario, speed, seed = 1 } = job.demo;
  const cluster: SimulatedCluster = await startSimulatedCluster({ scenario, seed, clock: 'realtime', speed });
  return {
    targets: [{ connection: { url: cluster.url }, jobs: [] }],
    // The timeline is the simulator's clock, so recorded times match its story; waits in that
    // clock pass `speed` times faster on the wall clock.
    clock: () => cluster.now(),
    sleep: (ms, signal) => realSleep(ms / speed, signal),
    close: () => cluster.close(),
  };
}

/** Records until a 'stop' message or a fatal write error; always ends with a 'stopped' message. */
export async function runRecording(job: RecordingJob, port: RecorderPort): Promise<void> {
  let source: Source;
  try {
    source = await openSource(job);
  } catch (e) {
    port.postMessage({ type: 'stopped', ticks: 0, error: `the demo cluster did not start: ${errorText(e)}` });
    return;
  }
  try {
    await record(job, source, port);
  } finally {
    await source.close();
  }
}

async function record(job: RecordingJob, source: Source, port: RecorderPort): Promise<void> {
  let writer: SessionWriter;
  try {
    writer = SessionWriter.create(job.out, { appVersion: job.appVersion, hostName: job.hostName });
  } catch (e) {
    port.postMessage({ type: 'stopped', ticks: 0, error: errorText(e) });
    return;
  }
  const meta: Meta = { versions: new Map(), fetchIntervals: new Map(), jobNames: new Map(), vertexNames: new Map() };
  const trackers = new Map<number, LiveEpisodeTracker>();
  const names = {
    job: (c: number, j: string) => meta.jobNames.get(jobKey(c, j)) ?? null,
    vertex: (c: number, j: string, v: string) => meta.vertexNames.get(vertexKey(c, j, v)) ?? null,
  };
  const onTick = (batch: TickBatch) => {
    const c = batch.tick.clusterId;
    let tracker = trackers.get(c);
    if (!tracker) {
      tracker = new LiveEpisodeTracker({
        // Fresh samples come at the slower of the poll and the JobManager's metric refresh.
        intervalMs: Math.max(job.intervalMs, meta.fetchIntervals.get(c) ?? 0),
        flinkVersion: meta.versions.get(c) ?? null,
        ...(job.sustainedAfterMs === undefined ? {} : { sustainedAfterMs: job.sustainedAfterMs }),
      });
      trackers.set(c, tracker);
    }
    for (const e of tracker.push(batch.tick, batch.vertexFrames ?? [])) {
      const notice = sustainedNotice(e, names);
      if (notice) port.postMessage({ type: 'sustained', notice });
    }
  };

  writer.observe(metaObserver(meta, onTick));
  let recorder: Recorder;
  try {
    recorder = new Recorder({
      writer,
      targets: source.targets,
      ...(source.clock ? { clock: source.clock } : {}),
      ...(source.sleep ? { sleep: source.sleep } : {}),
      intervalMs: job.intervalMs,
      detail: job.detail,
      // Evidence is captured when the notification's episode turns sustained, by the same rule.
      ...(job.sustainedAfterMs === undefined ? {} : { sustainedAfterMs: job.sustainedAfterMs }),
      onTick: (s) =>
        port.postMessage({
          type: 'tick',
          ticks: s.ticks,
          lastError: s.clusters.find((c) => c.lastError)?.lastError ?? null,
        }),
      onNotice: (message) => port.postMessage({ type: 'notice', message }),
    });
  } catch (e) {
    writer.close();
    port.postMessage({ type: 'stopped', ticks: 0, error: errorText(e) });
    return;
  }
  const onMessage = (m: ToRecorder) => {
    if (m.type === 'stop') recorder.requestStop();
    else if (m.type === 'evidence')
      port.postMessage({ type: 'evidence', id: m.id, answer: recorder.requestEvidence(m.request) });
  };
  port.on('message', onMessage);
  port.postMessage({ type: 'started', file: job.out });
  let error: string | null = null;
  try {
    await recorder.run(null);
  } catch (e) {
    error = errorText(e);
  } finally {
    port.off('message', onMessage);
    recorder.close();
    writer.close();
  }
  port.postMessage({ type: 'stopped', ticks: recorder.status().ticks, error });
}

// Runs a Recorder in a terminal: live status line, notices once, Ctrl-C or --duration to finish,
// and a one-line summary. Shared by `backflow record` and `backflow demo`.
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { Recorder, validateTargets, type RecorderOptions } from '../recorder/recorder';
import type { CaptureControl } from '../service/capture';
import { SessionWriter } from '../session/index';
import { APP_VERSION } from '../version';
import { formatDuration, type EpochMs } from '../../shared/time';
import { UsageError, type CliIo } from './command';
import { EXIT, type ExitCode } from './exit-codes';
import { sessionBytes } from './session-size';
import { formatBytes, formatStatusLine } from './status-line';
import { errorText } from '../../shared/error-text';

export interface RecordingRun extends Omit<RecorderOptions, 'writer' | 'onTick' | 'onNotice'> {
  out: string;
  durationMs: number | null;
  /**
   * Runs once the session file exists (e.g. to serve it live), with the recorder's on-demand
   * evidence capture (active while recording); its result is closed at the end.
   */
  onCreated?: (file: string, capture: CaptureControl) => Promise<{ close(): Promise<void> }>;
}

export async function runRecording(run: RecordingRun, io: CliIo): Promise<number> {
  if (existsSync(run.out))
    throw new UsageError(`${run.out} already exists; choose another --out (sessions are never overwritten)`);
  try {
    validateTargets(run.targets);
  } catch (e) {
    throw new UsageError(errorText(e));
  }
  const writer = SessionWriter.create(run.out, { appVersion: APP_VERSION, hostName: hostname() });
  let recorder: Recorder;
  try {
    recorder = new Recorder({
      ...run,
      writer,
      onTick: (s) => io.status(formatStatusLine(s, sessionBytes(run.out))),
      onNotice: (message) => io.err(`note: ${message}`),
    });
  } catch (e) {
    writer.close();
    throw new UsageError(errorText(e));
  }
  let recording = true;
  const capture: CaptureControl = { active: () => recording, request: (r) => recorder.requestEvidence(r) };
  const attached = run.onCreated ? await run.onCreated(run.out, capture) : null;
  io.err(
    `recording ${run.targets.length} cluster(s) into ${run.out} every ${formatDuration(run.intervalMs)}${run.durationMs ? ` for ${formatDuration(run.durationMs)}` : ''}; Ctrl-C to stop`,
  );
  void io.interrupted.then(() => recorder.requestStop());
  const clock = run.clock ?? (() => Date.now() as EpochMs);
  const until = run.durationMs === null ? null : ((clock() + run.durationMs) as EpochMs);
  // What recording cost this process, said at the end: on a jump host the overhead is a question.
  const cpuBefore = process.cpuUsage();
  let code: ExitCode = EXIT.ok;
  try {
    await recorder.run(until);
  } catch (e) {
    io.err(`recording stopped: ${errorText(e)}`);
    code = EXIT.failed;
  } finally {
    recording = false;
    recorder.close();
    writer.close();
    await attached?.close();
  }
  const s = recorder.status();
  const failing = s.clusters.filter((c) => c.lastStatus === 'error');
  const cpu = process.cpuUsage(cpuBefore);
  const cpuPerTick = s.ticks > 0 ? `, CPU ${((cpu.user + cpu.system) / 1000 / s.ticks).toFixed(1)} ms per tick` : '';
  io.out(
    `${run.out}: ${s.ticks} ticks from ${s.clusters.length} cluster(s) over ${formatDuration(s.now - s.startedAt)}, ${formatBytes(sessionBytes(run.out))}${cpuPerTick}`,
  );
  for (const c of failing) io.err(`c${c.clusterId} ${c.url}: last poll failed: ${c.lastError}`);
  return code;
}

// The main-process side of the recorder thread: starts one recording at a time, tracks its
// state for the UI and the quit guard, and relays sustained-episode notices. The thread itself
// is created by an injected spawner (a worker_threads Worker running main.cjs in production, the
// same code in tests).

import path from 'node:path';
import type { CaptureEvidenceResult } from '../../shared/api';
import type { RecordingState } from '../../shared/desktop-bridge';
import type { EvidenceRequest } from '../service/capture';
import type { FromRecorder, RecordingJob, ToRecorder } from './recorder-worker';
import type { SustainedNotice } from './notification';

export interface RecorderThread {
  postMessage(message: ToRecorder): void;
  on(event: 'message', listener: (message: FromRecorder) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  terminate(): Promise<number>;
}

export interface RecordingEvents {
  /** The recording started or stopped (menu, quit guard and UI refresh). */
  changed(state: RecordingState): void;
  sustained(notice: SustainedNotice): void;
  /** The recording ended on its own with an error (disk full, …). */
  failed(message: string): void;
}

const STOP_GRACE_MS = 15_000;

export class RecordingHost {
  private thread: RecorderThread | null = null;
  private file: string | null = null;
  private demo: string | null = null;
  private ticks = 0;
  private lastError: string | null = null;
  private stopWaiters: Array<() => void> = [];
  private stopping = false;
  private nextRequest = 1;
  private readonly evidenceWaiters = new Map<number, (a: CaptureEvidenceResult) => void>();

  constructor(
    private readonly spawn: (job: RecordingJob) => RecorderThread,
    private readonly events: RecordingEvents,
  ) {}

  get recordingFile(): string | null {
    return this.thread ? this.file : null;
  }

  state(): RecordingState {
    return {
      recording: this.thread !== null,
      fileName: this.file ? path.basename(this.file) : null,
      ticks: this.ticks,
      lastError: this.lastError,
      demo: this.demo,
    };
  }

  /** A viewer's "Capture now": the recorder thread starts it at its next tick, or says why not. */
  requestEvidence(request: EvidenceRequest): Promise<CaptureEvidenceResult> {
    const thread = this.thread;
    if (!thread) return Promise.resolve({ accepted: false, message: 'nothing is being recorded' });
    const id = this.nextRequest++;
    return new Promise((resolve) => {
      this.evidenceWaiters.set(id, resolve);
      thread.postMessage({ type: 'evidence', id, request });
    });
  }

  /** Resolves once the session file exists and polling began; rejects with the reason otherwise. */
  start(job: RecordingJob): Promise<RecordingState> {
    if (this.thread)
      return Promise.reject(new Error(`already recording into ${path.basename(this.file ?? '')}; stop it first`));
    const thread = this.spawn(job);
    this.thread = thread;
    this.file = job.out;
    this.demo = job.demo?.scenario ?? null;
    this.ticks = 0;
    this.lastError = null;
    this.stopping = false;
    return new Promise((resolve, reject) => {
      let started = false;
      const finish = (error: string | null) => {
        if (this.thread !== thread) return;
        this.thread = null;
        if (error) this.lastError = error;
        for (const w of this.stopWaiters.splice(0)) w();
        for (const w of this.evidenceWaiters.values()) w({ accepted: false, message: 'the recording has stopped' });
        this.evidenceWaiters.clear();
        if (!started) reject(new Error(error ?? 'the recorder ended before it started'));
        else {
          if (error && !this.stopping) this.events.failed(error);
          this.events.changed(this.state());
        }
      };
      thread.on('message', (m) => {
        switch (m.type) {
          case 'started':
            started = true;
            this.events.changed(this.state());
            resolve(this.state());
            break;
          case 'tick':
            this.ticks = m.ticks;
            this.lastError = m.lastError;
            break;
          case 'sustained':
            this.events.sustained(m.notice);
            break;
          case 'notice':
            break;
          case 'evidence':
            this.evidenceWaiters.get(m.id)?.(m.answer);
            this.evidenceWaiters.delete(m.id);
            break;
          case 'stopped':
            this.ticks = m.ticks;
            finish(m.error);
            void thread.terminate();
            break;
        }
      });
      thread.on('error', (err) => finish(`the recorder thread failed: ${err.message}`));
      thread.on('exit', (code) => finish(code === 0 ? null : `the recorder thread exited with code ${code}`));
    });
  }

  /** Asks the thread to finish the tick in flight and stop; terminates it if it does not. */
  async stop(): Promise<RecordingState> {
    const thread = this.thread;
    if (!thread) return this.state();
    this.stopping = true;
    const stopped = new Promise<void>((resolve) => this.stopWaiters.push(resolve));
    thread.postMessage({ type: 'stop' });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), STOP_GRACE_MS);
    });
    const r = await Promise.race([stopped, timeout]);
    clearTimeout(timer);
    if (r === 'timeout') await thread.terminate();
    return this.state();
  }
}

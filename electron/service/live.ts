// Whether a recorder is appending to the session right now. Judged by wall-clock file times, not
// tick times: a demo's ticks carry the simulator's faster clock, and a crashed recorder's log goes
// stale. The service's own annotation writes touch the log too, so they are remembered apart.

import { statSync } from 'node:fs';
import type { Meta } from './session-cache';

/** When the session's write-ahead log was last written (ms), or null when it has none. */
export function lastWalWrite(sessionPath: string): number | null {
  try {
    return statSync(`${sessionPath}-wal`).mtimeMs;
  } catch {
    return null;
  }
}

export interface LiveEvidence {
  hasTicks: boolean;
  /** Last write of the write-ahead log (a finished session has none), and our own last write. */
  walWritten: number | null;
  ownWrite: number | null;
  /** The session's poll interval (ms). */
  intervalMs: number;
  now: number;
}

/** Live = the log was written within three poll intervals, and not last by ourselves. */
export function isLive(e: LiveEvidence): boolean {
  return (
    e.hasTicks &&
    e.walWritten !== null &&
    e.walWritten !== e.ownWrite &&
    e.now - e.walWritten < 3 * Math.max(e.intervalMs, 1000)
  );
}

export class LiveWatch {
  private ownWrite: number | null = null;

  constructor(
    private readonly sessionPath: string,
    private readonly now: () => number,
  ) {}

  /** Call after this service wrote the log itself (an annotation): that write is not a recording. */
  wroteOurselves(): void {
    this.ownWrite = lastWalWrite(this.sessionPath);
  }

  live(meta: Meta): boolean {
    const info = meta.info;
    return isLive({
      hasTicks: info.timeRange !== null,
      walWritten: lastWalWrite(this.sessionPath),
      ownWrite: this.ownWrite,
      intervalMs: info.resolutionMs ?? Math.min(...meta.clusters.map((c) => c.pollIntervalMs), 10_000),
      now: this.now(),
    });
  }
}

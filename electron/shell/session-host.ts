// The session the window shows: a read-only SessionReader with the contract's service on it,
// and a light poll that announces new ticks (LiveEvent) while a recorder — our recorder thread
// or a `backflow record` elsewhere — appends to the file. Same polling rule as served mode.

import path from 'node:path';
import type { ApiHandlers, LiveEvent } from '../../shared/api';
import { epochMs } from '../../shared/time';
import { SessionReader } from '../session/reader';
import { SessionWriter } from '../session/writer';
import type { CaptureControl } from '../service/capture';
import { createService } from '../service/service';

export class SessionHost {
  private reader: SessionReader | null = null;
  private service: ApiHandlers | null = null;
  private lastTs = -1;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly onLive: (e: LiveEvent) => void,
    private readonly pollMs = 1000,
    /** The recorder's on-demand evidence capture for a file, when this app records it. */
    private readonly captureFor: (file: string) => CaptureControl | undefined = () => undefined,
  ) {}

  get path(): string | null {
    return this.reader?.path ?? null;
  }

  get fileName(): string | null {
    return this.reader ? path.basename(this.reader.path) : null;
  }

  handlers(): ApiHandlers | null {
    return this.service;
  }

  /** Opens a session file (throws the session layer's one-line error); replaces the current one. */
  open(file: string): void {
    const reader = SessionReader.open(file);
    this.close();
    this.reader = reader;
    // Annotations are the one thing the UI writes: the service opens a writer on demand.
    const capture = this.captureFor(file);
    const options = {
      now: Date.now,
      openWriter: () => SessionWriter.openForAppend(file),
      ...(capture ? { captureEvidence: capture } : {}),
    };
    this.service = createService(reader, options);
    this.lastTs = reader.timeRange()?.to ?? -1;
    this.timer = setInterval(() => this.poll(), this.pollMs);
    this.timer.unref();
  }

  /** Announces ticks written since the last look; returns how many events went out. */
  poll(): number {
    const reader = this.reader;
    if (!reader) return 0;
    try {
      const range = reader.timeRange();
      if (!range || range.to <= this.lastTs) return 0;
      const fresh = reader.ticks({ from: epochMs(this.lastTs + 1), to: range.to });
      this.lastTs = range.to;
      const newest = new Map(fresh.map((t) => [t.clusterId, t.ts]));
      for (const [clusterId, ts] of newest) this.onLive({ type: 'tick', clusterId, ts, tickCount: fresh.length });
      return newest.size;
    } catch {
      // A file momentarily busy with a write is read again on the next poll.
      return 0;
    }
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    (this.service as { close?: () => void } | null)?.close?.();
    this.reader?.close();
    this.reader = null;
    this.service = null;
    this.lastTs = -1;
  }
}

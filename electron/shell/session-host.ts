// The sessions the window holds: its session — a read-only SessionReader with the contract's
// service on it — and, after File › Compare Sessions…, the two sessions compared, all in one
// registry (electron/service/sessions.ts) so each call names its session by handle. A light poll
// announces new ticks (LiveEvent) while a recorder — our recorder thread or a `backflow record`
// elsewhere — appends to a file; the compared sessions' events carry their handle.

import path from 'node:path';
import type { ApiHandlers, LiveEvent, SessionListEntry } from '../../shared/api';
import { SessionWriter } from '../session/writer';
import type { CaptureControl } from '../service/capture';
import { SessionRegistry } from '../service/sessions';

export class SessionHost {
  readonly registry: SessionRegistry;
  /** The window's own session (what calls without a handle are about). */
  private main: string | null = null;
  /** The two sessions File › Compare Sessions… opened, A then B. */
  private pair: [string, string] | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly onLive: (e: LiveEvent) => void,
    private readonly pollMs = 1000,
    /** The recorder's on-demand evidence capture for a file, when this app records it. */
    private readonly captureFor: (file: string) => CaptureControl | undefined = () => undefined,
  ) {
    this.registry = new SessionRegistry((file) => {
      // Annotations are the one thing the UI writes: the service opens a writer on demand.
      const capture = this.captureFor(file);
      return {
        now: Date.now,
        openWriter: () => SessionWriter.openForAppend(file),
        ...(capture ? { captureEvidence: capture } : {}),
      };
    });
  }

  get path(): string | null {
    return this.main === null ? null : this.registry.fileOf(this.main);
  }

  get fileName(): string | null {
    const p = this.path;
    return p ? path.basename(p) : null;
  }

  handlers(): ApiHandlers | null {
    return this.main === null ? null : this.registry.session(this.main);
  }

  /** The handlers of the session a call names: the window's own for null. */
  handlersOf(handle: string | null): ApiHandlers | null {
    return handle === null ? this.handlers() : this.registry.session(handle);
  }

  /** Opens a session file (throws the session layer's one-line error); replaces every open one. */
  open(file: string): void {
    // Checked before anything closes: a bad file keeps the current session.
    this.registry.open(file);
    const opened = this.registry.handles().at(-1)!;
    for (const h of this.registry.handles()) if (h !== opened) this.registry.close(h);
    this.main = opened;
    this.pair = null;
    this.startPolling();
  }

  /**
   * Opens two files to compare beside the window's session (a pair opened before is closed);
   * both or neither: the session layer's one-line error names the bad one.
   */
  openCompare(a: string, b: string): { a: string; b: string } {
    const before = this.pair;
    const ha = this.registry.open(a);
    let hb: string;
    try {
      hb = this.registry.open(b);
    } catch (e) {
      this.registry.close(ha);
      throw e;
    }
    if (before) for (const h of before) this.registry.close(h);
    this.pair = [ha, hb];
    this.startPolling();
    return { a: ha, b: hb };
  }

  /** The compared pair as the renderer lists sessions (file names only); null when none. */
  async comparePair(): Promise<{ a: SessionListEntry; b: SessionListEntry } | null> {
    const pair = this.pair;
    if (!pair) return null;
    const list = await this.registry.list();
    const a = list.find((s) => s.handle === pair[0]);
    const b = list.find((s) => s.handle === pair[1]);
    return a && b ? { a, b } : null;
  }

  /** The compared pair's handles and files (for the shell only: files never reach the page). */
  comparePairFiles(): { a: { handle: string; file: string }; b: { handle: string; file: string } } | null {
    const pair = this.pair;
    if (!pair) return null;
    const [fa, fb] = pair.map((h) => this.registry.fileOf(h));
    return fa && fb ? { a: { handle: pair[0], file: fa }, b: { handle: pair[1], file: fb } } : null;
  }

  private startPolling(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.poll(), this.pollMs);
    this.timer.unref();
  }

  /** Announces ticks written since the last look; returns how many events went out. */
  poll(): number {
    return this.registry.poll((e, handle) =>
      this.onLive(handle === this.main || e.type !== 'tick' ? e : { ...e, session: handle }),
    );
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.registry.closeAll();
    this.main = null;
    this.pair = null;
  }
}

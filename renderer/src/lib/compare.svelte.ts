// The compare view's state: the two sessions as two SessionViews (each with its own client bound
// to its session's handle, so every lane, graph and tick call is the session's own bucketed call),
// the comparison document of the same model as `backflow compare`, and the alignment that puts
// both on one time axis with one cursor. Live sessions grow: their lanes extend and the
// comparison is asked again (at most every few seconds).

import type { SessionListEntry } from '../../../shared/api';
import type { AlignMode, CompareDocument } from '../../../shared/compare/document';
import { errorText } from '../../../shared/error-text';
import type { ApiClient } from './api-client';
import { alignedBounds, sameWin, SAME_MS, shiftWin } from './compare-align';
import { SessionView } from './session.svelte';

/** How often a growing session's comparison is asked again. */
const REFRESH_MS = 5000;

export class CompareView {
  a: SessionView;
  b: SessionView;
  doc = $state.raw<CompareDocument | null>(null);
  align = $state<AlignMode>('start');
  error = $state<string | null>(null);
  loading = $state(false);
  /** Add to a time of B to place it on A's axis. */
  offset = $state(0);
  private lastAsked = 0;
  private pending: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly client: ApiClient,
    readonly entries: { a: SessionListEntry; b: SessionListEntry },
    a: SessionView,
    b: SessionView,
  ) {
    this.a = a;
    this.b = b;
    // The cursor and window are set by the comparison's alignment, not the worst incident.
    a.openOnAnswer = false;
    b.openOnAnswer = false;
    // Until the comparison answers: lined up by their starts, as its default alignment does.
    if (a.info.range && b.info.range) this.offset = a.info.range.from - b.info.range.from;
    this.realign(true);
  }

  static async open(
    client: ApiClient,
    a: SessionListEntry,
    b: SessionListEntry,
    align: AlignMode = 'start',
  ): Promise<CompareView> {
    const ca = client.forSession(a.handle);
    const cb = client.forSession(b.handle);
    const [ia, ib] = await Promise.all([ca.call('sessionInfo', {}), cb.call('sessionInfo', {})]);
    const view = new CompareView(client, { a, b }, new SessionView(ca, ia), new SessionView(cb, ib));
    view.align = align;
    // The lanes paint while the comparison (two whole-session analyses) is worked out; then each
    // side's episodes and bottleneck on its lanes and graph, as in the replay (after it, so the
    // four analyses never compete for the cores).
    void view.load().then(() => Promise.all([view.a.loadAnalysis(), view.b.loadAnalysis()]));
    return view;
  }

  /** Asks for the comparison with the current alignment and lines the two views up by it. */
  async load(): Promise<void> {
    this.loading = true;
    this.lastAsked = Date.now();
    try {
      const doc = await this.client.ask('compare', {
        a: this.entries.a.handle,
        b: this.entries.b.handle,
        align: this.align,
      });
      this.doc = doc;
      this.error = null;
      const moved = doc.alignment.offsetMs !== this.offset;
      this.offset = doc.alignment.offsetMs;
      this.realign(moved);
    } catch (e) {
      this.error = errorText(e);
    } finally {
      this.loading = false;
    }
  }

  setAlign(mode: AlignMode): void {
    if (mode === this.align) return;
    this.align = mode;
    void this.load();
  }

  /**
   * Both views span the union of the two sessions on A's axis; `reset` also shows all of it with
   * the cursor at the aligned start (else a window showing everything keeps showing everything).
   */
  realign(reset = false, whole = this.showsAll()): void {
    const { a, b } = this;
    const ownA = a.info.range ?? { from: a.bounds.from, to: a.bounds.to };
    const ownB = b.info.range ?? { from: b.bounds.from, to: b.bounds.to };
    const u = alignedBounds(ownA, ownB, this.offset);
    a.bounds = u.a;
    b.bounds = u.b;
    if (reset || whole) {
      a.win = { ...u.a };
      b.win = { ...u.b };
    }
    if (reset) {
      // The anchor both are lined up on: the start of A, or of the worst incident.
      const at = this.doc ? this.doc.alignment.anchorA : u.a.from;
      a.cursor = Math.min(Math.max(at, u.a.from), u.a.to);
      b.cursor = a.cursor - this.offset;
    }
    a.revision++;
    b.revision++;
  }

  /** A's window shows the whole aligned span. */
  showsAll(): boolean {
    const a = this.a;
    return a.win.from <= a.bounds.from + SAME_MS && a.win.to >= a.bounds.to - SAME_MS;
  }

  /** One cursor: the other side follows the one that moved. */
  syncFrom(side: 'a' | 'b'): void {
    const [from, to, by] = side === 'a' ? [this.a, this.b, -this.offset] : [this.b, this.a, this.offset];
    const t = from.cursor + by;
    if (Math.abs(to.cursor - t) >= SAME_MS) to.cursor = t;
    const w = shiftWin(from.win, by);
    if (!sameWin(to.win, w)) to.win = w;
  }

  /** One session grew (a live tick): its lanes extend, the comparison follows within REFRESH_MS. */
  async grew(side: 'a' | 'b'): Promise<void> {
    const v = side === 'a' ? this.a : this.b;
    const info = await v.client.call('sessionInfo', {});
    const followed = v.atNewest;
    const whole = this.showsAll();
    v.setInfo(info);
    this.realign(false, whole);
    if (followed && info.range) {
      v.cursor = info.range.to;
      this.syncFrom(side);
    }
    clearTimeout(this.pending);
    const wait = Math.max(0, this.lastAsked + REFRESH_MS - Date.now());
    this.pending = setTimeout(() => {
      void this.load();
      void v.loadAnalysis();
    }, wait);
  }

  close(): void {
    clearTimeout(this.pending);
  }
}

// The view state of one open session: detail window, cursor, selected vertex and episode,
// playback. Components read it and call its methods; nothing else mutates it.

import type {
  AnnotationItem,
  AnnotationSummary,
  ApiParams,
  EpisodeSummary,
  HeatmapMetric,
  IncidentSummary,
  SessionInfoResult,
} from '../../../shared/api';
import type { ApiClient } from './api-client';
import type { VertexRef } from './hash-state';
import { clampWindow, follow, minSpanFor, pan, sameWindow, showRange, zoom, type Win } from './window-math';
import { errorText } from '../../../shared/error-text';

/** Window changes kept for zoom back / forward. */
const HISTORY = 100;

export const SPEEDS = [1, 2, 5, 10, 30, 60] as const;

export class SessionView {
  readonly client: ApiClient;
  info: SessionInfoResult = $state() as SessionInfoResult;
  bounds: Win = $state({ from: 0, to: 1 });
  win: Win = $state({ from: 0, to: 1 });
  cursor = $state(0);
  vertex: VertexRef | null = $state(null);
  /** The job the graph shows when the user picked one; null: the selected vertex's job. */
  graphJob: { clusterId: number; jobId: string } | null = $state(null);
  /** The instant under the pointer in any lane, heatmap or chart (one crosshair for all); null when none. */
  hover: number | null = $state(null);
  /** Earlier windows (zoom back) and the ones zoomed back from (zoom forward), newest last. */
  private back: Win[] = [];
  private forward: Win[] = [];
  canZoomBack = $state(false);
  canZoomForward = $state(false);
  episodes: EpisodeSummary[] = $state([]);
  selectedEpisode: string | null = $state(null);
  /** The episodes grouped into incidents (ranked, worst first), and the time with backpressure counted once. */
  incidents: IncidentSummary[] = $state([]);
  selectedIncident: string | null = $state(null);
  backpressuredMs: number | null = $state(null);
  /** True once an analysis has answered. */
  analysed = $state(false);
  /** What the vertex detail's heatmap shows; the user's choice stays, an automatic one follows the selection. */
  heatmapMetric: HeatmapMetric = $state('backpressure');
  private heatmapChosen = false;
  /**
   * Open on the answer: the first analysis frames the worst incident, as an alert link opens on
   * its window — unless a link chose the view, the session is live, or the user moved first.
   */
  openOnAnswer = true;
  private initialView: { from: number; to: number; cursor: number; vertex: string | null } | null = null;
  sustainedAfterMs: number | null = $state(null);
  analysisError: string | null = $state(null);
  playing = $state(false);
  speed: number = $state(10);
  /** Bumped by live events so views that depend on data refetch. */
  revision = $state(0);
  /** Every annotation of the session, its text only as a preview (the whole one: `annotation`). */
  annotations: AnnotationSummary[] = $state([]);
  selectedAnnotation: number | null = $state(null);
  annotationError: string | null = $state(null);
  /** Undo steps for annotation edits, newest last (Ctrl/Cmd+Z takes one back). */
  private undoStack: { label: string; run: () => Promise<void> }[] = [];
  undoLabel: string | null = $state(null);
  /** Resolved by the timeline once the lanes were first painted (slow work waits for it). */
  lanesPainted: Promise<void>;
  markLanesPainted: () => void = () => {};

  constructor(client: ApiClient, info: SessionInfoResult) {
    this.client = client;
    this.lanesPainted = new Promise((resolve) => (this.markLanesPainted = resolve));
    this.setInfo(info);
    this.win = { ...this.bounds };
    // A session being recorded opens at its newest tick, so the view follows the recording.
    this.cursor = info.live && info.range ? info.range.to : this.bounds.from;
    if (info.live) this.openOnAnswer = false;
    this.rememberInitialView();
  }

  /** The view as opened: the worst incident replaces it only while the user has not moved it. */
  rememberInitialView(): void {
    this.initialView = {
      from: this.win.from,
      to: this.win.to,
      cursor: this.cursor,
      vertex: this.vertex ? JSON.stringify(this.vertex) : null,
    };
  }

  private untouched(): boolean {
    const v = this.initialView;
    return (
      v !== null &&
      Math.abs(v.from - this.win.from) < 0.5 &&
      Math.abs(v.to - this.win.to) < 0.5 &&
      Math.abs(v.cursor - this.cursor) < 0.5 &&
      v.vertex === (this.vertex ? JSON.stringify(this.vertex) : null) &&
      this.selectedIncident === null &&
      this.selectedEpisode === null
    );
  }

  /** The episodes outlined on the lanes: all of the selected incident's, else the selected one. */
  get outlinedEpisodes(): readonly string[] {
    const x = this.incidents.find((i) => i.id === this.selectedIncident);
    const ids = x ? x.vertices.map((v) => v.episodeId) : [];
    return this.selectedEpisode === null ? ids : [...ids, this.selectedEpisode];
  }

  /** The vertex the selected incident blames, marked on its lane label; null without one. */
  get selectedBottleneck(): VertexRef | null {
    const x = this.incidents.find((i) => i.id === this.selectedIncident);
    return x?.bottleneckVertexId ? { clusterId: x.clusterId, jobId: x.jobId, vertexId: x.bottleneckVertexId } : null;
  }

  /** The incident the one-line summary names: the selected one, else the worst. */
  get headlineIncident(): IncidentSummary | null {
    return this.incidents.find((x) => x.id === this.selectedIncident) ?? this.incidents[0] ?? null;
  }

  /**
   * Shows an incident: its bottleneck selected (else its first vertex), the cursor at its worst
   * instant. `frame`: the window framed around it (opening on it); otherwise the zoom is kept
   * unless it does not fit.
   */
  selectIncident(x: IncidentSummary, frame = false): void {
    this.selectedIncident = x.id;
    this.selectedEpisode = x.id;
    this.selectVertex({
      clusterId: x.clusterId,
      jobId: x.jobId,
      vertexId: x.bottleneckVertexId ?? x.vertices[0]!.vertexId,
    });
    const span = Math.max(x.end - x.start, 1000);
    const pad = Math.max(span * 0.25, 30_000);
    this.navigate(
      frame
        ? { from: x.start - pad, to: x.end + pad }
        : showRange(this.win, { from: x.start, to: x.end }, this.bounds, this.minSpan),
    );
    this.setCursor(x.focusAt);
  }

  /** The first analysis of an untouched view frames the worst incident. */
  private openOnWorst(): void {
    const worst = this.incidents[0];
    if (!this.openOnAnswer) return;
    this.openOnAnswer = false;
    if (worst && this.untouched()) this.selectIncident(worst, true);
  }

  /** The cursor is at the newest tick (or there is none yet): live ticks carry it along. */
  get atNewest(): boolean {
    const r = this.info.range;
    return r === null || this.cursor >= r.to - 1;
  }

  /**
   * The session grew (live event). A cursor at the newest tick moves to the new newest tick; a
   * window showing the whole session keeps showing all of it, a window at the end slides along.
   * A cursor the user moved back stays where it is.
   */
  applyLiveInfo(info: SessionInfoResult): void {
    const following = this.atNewest;
    const wasEmpty = this.info.range === null;
    const old = this.bounds;
    const whole = this.win.from <= old.from && this.win.to >= old.to - 1;
    const atEnd = this.win.to >= old.to - 1;
    this.setInfo(info);
    if (wasEmpty || whole) this.win = { ...this.bounds };
    else if (following && atEnd)
      this.setWindow({ from: this.win.from + (this.bounds.to - old.to), to: this.bounds.to });
    if (following && info.range) this.setCursor(info.range.to);
  }

  setInfo(info: SessionInfoResult): void {
    this.info = info;
    // A session without ticks still gets a one-second range so every view has an axis.
    const r = info.range;
    this.bounds = r ? { from: r.from, to: Math.max(r.to, r.from + 1000) } : { from: 0, to: 1000 };
  }

  /** The job the graph shows: the one picked, else the selected vertex's, else the first one. */
  get job(): { clusterId: number; jobId: string } | null {
    if (this.graphJob) return this.graphJob;
    if (this.vertex) return { clusterId: this.vertex.clusterId, jobId: this.vertex.jobId };
    const j = this.info.jobs[0];
    return j ? { clusterId: j.clusterId, jobId: j.jobId } : null;
  }

  /** Selects a vertex; the graph follows it to its job. */
  selectVertex(v: VertexRef | null): void {
    this.vertex = v;
    if (v) this.graphJob = null;
    // Until the user picks what the heatmap shows: a busy bottleneck's busy time (which subtasks,
    // how many), backpressure for any other vertex.
    if (!this.heatmapChosen) {
      const x = this.incidents.find((i) => i.id === this.selectedIncident);
      const busyBottleneck =
        v !== null &&
        x !== undefined &&
        x.clusterId === v.clusterId &&
        x.jobId === v.jobId &&
        x.bottleneckVertexId === v.vertexId &&
        (x.bottleneckBasis?.startsWith('busy') ?? false);
      this.heatmapMetric = busyBottleneck ? 'busy' : 'backpressure';
    }
  }

  /** The user picked what the heatmap shows: it stays, whatever is selected next. */
  chooseHeatmap(m: HeatmapMetric): void {
    this.heatmapMetric = m;
    this.heatmapChosen = true;
  }

  /** The narrowest window: a few samples at the session's resolution. */
  get minSpan(): number {
    return minSpanFor(this.info.resolutionMs);
  }

  /** Sets the window without a history step (following the cursor, a live session growing, a deep link). */
  setWindow(w: Win): void {
    this.win = clampWindow(w, this.bounds, this.minSpan);
  }

  /** A window change the user made (zoom, pan, brush, episode): zoom back returns to the one before. */
  navigate(w: Win): void {
    const next = clampWindow(w, this.bounds, this.minSpan);
    if (sameWindow(next, this.win)) return;
    this.markHistory();
    this.win = next;
  }

  /**
   * Records the current window as a step to go back to (a continuous gesture, the wheel or a
   * brush, calls this once at its start and then moves the window with setWindow).
   */
  markHistory(): void {
    const last = this.back.at(-1);
    if (!last || !sameWindow(last, this.win)) {
      this.back.push({ ...this.win });
      if (this.back.length > HISTORY) this.back.shift();
    }
    this.forward = [];
    this.syncHistory();
  }

  zoomBack(): void {
    const w = this.back.pop();
    if (w) {
      this.forward.push({ ...this.win });
      this.win = clampWindow(w, this.bounds, this.minSpan);
    }
    this.syncHistory();
  }

  zoomForward(): void {
    const w = this.forward.pop();
    if (w) {
      this.back.push({ ...this.win });
      this.win = clampWindow(w, this.bounds, this.minSpan);
    }
    this.syncHistory();
  }

  private syncHistory(): void {
    this.canZoomBack = this.back.length > 0;
    this.canZoomForward = this.forward.length > 0;
  }

  setCursor(t: number, keepInView = true): void {
    this.cursor = Math.min(Math.max(t, this.bounds.from), this.bounds.to);
    if (keepInView) this.win = follow(this.win, this.cursor, this.bounds, this.minSpan);
  }

  /** Zooms by `factor` (< 1 in) keeping `anchor` (default: the cursor) where it is on screen. */
  zoomBy(factor: number, anchor = this.cursor): void {
    this.navigate(zoom(this.win, anchor, factor, this.bounds, this.minSpan));
  }

  panBy(fraction: number): void {
    this.navigate(pan(this.win, fraction, this.bounds, this.minSpan));
  }

  async stepTick(step: -1 | 1): Promise<void> {
    const r = await this.client.call('tickNear', { at: this.cursor, step });
    if (r.ts !== null) this.setCursor(r.ts);
  }

  /** Shows an episode: its vertex selected, the cursor in its middle, the zoom kept unless it does not fit. */
  selectEpisode(ep: EpisodeSummary): void {
    this.selectedEpisode = ep.id;
    this.selectedIncident = this.incidents.find((x) => x.vertices.some((v) => v.episodeId === ep.id))?.id ?? null;
    this.selectVertex({ clusterId: ep.clusterId, jobId: ep.jobId, vertexId: ep.vertexId });
    this.navigate(showRange(this.win, { from: ep.start, to: ep.end }, this.bounds, this.minSpan));
    this.setCursor(ep.start + (ep.end - ep.start) / 2);
  }

  /** Shift+←/→: the incident (or, before an analysis grouped them, the episode) starting before/after the cursor. */
  jumpEpisode(dir: -1 | 1): void {
    const mid = (e: { start: number; end: number }) => e.start + (e.end - e.start) / 2;
    const pick = <T extends { start: number; end: number }>(list: T[]): T | undefined => {
      const sorted = [...list].sort((a, b) => a.start - b.start);
      return dir > 0
        ? sorted.find((e) => mid(e) > this.cursor + 1)
        : sorted.reverse().find((e) => mid(e) < this.cursor - 1);
    };
    if (this.incidents.length > 0) {
      // From the selected incident to its neighbour in time; without one, from the cursor.
      const sorted = [...this.incidents].sort((a, b) => a.start - b.start || a.end - b.end);
      const at = sorted.findIndex((x) => x.id === this.selectedIncident);
      const next = at >= 0 ? sorted[at + dir] : pick(this.incidents);
      if (next) this.selectIncident(next);
      return;
    }
    const next = pick(this.episodes);
    if (next) this.selectEpisode(next);
  }

  async loadAnalysis(): Promise<void> {
    try {
      const params = this.sustainedAfterMs === null ? {} : { sustainedAfterMs: this.sustainedAfterMs };
      const r = await this.client.call('analysis', params);
      this.episodes = r.episodes;
      this.incidents = r.incidents;
      this.backpressuredMs = r.backpressuredMs;
      this.sustainedAfterMs = r.sustainedAfterMs;
      this.analysed = true;
      this.analysisError = null;
      // A new threshold regroups: a selection that no longer exists is dropped.
      if (this.selectedIncident !== null && !r.incidents.some((x) => x.id === this.selectedIncident))
        this.selectedIncident = null;
      this.openOnWorst();
    } catch (e) {
      this.analysisError = errorText(e);
    }
  }

  async loadAnnotations(): Promise<void> {
    try {
      this.annotations = (await this.client.call('annotations', {})).annotations;
      this.annotationError = null;
    } catch (e) {
      this.annotationError = errorText(e);
    }
  }

  /** One annotation with its whole text (fetched when a note is opened or edited). */
  annotation(id: number): Promise<AnnotationItem> {
    return this.client.call('annotation', { id });
  }

  private pushUndo(label: string, run: () => Promise<void>): void {
    this.undoStack.push({ label, run });
    if (this.undoStack.length > 100) this.undoStack.shift();
    this.undoLabel = label;
  }

  private async guarded(fn: () => Promise<void>): Promise<boolean> {
    try {
      await fn();
      this.annotationError = null;
      return true;
    } catch (e) {
      this.annotationError = errorText(e);
      return false;
    } finally {
      await this.loadAnnotations();
    }
  }

  async addAnnotation(p: ApiParams<'addAnnotation'>): Promise<AnnotationItem | null> {
    let made: AnnotationItem | null = null;
    await this.guarded(async () => {
      const a = await this.client.call('addAnnotation', p);
      made = a;
      this.selectedAnnotation = a.id;
      this.pushUndo('add annotation', async () => void (await this.client.call('deleteAnnotation', { id: a.id })));
    });
    return made;
  }

  async updateAnnotation(id: number, patch: ApiParams<'updateAnnotation'>['patch']): Promise<boolean> {
    return this.guarded(async () => {
      // Undo needs the whole old text, which the list does not hold.
      const old = await this.annotation(id);
      await this.client.call('updateAnnotation', { id, patch });
      const back = {
        start: old.start,
        end: old.end,
        tag: old.tag,
        pinned: old.pinned,
        ...(patch.text === undefined ? {} : { text: old.text }),
      };
      this.pushUndo(
        'edit annotation',
        async () => void (await this.client.call('updateAnnotation', { id, patch: back })),
      );
    });
  }

  async deleteAnnotation(id: number): Promise<boolean> {
    return this.guarded(async () => {
      const old = await this.annotation(id);
      await this.client.call('deleteAnnotation', { id });
      if (this.selectedAnnotation === id) this.selectedAnnotation = null;
      this.pushUndo('delete annotation', async () => {
        const a = await this.client.call('addAnnotation', {
          start: old.start,
          end: old.end,
          text: old.text,
          tag: old.tag,
          clusterId: old.clusterId,
          jobId: old.jobId,
          vertexId: old.vertexId,
          pinned: old.pinned,
          ...(old.source === 'auto' ? { source: 'auto' as const, autoKey: old.autoKey } : {}),
        });
        this.selectedAnnotation = a.id;
      });
    });
  }

  /** Ctrl/Cmd+Z: takes back the newest annotation change. */
  async undo(): Promise<void> {
    const step = this.undoStack.pop();
    this.undoLabel = this.undoStack.at(-1)?.label ?? null;
    if (step) await this.guarded(step.run);
  }

  /** Pins an automatic finding (episode, checkpoint, GC window, restart, rescale) as an annotation. */
  async pin(
    autoKey: string,
    start: number,
    end: number | null,
    text: string,
    vertex: VertexRef | null = null,
  ): Promise<void> {
    // Pinned already: the file keeps one row per finding, so only select it (and leave the undo
    // stack alone — undoing a repeated pin must not remove the first one).
    const existing = this.annotations.find((a) => a.source === 'auto' && a.autoKey === autoKey);
    if (existing) {
      this.selectedAnnotation = existing.id;
      return;
    }
    await this.addAnnotation({
      start,
      end,
      text,
      tag: 'auto',
      source: 'auto',
      autoKey,
      pinned: true,
      clusterId: vertex?.clusterId ?? null,
      jobId: vertex?.jobId ?? null,
      vertexId: vertex?.vertexId ?? null,
    });
  }

  selectAnnotation(a: AnnotationSummary): void {
    this.selectedAnnotation = a.id;
    if (a.vertexId !== null && a.clusterId !== null && a.jobId !== null)
      this.selectVertex({ clusterId: a.clusterId, jobId: a.jobId, vertexId: a.vertexId });
    this.setCursor(a.start);
  }

  /** F: fit the window to the selection (annotation, else episode, else the selected vertex's lane stays). */
  focusSelection(): void {
    const a = this.annotations.find((x) => x.id === this.selectedAnnotation);
    const ep =
      this.incidents.find((x) => x.id === this.selectedIncident) ??
      this.episodes.find((e) => e.id === this.selectedEpisode);
    const span = a ? { from: a.start, to: a.end ?? a.start } : ep ? { from: ep.start, to: ep.end } : null;
    if (!span) return;
    const pad = Math.max((span.to - span.from) * 0.1, 30_000);
    this.navigate({ from: span.from - pad, to: span.to + pad });
    if (this.cursor < span.from || this.cursor > span.to) this.setCursor(span.from, false);
  }
}

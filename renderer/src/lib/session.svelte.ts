// The view state of one open session: detail window, cursor, selected vertex and episode,
// playback. Components read it and call its methods; nothing else mutates it.

import type { EpisodeSummary, SessionInfoResult } from '../../../shared/api';
import type { ApiClient } from './api-client';
import type { VertexRef } from './hash-state';
import { clampWindow, follow, pan, zoom, type Win } from './window-math';

export const SPEEDS = [1, 2, 5, 10, 30, 60] as const;

export class SessionView {
  readonly client: ApiClient;
  info: SessionInfoResult = $state() as SessionInfoResult;
  bounds: Win = $state({ from: 0, to: 1 });
  win: Win = $state({ from: 0, to: 1 });
  cursor = $state(0);
  vertex: VertexRef | null = $state(null);
  episodes: EpisodeSummary[] = $state([]);
  selectedEpisode: string | null = $state(null);
  sustainedAfterMs: number | null = $state(null);
  analysisError: string | null = $state(null);
  playing = $state(false);
  speed: number = $state(10);
  /** Bumped by live events so views that depend on data refetch. */
  revision = $state(0);

  constructor(client: ApiClient, info: SessionInfoResult) {
    this.client = client;
    this.setInfo(info);
    this.win = { ...this.bounds };
    this.cursor = this.bounds.from;
  }

  setInfo(info: SessionInfoResult): void {
    this.info = info;
    // A session without ticks still gets a one-second range so every view has an axis.
    const r = info.range;
    this.bounds = r ? { from: r.from, to: Math.max(r.to, r.from + 1000) } : { from: 0, to: 1000 };
  }

  /** The job the graph shows: the selected vertex's, else the first one. */
  get job(): { clusterId: number; jobId: string } | null {
    if (this.vertex) return { clusterId: this.vertex.clusterId, jobId: this.vertex.jobId };
    const j = this.info.jobs[0];
    return j ? { clusterId: j.clusterId, jobId: j.jobId } : null;
  }

  setWindow(w: Win): void {
    this.win = clampWindow(w, this.bounds);
  }

  setCursor(t: number, keepInView = true): void {
    this.cursor = Math.min(Math.max(t, this.bounds.from), this.bounds.to);
    if (keepInView) this.win = follow(this.win, this.cursor, this.bounds);
  }

  zoomBy(factor: number): void {
    this.win = zoom(this.win, this.cursor, factor, this.bounds);
  }

  panBy(fraction: number): void {
    this.win = pan(this.win, fraction, this.bounds);
  }

  async stepTick(step: -1 | 1): Promise<void> {
    const r = await this.client.call('tickNear', { at: this.cursor, step });
    if (r.ts !== null) this.setCursor(r.ts);
  }

  selectEpisode(ep: EpisodeSummary): void {
    this.selectedEpisode = ep.id;
    this.vertex = { clusterId: ep.clusterId, jobId: ep.jobId, vertexId: ep.vertexId };
    const span = Math.max(ep.end - ep.start, 1000);
    this.setWindow({ from: ep.start - span, to: ep.end + span });
    this.setCursor(ep.start + (ep.end - ep.start) / 2);
  }

  /** Shift+←/→: the episode starting before/after the cursor (in time order). */
  jumpEpisode(dir: -1 | 1): void {
    const sorted = [...this.episodes].sort((a, b) => a.start - b.start);
    const mid = (e: EpisodeSummary) => e.start + (e.end - e.start) / 2;
    const next = dir > 0 ? sorted.find((e) => mid(e) > this.cursor + 1) : sorted.reverse().find((e) => mid(e) < this.cursor - 1);
    if (next) this.selectEpisode(next);
  }

  async loadAnalysis(): Promise<void> {
    try {
      const params = this.sustainedAfterMs === null ? {} : { sustainedAfterMs: this.sustainedAfterMs };
      const r = await this.client.call('analysis', params);
      this.episodes = r.episodes;
      this.sustainedAfterMs = r.sustainedAfterMs;
      this.analysisError = null;
    } catch (e) {
      this.analysisError = e instanceof Error ? e.message : String(e);
    }
  }
}

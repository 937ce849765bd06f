// What the service reads once and reuses across calls: the whole session as analysis input,
// its index and each vertex's level series. Rebuilt only when the file grew (a new tick), so
// scrubbing and zooming never re-read the file.

import type { AnalysisInput } from '../../shared/analysis/input';
import { vertexKey } from '../../shared/analysis/input';
import type { VertexSeries } from '../../shared/analysis/series';
import { indexInput, type AnalysisIndex } from '../../shared/analysis/session-index';
import { vertexLevelSeries } from '../../shared/analysis/vertex-series';
import { epochMs } from '../../shared/time';
import type { SessionReader } from '../session/reader';
import type { SessionInfo } from '../session/types';

export interface Snapshot {
  /** Last tick instant and count when this snapshot was taken. */
  lastTs: number | null;
  tickCount: number;
  input: AnalysisInput;
  index: AnalysisIndex;
  /** The reader's summary (gaps, resolution, counts) as of this snapshot. */
  info: SessionInfo;
  /** Sorted, distinct tick instants over all clusters. */
  tickTimes: Float64Array;
  series(clusterId: number, jobId: string, vertexId: string): VertexSeries | null;
}

const FOREVER = Number.MAX_SAFE_INTEGER;

export class SessionCache {
  private snap: Snapshot | null = null;

  constructor(private readonly reader: SessionReader) {}

  /** The current snapshot, rebuilt when ticks were added since the last one. */
  get(): Snapshot {
    const range = this.reader.timeRange();
    const lastTs = range ? range.to : null;
    if (this.snap && this.snap.lastTs === lastTs) return this.snap;
    this.snap = this.build(range);
    return this.snap;
  }

  private build(range: { from: number; to: number } | null): Snapshot {
    const r = this.reader;
    const all = range ? { from: epochMs(range.from), to: epochMs(range.to) } : null;
    const vertices = r.vertices();
    const input: AnalysisInput = {
      clusters: r.clusters(),
      jobs: r.jobs(),
      vertices,
      edges: r.edgesAt(epochMs(FOREVER)),
      ticks: all ? r.ticks(all) : [],
      frames: all ? vertices.flatMap((v) => r.vertexFrames(v.clusterId, v.jobId, v.vertexId, all)) : [],
      placements: [],
      taskManagerFrames: all ? r.taskManagerFrames(all) : [],
      checkpoints: all ? r.checkpoints(all) : [],
      gcWindows: all ? r.gcWindows(all) : [],
      events: all ? r.events(all) : [],
    };
    const index = indexInput(input);
    const tickTimes = Float64Array.from(new Set(input.ticks.map((t) => t.ts))).sort();
    const memo = new Map<string, VertexSeries | null>();
    return {
      lastTs: range ? range.to : null,
      tickCount: input.ticks.length,
      input,
      index,
      info: r.info(),
      tickTimes,
      series(clusterId, jobId, vertexId) {
        const key = vertexKey(clusterId, jobId, vertexId);
        if (!memo.has(key)) memo.set(key, index.frames.has(key) ? vertexLevelSeries(index, key) : null);
        return memo.get(key) ?? null;
      },
    };
  }
}

// The whole-session analysis of one session file and the runner interface it is called through:
// off this thread (analysis-host.ts, the bundled out/cli/analysis-worker.mjs, when there is one)
// or, failing that, in this thread. Analysing a large session takes seconds; off this thread the
// HTTP/IPC thread keeps answering the cursor's calls meanwhile.

import { analyzeSession, indexInput, type AnalysisDocument } from '../../shared/analysis';
import type { AnalysisIndex } from '../../shared/analysis/session-index';
import type { VertexSeries } from '../../shared/analysis/series';
import type { VertexKey } from '../../shared/keys';
import { sessionLookups } from '../../shared/analysis/episode-context';
import { WindowStatsMemo } from '../../shared/analysis/window-stats';
import { GrowingAnalysisInput } from '../session/growing-input';
import type { SessionReader } from '../session/reader';

/**
 * One vertex's level at every sample, as the analysis measured it (differenced counters where
 * recorded): the overview lanes show these, so lanes and episodes always agree.
 */
export interface AnalysedLane {
  /** `clusterId/jobId/vertexId`. */
  key: string;
  ts: Float64Array;
  /** Start of the interval each sample describes. */
  spanStart: Float64Array;
  /** 0 OK, 1 LOW, 2 HIGH, −1 gap. */
  level: Int8Array;
  /** Max backpressure ratio over subtasks; NaN in gaps. */
  ratio: Float64Array;
  /** Index into GAP_REASONS (0: not a gap). */
  gapReason: Uint8Array;
  /** The series' effective sample interval. */
  intervalMs: number;
  /** What the job graph shows of each sample: busy (max, mean, which subtask), how many busy, backpressured. */
  busyMax: Float64Array;
  busyMean: Float64Array;
  busyArg: Int32Array;
  busyHot: Int32Array;
  busyValid: Int32Array;
  affected: Int32Array;
}

export interface AnalysisOutcome {
  doc: AnalysisDocument;
  lanes: AnalysedLane[];
}

export interface AnalysisRequest {
  id: number;
  path: string;
  sustainedAfterMs?: number | undefined;
  /** Whether to answer with the lanes (see AnalysisRunner.run). */
  lanes: boolean;
}
export type AnalysisReply = { id: number; outcome: AnalysisOutcome } | { id: number; error: string };

export interface AnalysisRunner {
  /**
   * `lanes`: with every vertex's level series. They do not depend on the sustained threshold, so
   * one run's serve every threshold's view; other runs leave them out (empty).
   */
  run(sustainedAfterMs: number | undefined, lanes?: boolean): Promise<AnalysisOutcome>;
  close(): void;
}

/**
 * Window stats a session's analyser carries from one run to the next: an episode's evidence is
 * then computed once, not again each time a live recording is analysed (≈ 20 kB per window of a
 * 256-subtask vertex).
 */
const CARRIED_STATS_BYTES = 32 * 1024 * 1024;

/**
 * analyzeSession over a whole file, and every vertex's level series from the same series. Kept
 * for a session, it runs again on what the file gained since (GrowingAnalysisInput) with the
 * window stats of closed windows carried over, so analysing a live recording again costs what
 * was recorded since plus one pass over the stored samples, not a new read of the file.
 */
export class SessionAnalyser {
  private readonly growing: GrowingAnalysisInput;
  private readonly memo = new WindowStatsMemo(CARRIED_STATS_BYTES);
  private ix: AnalysisIndex | null = null;
  private series: ReadonlyMap<VertexKey, VertexSeries> | undefined;
  private extended = 0;

  constructor(reader: SessionReader) {
    this.growing = new GrowingAnalysisInput(reader);
  }

  /**
   * Frames the last run added to what it had read before, frames decoded and window stats reused
   * so far, and the series the last run extended rather than built again.
   */
  reuse(): { framesAdded: number; framesDecoded: number; seriesExtended: number; statsReused: number } {
    return {
      framesAdded: this.growing.added,
      framesDecoded: this.growing.runs.decodes,
      seriesExtended: this.extended,
      statsReused: this.memo.hits,
    };
  }

  /**
   * `shareLanes`: the lanes may be the series' own columns where those are exactly as long (an
   * answer copied at once, as through a process' channel); otherwise each lane column is a slice
   * of its own, safe to transfer.
   */
  run(sustainedAfterMs: number | undefined, withLanes = true, shareLanes = false): AnalysisOutcome {
    const input = this.growing.read();
    const ix = (this.ix = indexInput(input, this.ix ?? undefined));
    const lookups = sessionLookups(ix, this.memo, this.series);
    const doc = analyzeSession(input, sustainedAfterMs === undefined ? {} : { sustainedAfterMs }, ix, lookups);
    const lanes: AnalysedLane[] = [];
    for (const key of withLanes ? ix.frames.keys() : []) {
      const s = lookups.seriesOf(key)!;
      const n = s.n;
      // A view over a longer buffer would still be copied whole, so only an exact column is shared.
      const col = <T extends Float64Array | Int32Array | Int8Array | Uint8Array>(a: T): T =>
        shareLanes && a.length === n && a.byteOffset === 0 && a.buffer.byteLength === a.byteLength
          ? a
          : (a.slice(0, n) as T);
      lanes.push({
        key,
        ts: col(s.ts),
        spanStart: col(s.spanStart),
        level: col(s.level),
        ratio: col(s.ratio),
        gapReason: col(s.gapReason),
        intervalMs: s.intervalMs,
        busyMax: col(s.busyMax),
        busyMean: col(s.busyMean),
        busyArg: col(s.busyArg),
        busyHot: col(s.busyHot),
        busyValid: col(s.busyValid),
        affected: col(s.affected),
      });
    }
    this.extended = 0;
    for (const [k, v] of lookups.built) if (this.series?.get(k) === v) this.extended++;
    this.series = lookups.built;
    return { doc, lanes };
  }
}

/** The buffers of an outcome's lane columns (each a slice of its own), to transfer rather than copy. */
export function laneBuffers(o: AnalysisOutcome): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const lane of o.lanes)
    for (const v of Object.values(lane)) if (ArrayBuffer.isView(v)) out.push(v.buffer as ArrayBuffer);
  return out;
}

/** analyzeSession over a whole file once (`backflow analyze`, benches): a SessionAnalyser's first run. */
export function analyzeSessionFile(reader: SessionReader, sustainedAfterMs: number | undefined): AnalysisOutcome {
  return new SessionAnalyser(reader).run(sustainedAfterMs);
}

/** In this thread: blocks it for the whole run (source mode, where no worker bundle exists). */
export function inThreadRunner(reader: SessionReader): AnalysisRunner {
  const analyser = new SessionAnalyser(reader);
  return {
    run: async (sustainedAfterMs, lanes = true) => analyser.run(sustainedAfterMs, lanes),
    close: () => {},
  };
}

// Vertex frames for the analysis (format 6+): each frame carries the sample the writer derived
// (sql/samples.ts), and its `subtasks` and `totals` are decoded only when something reads them: a
// frame is decoded from its key frame on, and the decoder of that run is kept (with the frames it
// decoded) in a cache bounded by bytes, so reading on through the run decodes each frame once. A
// whole-session analysis thus reads one small row per frame and decodes only the windows its rules
// look into per subtask (an episode's bottleneck and cause hints), or a frame whose stored sample
// does not fit (the analysis differenced it against another frame).

import type { FrameSample, SubtaskMetric, VertexFrame } from '../../shared/model';
import { SAMPLE_RULES_VERSION } from '../../shared/analysis/series';
import { epochMs, type EpochMs } from '../../shared/time';
import { counterTotals } from './decode-frames';
import { decodeFrame, type CodecState } from './frame-codec';
import type { ReaderIds } from './reader-ids';
import { decodePlacement, frameRows, lastKeyFrameTs, placementRows, type FrameRow } from './sql/frames';
import { frameMetas, sampleAt, type FrameMetas } from './sql/samples';
import type { Db } from './sql/statements';
import type { VertexRef } from './sql/topology';

/** A connection to decode with: the reader's while it is open, else one of its own (read-only). */
export type Connection = () => { db: Db; ids: ReaderIds };

type Values = Pick<VertexFrame, 'subtasks' | 'totals'>;

/** One run of frames being decoded from its key frame on. */
interface Run {
  rows: FrameRow[];
  next: number;
  state: CodecState | null;
  decoded: Map<number, Values>;
  totals: ReturnType<typeof counterTotals>;
  bytes: number;
}

/** Runs being decoded, least recently used first out beyond `maxBytes` of decoded values. */
export class DecodedRuns {
  private readonly runs = new Map<string, Run>();
  private bytes = 0;
  /** Frames decoded so far (the cost the samples save). */
  decodes = 0;

  constructor(private readonly maxBytes: number) {}

  /**
   * The values of the frame at `ts` of the run `key`, decoding on from where the run stands.
   * `read(after)` gives the run's rows after `after` (null: all, from its key frame): a run that
   * has grown since it was read (a session being recorded) reads only its new rows.
   */
  values(
    key: string,
    ts: number,
    read: (after: number | null) => { rows: FrameRow[]; totals: Run['totals'] },
    ids: () => ReaderIds,
  ): Values {
    let run = this.runs.get(key);
    if (run) {
      this.runs.delete(key);
      this.runs.set(key, run);
    } else {
      const o = read(null);
      run = { rows: o.rows, totals: o.totals, next: 0, state: null, decoded: new Map(), bytes: 0 };
      this.runs.set(key, run);
    }
    let hit = run.decoded.get(ts);
    let grown = false;
    while (hit === undefined) {
      if (run.next === run.rows.length) {
        // Past its rows: the run has grown since it was read (once per call).
        if (grown || ts <= (run.rows.at(-1)?.ts ?? -Infinity)) break;
        grown = true;
        const more = read(run.rows.at(-1)?.ts ?? null);
        run.rows.push(...more.rows);
        for (const [t, v] of more.totals) run.totals.set(t, v);
        continue;
      }
      const row = run.rows[run.next++]!;
      const d = decodeFrame(row.data, row.key === 1 ? null : run.state);
      run.state = d.state;
      this.decodes++;
      const subtasks: VertexFrame['subtasks'] = {};
      let bytes = 0;
      for (const [id, v] of d.columns) {
        const name: SubtaskMetric | undefined = ids().subtaskMetricName(id);
        if (name !== undefined) subtasks[name] = v;
        bytes += v.byteLength;
      }
      const values: Values = { subtasks, totals: run.totals.get(row.ts) };
      run.decoded.set(row.ts, values);
      run.bytes += bytes;
      this.bytes += bytes;
      if (row.ts === ts) hit = values;
    }
    for (const [k, r] of this.runs) {
      if (this.bytes <= this.maxBytes || k === key) break;
      this.runs.delete(k);
      this.bytes -= r.bytes;
    }
    if (hit === undefined) throw new Error(`frame at ${ts} is not in its run`);
    return hit;
  }
}

/** What the frames of one run share: how to decode it. */
interface RunRef {
  /** The vertex and the instant of the run's key frame: the same run whichever read made the ref. */
  key: string;
  read: (after: number | null) => { rows: FrameRow[]; totals: Run['totals'] };
  ids: () => ReaderIds;
  runs: DecodedRuns;
  guard: <T>(fn: () => T) => T;
}

/** What the frames of one vertex share: who they are and their metadata columns. */
interface VertexColumns {
  clusterId: number;
  jobId: string;
  vertexId: string;
  metas: FrameMetas;
}

/**
 * A frame whose values are read from its run when asked for, and whose instant, parallelism and
 * sample are read from its vertex's columns (getters on the prototype: a frame costs five fields,
 * not closures or boxed numbers). Assigning values keeps them on the frame instead.
 */
class LazyFrame implements VertexFrame {
  taskManagers?: string[];
  readonly #v: VertexColumns;
  readonly #i: number;
  readonly #run: RunRef;
  #own: Values | null = null;

  constructor(v: VertexColumns, i: number, run: RunRef) {
    this.#v = v;
    this.#i = i;
    this.#run = run;
  }

  get clusterId(): number {
    return this.#v.clusterId;
  }

  get jobId(): string {
    return this.#v.jobId;
  }

  get vertexId(): string {
    return this.#v.vertexId;
  }

  get ts(): EpochMs {
    return epochMs(this.#v.metas.ts[this.#i]!);
  }

  get parallelism(): number {
    return this.#v.metas.parallelism[this.#i]!;
  }

  get sample(): FrameSample | undefined {
    return sampleAt(this.#v.metas, this.#i) ?? undefined;
  }

  #values(): Values {
    if (this.#own) return this.#own;
    const r = this.#run;
    return r.guard(() => r.runs.values(r.key, this.ts, r.read, r.ids));
  }

  get subtasks(): VertexFrame['subtasks'] {
    return this.#values().subtasks;
  }

  set subtasks(value: VertexFrame['subtasks']) {
    this.#own = { ...this.#values(), subtasks: value };
  }

  get totals(): VertexFrame['totals'] {
    return this.#values().totals;
  }

  set totals(value: VertexFrame['totals']) {
    this.#own = { ...this.#values(), totals: value };
  }
}

/**
 * The vertex's frames in [from, to], oldest first, with samples and values decoded on demand.
 * Their `subtasks` and `totals` are no own properties (see session-index.ts checkFrame).
 */
export function lazyVertexFrames(
  connection: Connection,
  v: VertexRef,
  from: number,
  to: number,
  runs: DecodedRuns,
  guard: <T>(fn: () => T) => T,
  /** Whether the file stores samples (asked once per read, not per vertex). */
  sampled: boolean,
): VertexFrame[] {
  const { db } = connection();
  const metas = frameMetas(db, v.ref, from, to, SAMPLE_RULES_VERSION, sampled);
  const cols: VertexColumns = { clusterId: v.clusterId, jobId: v.jobId, vertexId: v.vertexId, metas };
  const placements = placementRows(db, v.ref, from, to);
  const out: VertexFrame[] = new Array(metas.n);
  let pi = 0;
  const ids = (): ReaderIds => connection().ids;
  let run: RunRef | null = null;
  for (let i = 0; i < metas.n; i++) {
    const ts = metas.ts[i]!;
    if (run === null || metas.key[i] === 1) {
      // A run: from a key frame (or the range's first frame) to before the next key frame.
      let last = i;
      while (last + 1 < metas.n && metas.key[last + 1] !== 1) last++;
      const keyTs = metas.key[i] === 1 ? ts : (lastKeyFrameTs(db, v.ref, ts) ?? ts);
      const runTo = metas.ts[last]!;
      run = {
        key: `${v.ref}/${keyTs}`,
        // Rows and the JobManager's counter totals from the key frame (or after `after`) to runTo.
        read: (after) => {
          const c = connection();
          const first = after === null ? keyTs : after + 1; // instants are whole milliseconds
          return { rows: frameRows(c.db, v.ref, first, runTo), totals: counterTotals(c.db, c.ids, v, first, runTo) };
        },
        ids,
        runs,
        guard,
      };
    }
    const frame = new LazyFrame(cols, i, run);
    // Placement as of this frame, as decodeVertexFrames sets it.
    let placement: string | null = null;
    while (pi < placements.length && placements[pi]!.ts <= ts) placement = placements[pi++]!.encoded;
    if (placement !== null || (i === 0 && pi > 0))
      frame.taskManagers = decodePlacement(placement ?? placements[pi - 1]!.encoded);
    out[i] = frame;
  }
  return out;
}

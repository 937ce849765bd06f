// Vertex frames for the analysis (format 6+): each frame carries the sample the writer derived
// (sql/samples.ts), and its `subtasks` and `totals` are decoded only when something reads them,
// a run of frames from one key frame to the next at a time, kept in a cache bounded by bytes. A
// whole-session analysis thus reads one small row per frame and decodes only the windows its rules
// look into per subtask (an episode's bottleneck and cause hints), or a frame whose stored sample
// does not fit (the analysis differenced it against another frame).

import type { VertexFrame } from '../../shared/model';
import { SAMPLE_RULES_VERSION } from '../../shared/analysis/series';
import { epochMs } from '../../shared/time';
import { decodeVertexFrames } from './decode-frames';
import type { ReaderIds } from './reader-ids';
import { decodePlacement, placementRows } from './sql/frames';
import { frameMetas } from './sql/samples';
import type { Db } from './sql/statements';
import type { VertexRef } from './sql/topology';

/** A connection to decode with: the reader's while it is open, else one of its own (read-only). */
export type Connection = () => { db: Db; ids: ReaderIds };

/** Decoded runs of frames, least recently used first out beyond `maxBytes`. */
export class DecodedRuns {
  private readonly runs = new Map<string, { frames: Map<number, VertexFrame>; bytes: number }>();
  private bytes = 0;
  decodes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string, load: () => VertexFrame[]): Map<number, VertexFrame> {
    const hit = this.runs.get(key);
    if (hit) {
      this.runs.delete(key);
      this.runs.set(key, hit);
      return hit.frames;
    }
    const list = load();
    this.decodes += list.length;
    let bytes = 0;
    for (const f of list) for (const v of Object.values(f.subtasks)) bytes += v ? v.byteLength : 0;
    const run = { frames: new Map(list.map((f) => [f.ts as number, f])), bytes };
    this.runs.set(key, run);
    this.bytes += bytes;
    for (const [k, r] of this.runs) {
      if (this.bytes <= this.maxBytes || k === key) break;
      this.runs.delete(k);
      this.bytes -= r.bytes;
    }
    return run.frames;
  }
}

/** The vertex's frames in [from, to], oldest first, with samples and values decoded on demand. */
export function lazyVertexFrames(
  connection: Connection,
  v: VertexRef,
  from: number,
  to: number,
  runs: DecodedRuns,
  guard: <T>(fn: () => T) => T,
): VertexFrame[] {
  const { db } = connection();
  const metas = frameMetas(db, v.ref, from, to, SAMPLE_RULES_VERSION);
  const placements = placementRows(db, v.ref, from, to);
  const out: VertexFrame[] = [];
  let pi = 0;
  // Runs decoded together: from a key frame (or the range's first frame) to before the next key frame.
  const runLast = new Int32Array(metas.length);
  for (let i = metas.length - 1; i >= 0; i--)
    runLast[i] = i + 1 < metas.length && metas[i + 1]!.key !== 1 ? runLast[i + 1]! : i;
  let runStart = 0;
  for (let i = 0; i < metas.length; i++) {
    const m = metas[i]!;
    if (m.key === 1) runStart = i;
    const runFrom = metas[runStart]!.ts;
    const runTo = metas[runLast[runStart]!]!.ts;
    const runOf = (): VertexFrame =>
      runs
        .get(`${v.ref}/${runFrom}`, () =>
          guard(() => {
            const c = connection();
            return decodeVertexFrames(c.db, c.ids, v, runFrom, runTo);
          }),
        )
        .get(m.ts)!;
    const frame = {
      clusterId: v.clusterId,
      jobId: v.jobId,
      vertexId: v.vertexId,
      ts: epochMs(m.ts),
      parallelism: m.parallelism,
    } as VertexFrame;
    Object.defineProperty(frame, 'subtasks', {
      enumerable: true,
      configurable: true,
      get: () => runOf().subtasks,
      set: (value: VertexFrame['subtasks']) => Object.defineProperty(frame, 'subtasks', { value, writable: true }),
    });
    Object.defineProperty(frame, 'totals', {
      enumerable: true,
      configurable: true,
      get: () => runOf().totals,
      set: (value: VertexFrame['totals']) => Object.defineProperty(frame, 'totals', { value, writable: true }),
    });
    // Placement as of this frame, as decodeVertexFrames sets it.
    let placement: string | null = null;
    while (pi < placements.length && placements[pi]!.ts <= m.ts) placement = placements[pi++]!.encoded;
    if (placement !== null || (out.length === 0 && pi > 0))
      frame.taskManagers = decodePlacement(placement ?? placements[pi - 1]!.encoded);
    if (m.sample) frame.sample = m.sample;
    out.push(frame);
  }
  return out;
}

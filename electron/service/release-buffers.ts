// Dead ArrayBuffers handed back after a heavy call. A call that decodes frames (a vertex detail
// folds hundreds of frame blobs and decoded columns) leaves their buffers behind as garbage; the
// ones that lived through a scavenge are freed only by a full GC, which V8 starts on its own only
// once 64 MB of external memory piled up, and an idle thread never does. Served mode on a 24 h
// `large` session, after the vertex detail: the query worker sat on 52 MB of dead buffers until
// the process ended; the main thread's old generation grew from 14 to 45 MB while the cursor was
// scrubbed, 20 MB of it live. Whatever a thread's allocator once held stays in the RSS. So after
// a call (and between a long call's chunks), when this thread's buffers and old generation grew by
// more than RELEASE_AFTER_BYTES since the last full GC, one is run (≈10–50 ms on these heaps).

import v8 from 'node:v8';
import vm from 'node:vm';

/** Growth of retainedBytes() since the last full GC that starts another. */
export const RELEASE_AFTER_BYTES = 16 * 2 ** 20;

let fullGc: (() => void) | null | undefined;

/** V8's full GC as a function (the flag exposes it to contexts made from now on), null if refused. */
function collector(): (() => void) | null {
  if (fullGc === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      const gc = vm.runInNewContext('gc') as unknown;
      fullGc = typeof gc === 'function' ? (gc as () => void) : null;
    } catch {
      fullGc = null;
    }
  }
  return fullGc;
}

/** This thread's ArrayBuffer bytes plus its old generation's (old and large-object spaces) used bytes. */
export function retainedBytes(): number {
  let old = 0;
  for (const s of v8.getHeapSpaceStatistics())
    if (s.space_name === 'old_space' || s.space_name === 'large_object_space') old += s.space_used_size;
  return process.memoryUsage().arrayBuffers + old;
}

export class BufferRelease {
  /** retainedBytes() after the last full GC. */
  private base = retainedBytes();

  constructor(private readonly afterBytes = RELEASE_AFTER_BYTES) {}

  /** Runs a full GC when the buffers and old generation grew by more than the limit; whether it did. */
  check(): boolean {
    if (retainedBytes() - this.base <= this.afterBytes) return false;
    const gc = collector();
    if (!gc) return false;
    gc();
    this.base = retainedBytes();
    return true;
  }
}

let shared: BufferRelease | null = null;

/** The check on this thread's own BufferRelease (module state is per thread): after a call, and between a long call's chunks. */
export function releaseDeadBuffers(): boolean {
  return (shared ??= new BufferRelease()).check();
}

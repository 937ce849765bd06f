// The disk fills up during a recording: the recorder stops with a clear disk-full error instead of
// crashing or skipping ticks, and everything committed before is readable. The disk is a real 1 MiB
// tmpfs when this process may mount one (root in a container); otherwise the session's size cap
// (PRAGMA max_page_count), for which SQLite reports the same SQLITE_FULL.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { SessionFileError, type WriterOptions } from '../../../electron/session/index';
import type { SimulatedCluster } from '../../../electron/simulator/index';
import { allTicks, FOREVER, startSim, steppedRecording, TempDir } from '../../fixtures/recorder/harness';

const DISK_BYTES = 1024 * 1024;

let tmp: TempDir;
let sim: SimulatedCluster;
let mounted: string | null = null;
beforeEach(async () => {
  tmp = new TempDir();
  sim = await startSim({ scenario: 'sustained-bottleneck' });
});
afterEach(async () => {
  await sim.close();
  // Lazy: a failed test may still hold the file open.
  if (mounted) spawnSync('umount', ['-l', mounted]);
  if (mounted) rmdirSync(mounted);
  mounted = null;
  tmp.remove();
});

/** A directory on a tiny disk, or a size cap for the session when mounting is not permitted. */
function smallDisk(): { dir: string; writerOptions: WriterOptions | undefined } {
  const dir = path.join(tmp.path, 'disk');
  mkdirSync(dir);
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${DISK_BYTES}`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status === 0) {
    mounted = dir;
    return { dir, writerOptions: undefined };
  }
  return { dir, writerOptions: { maxBytes: DISK_BYTES } };
}

it('stops with a disk-full error and keeps every committed tick readable', async () => {
  const disk = smallDisk();
  const file = path.join(disk.dir, 'full.backflow');
  const rec = steppedRecording({
    file,
    targets: [{ url: sim.url }],
    models: [sim.model],
    detail: 'all',
    writerOptions: disk.writerOptions,
  });
  let failure: unknown = null;
  for (let i = 0; i < 5_000 && failure === null; i++) {
    try {
      await rec.step();
    } catch (e) {
      failure = e;
    }
  }
  expect(failure).toBeInstanceOf(SessionFileError);
  expect((failure as SessionFileError).kind).toBe('disk-full');
  expect((failure as SessionFileError).message).toBe(
    `disk full while writing to ${file}; recording stopped, everything before is kept`,
  );
  const status = rec.recorder.status();
  expect(status.fatal).toBe((failure as SessionFileError).message);
  expect(status.ticks).toBeGreaterThan(5);
  // Stopped for good: a further poll neither writes nor counts a tick.
  await expect(rec.recorder.pollOnce()).rejects.toThrow(/disk full/);
  expect(rec.recorder.status().ticks).toBe(status.ticks);

  const reader = rec.finish();
  const ticks = allTicks(reader);
  expect(ticks).toHaveLength(status.ticks);
  expect(ticks.every((t) => t.status === 'ok')).toBe(true);
  // Every committed tick's frames decode: the last one is complete for every vertex.
  const last = ticks[ticks.length - 1]!.ts;
  const vertices = reader.vertices();
  for (const v of vertices) {
    const frames = reader.vertexFrames(v.clusterId, v.jobId, v.vertexId, FOREVER);
    expect(frames[frames.length - 1]!.ts).toBe(last);
  }
  reader.close();
});

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionReader, SessionWriter } from '../../../electron/session';
import { frame, T0, tempDir, tickTs } from './synthetic';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

describe('kill -9 while recording', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  it('keeps every committed tick readable and the file intact', async () => {
    const script = tmp.file('child.mjs');
    await build({
      entryPoints: [fileURLToPath(new URL('./child-writer.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: script,
      logLevel: 'silent',
      // The native module stays outside the bundle and is loaded from the project.
      plugins: [
        {
          name: 'external-sqlite',
          setup(b) {
            b.onResolve({ filter: /^better-sqlite3$/ }, () => ({
              path: `${ROOT}node_modules/better-sqlite3/lib/index.js`,
              external: true,
            }));
          },
        },
      ],
    });
    const path = tmp.file('crash.backflow');
    const child = spawn(process.execPath, [script, path], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const lastCommitted = await new Promise<number>((resolve, reject) => {
      let buf = '';
      let last = -1;
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        const lines = buf.split('\n');
        buf = lines.pop()!;
        for (const l of lines) last = Number(l.split(' ')[1]);
        // Kill mid-stream, while the child is busy writing the next tick.
        if (last >= 60 && !child.killed) {
          child.kill('SIGKILL');
          resolve(last);
        }
      });
      child.on('exit', (code, signal) => {
        if (signal !== 'SIGKILL') reject(new Error(`child exited early (${code}): ${stderr}`));
      });
    });
    await new Promise((r) => child.on('close', r));

    const r = SessionReader.open(path); // runs PRAGMA quick_check
    const ticks = r.ticks({ from: T0, to: tickTs(1_000_000) });
    // Every tick reported as committed is there; at most the ones in flight after it may be too.
    expect(ticks.length).toBeGreaterThanOrEqual(lastCommitted + 1);
    expect(ticks.map((t) => t.ts)).toEqual(Array.from({ length: ticks.length }, (_, i) => tickTs(i)));
    for (const v of ['v00', 'v03']) {
      const frames = r.vertexFrames(1, 'j', v, { from: T0, to: tickTs(1_000_000) }, [
        'numRecordsIn',
        'accumulateBusyTimeMs',
      ]);
      expect(frames).toHaveLength(ticks.length);
      const mismatched = frames.filter((f, i) => {
        const want = frame(1, 'j', Number(v.slice(1)), 32, i);
        return (
          JSON.stringify(Array.from(f.subtasks.numRecordsIn!)) !==
            JSON.stringify(Array.from(want.subtasks.numRecordsIn!)) ||
          JSON.stringify(Array.from(f.subtasks.accumulateBusyTimeMs!)) !==
            JSON.stringify(Array.from(want.subtasks.accumulateBusyTimeMs!))
        );
      });
      expect(mismatched.map((f) => f.ts)).toEqual([]);
    }
    r.close();

    // Recording can resume into the crashed file; the first new frame of each vertex is a key frame.
    const w = SessionWriter.openForAppend(path);
    const next = ticks.length;
    w.writeTick({
      tick: {
        clusterId: 1,
        ts: tickTs(next),
        status: 'ok',
        latencyMs: 5 as never,
        serverTs: null,
        fresh: true,
        requests: 3,
        error: null,
      },
      vertexFrames: [frame(1, 'j', 0, 32, next)],
    });
    w.close();
    const again = SessionReader.open(path);
    const resumed = again.vertexFrames(1, 'j', 'v00', { from: tickTs(next - 1), to: tickTs(next) });
    expect(resumed.map((f) => Array.from(f.subtasks.numRecordsIn!))).toEqual(
      [next - 1, next].map((i) => Array.from(frame(1, 'j', 0, 32, i).subtasks.numRecordsIn!)),
    );
    again.close();
  });
});

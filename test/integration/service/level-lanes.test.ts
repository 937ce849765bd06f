// The overview lanes before the analysis ran: every tick's max over subtasks of Flink's
// backpressure gauge, read from the per-tick summaries as two columns (SessionReader.
// vertexSummaryMax), not folded through a rollup of four buckets a tick (34 560 bucket objects per
// vertex and metric for a day of 10 s ticks, the served mode's startup peak on long sessions).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { levelCode } from '../../../shared/analysis/levels';
import { LevelLanes } from '../../../electron/service/level-lanes';
import { SessionCache } from '../../../electron/service/session-cache';
import { SessionReader } from '../../../electron/session/reader';
import { epochMs } from '../../../shared/time';
import { ERROR_GAP, writeSession } from '../../e2e/fixtures/make-session';

let dir: string;
let reader: SessionReader;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'backflow-level-lanes-'));
  const file = path.join(dir, 'incident.backflow');
  writeSession(file);
  reader = SessionReader.open(file);
});
afterAll(() => {
  reader.close();
  rmSync(dir, { recursive: true, force: true });
});

it("has each tick's max gauge level, read without a bucketed rollup", () => {
  const meta = new SessionCache(reader).get();
  const lanes = new LevelLanes(reader, () => 0);
  const rollup = vi.spyOn(reader, 'vertexRollup');
  try {
    for (const v of meta.vertices) {
      const track = lanes.track(meta, v);
      const all = { from: epochMs(meta.firstTs!), to: epochMs(meta.lastTs!) };
      const frames = reader.vertexFrames(v.clusterId, v.jobId, v.vertexId, all, ['backPressuredTimeMsPerSecond']);
      const expected = frames
        .map((f) => ({ ts: f.ts, ratio: Math.max(...f.subtasks.backPressuredTimeMsPerSecond!) / 1000 }))
        .filter((x) => Number.isFinite(x.ratio));
      expect(track.ts).toEqual(expected.map((x) => x.ts));
      track.ratio.forEach((r, k) => expect(r).toBeCloseTo(expected[k]!.ratio, 12));
      expect(track.level).toEqual(expected.map((x) => Math.max(0, levelCode(x.ratio))));
      // The failed polls leave a gap before the first tick after them.
      const after = track.ts.findIndex((ts) => ts > ERROR_GAP.from);
      expect(track.gapBefore[after]).toBe(true);
      expect(track.gapBefore.filter(Boolean).length).toBeLessThanOrEqual(3);
    }
    expect(rollup).not.toHaveBeenCalled();
  } finally {
    rollup.mockRestore();
  }
});

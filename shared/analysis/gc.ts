// GC windows from TaskManager samples. The REST store only shows cumulative collector time and
// count, so a window is "between two samples the collectors ran for gcTimeMs"; single pauses are
// not visible. The recorder uses this live; the analysis uses it when no windows were recorded.

import type { GcWindow, TaskManagerFrame } from '../model';
import { epochMs } from '../time';
import { GC_MIN_MS, GC_SHARE } from './thresholds';

/**
 * One window per pair of consecutive samples of a TaskManager in which `gcTimeMs` grew.
 * A counter that went down (TaskManager restarted) starts over without a window; samples that
 * lack `gcTimeMs` are skipped, so the next window spans them.
 */
export function gcWindowsFromFrames(frames: readonly TaskManagerFrame[]): GcWindow[] {
  const byTm = new Map<string, TaskManagerFrame[]>();
  for (const f of frames) {
    const k = `${f.clusterId}\u0000${f.taskManagerId}`;
    const l = byTm.get(k);
    if (l) l.push(f);
    else byTm.set(k, [f]);
  }
  const out: GcWindow[] = [];
  for (const list of byTm.values()) {
    list.sort((a, b) => a.ts - b.ts);
    let prev: TaskManagerFrame | null = null;
    for (const f of list) {
      const t = f.values.gcTimeMs;
      if (t === undefined || !Number.isFinite(t)) continue;
      if (prev !== null && f.ts > prev.ts) {
        const dt = t - prev.values.gcTimeMs!;
        if (dt > 0) {
          const c0 = prev.values.gcCount;
          const c1 = f.values.gcCount;
          const dc = c0 !== undefined && c1 !== undefined && c1 >= c0 ? c1 - c0 : 0;
          out.push({
            clusterId: f.clusterId,
            taskManagerId: f.taskManagerId,
            start: epochMs(prev.ts),
            end: epochMs(f.ts),
            gcTimeMs: dt,
            gcCount: dc,
          });
        }
      }
      prev = f;
    }
  }
  return out.sort((a, b) => a.start - b.start || a.taskManagerId.localeCompare(b.taskManagerId));
}

/** GC that can explain a stall: at least GC_MIN_MS, or GC_SHARE of the window's wall time. */
export function isSignificantGc(w: GcWindow): boolean {
  const span = Math.max(1, w.end - w.start);
  return w.gcTimeMs >= GC_MIN_MS || w.gcTimeMs >= GC_SHARE * span;
}

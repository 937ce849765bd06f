import { describe, expect, it } from 'vitest';
import { gcWindowsFromFrames, gcWindowsFromSamples, mergeGcWindows, type GcSample } from '../../../shared/analysis/gc';
import type { GcWindow } from '../../../shared/model';
import { epochMs } from '../../../shared/time';

const T0 = 1_700_000_000_000;
const S = 1000;
const OLD = 'G1 Old Generation';
const YOUNG = 'G1 Young Generation';

/** Cumulative samples of one collector on one TaskManager: [seconds after T0, time ms, count]. */
function samples(collector: string | null, points: Array<[number, number, number]>, tm = 'tm-1'): GcSample[] {
  return points.map(([s, timeMs, count]) => ({
    clusterId: 1,
    taskManagerId: tm,
    collector,
    ts: epochMs(T0 + s * S),
    timeMs,
    count,
  }));
}

/** Young-generation background: `msPerSecond` every second from `from` to `to` (seconds), one collection each. */
function background(from: number, to: number, msPerSecond: number, tm = 'tm-1'): GcSample[] {
  const pts: Array<[number, number, number]> = [];
  for (let s = from; s <= to; s++) pts.push([s, (s - from) * msPerSecond, s - from]);
  return samples(YOUNG, pts, tm);
}

const shape = (ws: GcWindow[]) =>
  ws.map((w) => [(w.start - T0) / S, (w.end - T0) / S, w.gcTimeMs, w.gcCount, w.collector, w.taskManagerId]);

describe('gcWindowsFromSamples (raw windows)', () => {
  it('gives one window per collector and sample pair in which its time grew', () => {
    const raw = gcWindowsFromSamples([
      ...samples(OLD, [
        [0, 0, 0],
        [1, 0, 0],
        [2, 900, 1],
      ]),
      ...samples(YOUNG, [
        [0, 10, 1],
        [1, 15, 2],
        [2, 15, 2],
      ]),
    ]);
    expect(shape(raw)).toEqual([
      [0, 1, 5, 1, YOUNG, 'tm-1'],
      [1, 2, 900, 1, OLD, 'tm-1'],
    ]);
  });

  it('starts over after a restart and spans samples without a value', () => {
    const raw = gcWindowsFromSamples(
      samples(OLD, [
        [0, 100, 1],
        [1, 600, 2],
        [2, NaN, 2],
        [3, 900, 3],
        [4, 50, 1],
        [5, 80, 2],
      ]),
    );
    expect(shape(raw)).toEqual([
      [0, 1, 500, 1, OLD, 'tm-1'],
      [1, 3, 300, 1, OLD, 'tm-1'],
      [4, 5, 30, 1, OLD, 'tm-1'],
    ]);
  });
});

describe('mergeGcWindows', () => {
  it('makes one window of a 2.8 s old-generation pause sliced by 1 s polls (794, 946, 933, 139 ms)', () => {
    const raw = gcWindowsFromSamples([
      ...samples(OLD, [
        [0, 5000, 3],
        [1, 5794, 3],
        [2, 6740, 3],
        [3, 7673, 3],
        [4, 7812, 4],
        [5, 7812, 4],
      ]),
      ...background(0, 5, 5),
    ]);
    expect(raw.filter((w) => w.collector === OLD).map((w) => w.gcTimeMs)).toEqual([794, 946, 933, 139]);
    const merged = mergeGcWindows(raw);
    expect(merged).toHaveLength(1);
    const w = merged[0]!;
    expect([w.start - T0, w.end - T0, w.collector, w.taskManagerId]).toEqual([0, 4 * S, OLD, 'tm-1']);
    // The TaskManager's GC in the window: the pause plus the minor collections inside it.
    expect(w.gcTimeMs).toBe(2812 + 4 * 5);
    expect(w.gcCount).toBe(1 + 4);
  });

  it('finds no window in young-generation background of 5 ms/s over minutes', () => {
    expect(mergeGcWindows(gcWindowsFromSamples(background(0, 600, 5)))).toEqual([]);
    // Also when the collectors were recorded as one sum, every 10 s.
    const frames = Array.from({ length: 61 }, (_, i) => ({
      clusterId: 1,
      taskManagerId: 'tm-1',
      ts: epochMs(T0 + i * 10 * S),
      values: { gcTimeMs: i * 50, gcCount: i * 3 },
    }));
    expect(mergeGcWindows(gcWindowsFromFrames(frames))).toEqual([]);
  });

  it('splits at a gap in the samples, and keeps a raw window spanning the gap apart', () => {
    const quietGap = gcWindowsFromSamples(
      samples(OLD, [
        [0, 0, 0],
        [1, 800, 0],
        [2, 1700, 1],
        [30, 1700, 1],
        [31, 2400, 1],
        [32, 3200, 2],
        [33, 3200, 2],
      ]),
    );
    expect(shape(mergeGcWindows(quietGap))).toEqual([
      [0, 2, 1700, 1, OLD, 'tm-1'],
      [30, 32, 1500, 1, OLD, 'tm-1'],
    ]);
    // The collector ran during the gap: that raw window stays a window of its own.
    const busyGap = gcWindowsFromSamples(
      samples(OLD, [
        [0, 0, 0],
        [1, 800, 0],
        [2, 1700, 1],
        [30, 3200, 2],
        [31, 3900, 2],
        [32, 4700, 3],
        [33, 4700, 3],
      ]),
    );
    expect(shape(mergeGcWindows(busyGap))).toEqual([
      [0, 2, 1700, 1, OLD, 'tm-1'],
      [2, 30, 1500, 1, OLD, 'tm-1'],
      [30, 32, 1500, 1, OLD, 'tm-1'],
    ]);
  });

  it('does not merge across a TaskManager restart', () => {
    // Counters start over at 3 s: no raw window for [2, 3], so the pauses before and after stay apart.
    const raw = gcWindowsFromSamples(
      samples(OLD, [
        [0, 0, 0],
        [1, 800, 0],
        [2, 1700, 1],
        [3, 100, 0],
        [4, 900, 0],
        [5, 1600, 1],
      ]),
    );
    expect(shape(mergeGcWindows(raw))).toEqual([
      [0, 2, 1700, 1, OLD, 'tm-1'],
      [3, 5, 1500, 1, OLD, 'tm-1'],
    ]);
  });

  it('keeps TaskManagers apart and merges overlapping collectors of one TaskManager into one window', () => {
    const raw = gcWindowsFromSamples([
      ...samples(OLD, [
        [0, 0, 0],
        [1, 0, 0],
        [2, 600, 1],
        [3, 600, 1],
      ]),
      ...samples(YOUNG, [
        [0, 0, 0],
        [1, 300, 4],
        [2, 700, 9],
        [3, 702, 10],
      ]),
      ...samples(
        OLD,
        [
          [0, 0, 0],
          [1, 1200, 1],
        ],
        'tm-2',
      ),
    ]);
    expect(shape(mergeGcWindows(raw))).toEqual([
      [0, 2, 1300, 10, YOUNG, 'tm-1'],
      [0, 1, 1200, 1, OLD, 'tm-2'],
    ]);
  });

  it('merges recorded raw windows whatever their order, and keeps sessions without collectors (null)', () => {
    const w = (start: number, end: number, gcTimeMs: number): GcWindow => ({
      clusterId: 1,
      taskManagerId: 'tm-1',
      collector: null,
      start: epochMs(T0 + start * S),
      end: epochMs(T0 + end * S),
      gcTimeMs,
      gcCount: 1,
    });
    expect(shape(mergeGcWindows([w(2, 3, 933), w(0, 1, 794), w(3, 4, 139), w(1, 2, 946), w(9, 10, 4)]))).toEqual([
      [0, 4, 2812, 4, null, 'tm-1'],
    ]);
  });
});

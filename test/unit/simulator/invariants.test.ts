// Physical invariants of the model: time accounting adds up, flows are conserved between
// vertices, and counters, meters and gauges describe the same records.

import { describe, expect, it } from 'vitest';
import { START } from './observe';
import { ENRICH, SINK, SRC, WINDOW, at, sharesSum, vertex } from './sim';
import { createSimulation } from '../../../electron/simulator/model/index';

describe('time accounting', () => {
  for (const scenario of ['sustained-bottleneck', 'gc-pauses', 'checkpoint-spikes']) {
    it(`${scenario}: busy + idle + backPressured = 1000 ms/s in every window, soft + hard = backPressured`, () => {
      const m = createSimulation({ scenario, seed: 3, startTime: START });
      for (let s = 0; s < 150; s += 5) {
        m.advance(5000);
        for (const v of m.jobs[0]!.vertices) {
          for (const st of v.subtasks) {
            for (const w of ['shares5s', 'shares60s'] as const) {
              expect(sharesSum(st, w)).toBeCloseTo(1000, 6);
              expect(st[w].softBackPressured + st[w].hardBackPressured).toBeCloseTo(st[w].backPressured, 6);
              for (const x of [st[w].busy, st[w].idle, st[w].backPressured]) {
                expect(x).toBeGreaterThanOrEqual(0);
                expect(x).toBeLessThanOrEqual(1000 + 1e-6);
              }
            }
            // The cumulative counters cover exactly the time the subtask has been running.
            expect(st.accBusyMs + st.accIdleMs + st.accBackPressuredMs).toBeGreaterThanOrEqual(
              m.now - st.startTime - 2,
            );
            expect(st.accBusyMs + st.accIdleMs + st.accBackPressuredMs).toBeLessThanOrEqual(m.now - st.startTime + 2);
          }
        }
      }
    });
  }
});

describe('flows', () => {
  it('records leaving a vertex arrive downstream (minus what is still queued), bytes in = bytes out', () => {
    const m = at('healthy', 90_000);
    const job = m.jobs[0]!;
    const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
    for (const e of job.edges) {
      const src = job.vertices.find((v) => v.id === e.source)!;
      const dst = job.vertices.find((v) => v.id === e.target)!;
      const out = sum(src.subtasks.map((s) => s.numRecordsOut));
      const inn = sum(dst.subtasks.map((s) => s.numRecordsIn));
      const rate = sum(src.subtasks.map((s) => s.numRecordsOutPerSecond));
      expect(out).toBeGreaterThan(0);
      expect(out - inn).toBeGreaterThanOrEqual(-1 * dst.subtasks.length);
      expect(out - inn).toBeLessThan(rate * 0.5);
      const bytesOut = sum(src.subtasks.map((s) => s.numBytesOut));
      const bytesIn = sum(dst.subtasks.map((s) => s.numBytesInLocal + s.numBytesInRemote));
      expect(bytesIn).toBeLessThanOrEqual(bytesOut + dst.subtasks.length);
      expect(bytesIn).toBeGreaterThan(bytesOut * 0.99);
      const buffersIn = sum(dst.subtasks.map((s) => s.numBuffersInLocal + s.numBuffersInRemote));
      expect(Math.abs(buffersIn - bytesIn / 32768)).toBeLessThan(dst.subtasks.length * 2);
    }
  });

  it('on a HASH edge over 4 TaskManagers a quarter of the bytes stay local', () => {
    const m = at('healthy', 60_000);
    for (const st of vertex(m, ENRICH).subtasks) {
      const share = st.numBytesInLocal / (st.numBytesInLocal + st.numBytesInRemote);
      expect(share).toBeGreaterThan(0.2);
      expect(share).toBeLessThan(0.3);
    }
  });

  it('sources count no network input, sinks no network output; meters match the source rate', () => {
    const m = at('healthy', 120_000);
    for (const st of vertex(m, SRC).subtasks) {
      expect(st.numRecordsIn).toBe(0);
      // 5000 records/s per source subtask, ±4 % swell and noise.
      expect(st.numRecordsOutPerSecond).toBeGreaterThan(4700);
      expect(st.numRecordsOutPerSecond).toBeLessThan(5300);
      expect(st.currentInputWatermark).toBeNull();
    }
    for (const st of vertex(m, SINK).subtasks) {
      expect(st.numRecordsOut).toBe(0);
      expect(st.numRecordsIn).toBeGreaterThan(0);
    }
    // Window halves the records (selectivity 0.5): sink input rate ≈ half the window input.
    const w = vertex(m, WINDOW).subtasks.reduce((a, s) => a + s.numRecordsInPerSecond, 0);
    const k = vertex(m, SINK).subtasks.reduce((a, s) => a + s.numRecordsInPerSecond, 0);
    expect(k / w).toBeCloseTo(0.5, 1);
  });

  it('a healthy job has low buffer usage and watermarks about 5 s behind the clock', () => {
    const m = at('healthy', 120_000);
    for (const v of m.jobs[0]!.vertices) {
      for (const st of v.subtasks) {
        expect(st.inPoolUsage).toBeLessThan(0.5);
        expect(st.outPoolUsage).toBeLessThan(0.5);
        expect(st.isBackPressured).toBe(false);
        if (!v.isSource) {
          expect(st.currentInputWatermark).not.toBeNull();
          expect(m.now - st.currentInputWatermark!).toBeGreaterThan(4_000);
          expect(m.now - st.currentInputWatermark!).toBeLessThan(7_000);
        }
      }
    }
  });
});

describe('TaskManagers', () => {
  it('heap is a sawtooth under heapMax, young collections accumulate, heartbeats every 10 s', () => {
    const m = createSimulation({ scenario: 'healthy', seed: 1, startTime: START });
    const heaps: number[] = [];
    for (let s = 0; s < 60; s++) {
      m.advance(1000);
      heaps.push(m.taskManagers[0]!.heapUsed);
    }
    const tm = m.taskManagers[0]!;
    expect(Math.max(...heaps) - Math.min(...heaps)).toBeGreaterThan(100 * 1024 * 1024);
    expect(Math.max(...heaps)).toBeLessThanOrEqual(tm.heapMax);
    const young = tm.garbageCollectors.find((g) => g.name === 'G1 Young Generation')!;
    expect(young.count).toBeGreaterThanOrEqual(3);
    expect(young.timeMs).toBeGreaterThan(0);
    expect(m.now - tm.lastHeartbeat).toBeLessThanOrEqual(10_000);
    expect(tm.nettyAvailableSegments).toBeLessThan(tm.nettyTotalSegments);
    expect(tm.cpuLoad).toBeGreaterThan(0);
    expect(tm.cpuLoad).toBeLessThanOrEqual(1);
  });
});

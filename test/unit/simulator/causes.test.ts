// Each cause of backpressure produces the signature the Flink network-stack guidance describes.

import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../../electron/simulator/model/index';
import { START } from './observe';
import { ENRICH, SINK, SRC, WINDOW, at, counters, vertex } from './sim';

describe('a slow operator mid-pipeline (sustained-bottleneck at 200 s)', () => {
  const m = at('sustained-bottleneck', 200_000);

  it('backpressures its upstream: output pools full, HIGH', () => {
    const subtasks = vertex(m, SRC).subtasks;
    // isBackPressured is an instantaneous reading: under HIGH backpressure most subtasks read true.
    expect(subtasks.filter((st) => st.isBackPressured).length).toBeGreaterThan(subtasks.length / 2);
    for (const st of subtasks) {
      expect(st.shares5s.backPressured).toBeGreaterThan(500);
      expect(st.outPoolUsage).toBeGreaterThan(0.9);
      expect(st.shares5s.hardBackPressured).toBeGreaterThan(0);
      expect(st.shares5s.softBackPressured).toBeGreaterThan(0);
    }
  });

  it('is itself busy with a full input and not backpressured', () => {
    for (const st of vertex(m, ENRICH).subtasks) {
      expect(st.shares5s.busy).toBeGreaterThan(950);
      expect(st.shares5s.backPressured).toBe(0);
      expect(st.inPoolUsage).toBeGreaterThan(0.9);
      expect(st.inputFloatingBuffersUsage).toBeGreaterThan(0.9);
      expect(st.outPoolUsage).toBeLessThan(0.5);
    }
  });

  it('idles everything downstream', () => {
    for (const prefix of [WINDOW, SINK]) {
      for (const st of vertex(m, prefix).subtasks) {
        expect(st.shares5s.idle).toBeGreaterThan(500);
        expect(st.shares5s.backPressured).toBe(0);
      }
    }
  });

  it('lets event time fall behind: watermarks lag more and more', () => {
    const lagNow = m.now - vertex(m, WINDOW).subtasks[0]!.currentInputWatermark!;
    const later = at('sustained-bottleneck', 280_000);
    const lagLater = later.now - vertex(later, WINDOW).subtasks[0]!.currentInputWatermark!;
    expect(lagNow).toBeGreaterThan(20_000);
    expect(lagLater).toBeGreaterThan(lagNow + 20_000);
  });
});

describe('data skew (data-skew at 200 s)', () => {
  const m = at('data-skew', 200_000);

  it('makes the hot subtask busy while its peers idle', () => {
    const subs = vertex(m, WINDOW).subtasks;
    expect(subs[2]!.shares5s.busy).toBeGreaterThan(950);
    expect(subs[2]!.inPoolUsage).toBeGreaterThan(0.9);
    for (const k of [0, 1, 3]) {
      expect(subs[k]!.shares5s.busy).toBeLessThan(300);
      expect(subs[k]!.inPoolUsage).toBeLessThan(0.3);
    }
    expect(subs[2]!.numRecordsInPerSecond).toBeGreaterThan(5 * subs[0]!.numRecordsInPerSecond);
  });

  it('backpressures every upstream subtask, not just one', () => {
    for (const st of vertex(m, ENRICH).subtasks) expect(st.shares5s.backPressured).toBeGreaterThan(500);
  });
});

describe('network bottleneck (network-bottleneck at 200 s)', () => {
  const m = at('network-bottleneck', 200_000);

  it('fills the senders’ output pools while every receiver’s input stays low and idle', () => {
    for (const st of vertex(m, ENRICH).subtasks) {
      expect(st.outPoolUsage).toBeGreaterThan(0.9);
      expect(st.shares5s.backPressured).toBeGreaterThan(500);
    }
    for (const st of vertex(m, WINDOW).subtasks) {
      expect(st.inPoolUsage).toBeLessThan(0.3);
      expect(st.inputFloatingBuffersUsage).toBeLessThan(0.5);
      expect(st.shares5s.busy).toBeLessThan(300);
      expect(st.shares5s.idle).toBeGreaterThan(700);
    }
  });
});

describe('slow sink (slow-sink at 200 s)', () => {
  it('backpressures every vertex above the sink', () => {
    const m = at('slow-sink', 200_000);
    for (const prefix of [SRC, ENRICH, WINDOW]) {
      for (const st of vertex(m, prefix).subtasks) expect(st.shares5s.backPressured).toBeGreaterThan(500);
    }
    for (const st of vertex(m, SINK).subtasks) expect(st.shares5s.busy).toBeGreaterThan(950);
  });
});

describe('GC pause (gc-pauses: TaskManager 1 frozen 90–96 s)', () => {
  it('stalls only the subtasks on that TaskManager', () => {
    const m = createSimulation({ scenario: 'gc-pauses', seed: 1, startTime: START });
    m.advance(91_000);
    const tm1 = m.taskManagers[1]!.id;
    const before = m.jobs[0]!.vertices.map((v) => counters(v));
    const heartbeats = m.taskManagers.map((t) => t.lastHeartbeat);
    m.advance(4_000);
    m.jobs[0]!.vertices.forEach((v, k) => {
      v.subtasks.forEach((st, i) => {
        const b = before[k]![i]!;
        if (st.taskManagerId === tm1) {
          // Frozen: nothing processed, nothing emitted.
          expect(st.numRecordsIn).toBe(b.in);
          expect(st.numRecordsOut).toBe(b.out);
        } else if (v.isSource) {
          // Alive but blocked on the frozen receiver: backpressured.
          expect(st.accBackPressuredMs - b.bp).toBeGreaterThan(3_500);
        } else {
          expect(st.accBackPressuredMs - b.bp).toBe(0);
        }
      });
    });
    // Only the frozen JVM misses heartbeats.
    m.advance(6_000);
    m.taskManagers.forEach((t, k) => {
      const old = t.garbageCollectors.find((g) => g.name === 'G1 Old Generation')!;
      expect(old.count).toBe(k === 1 ? 1 : 0);
      expect(old.timeMs).toBe(k === 1 ? 6_000 : 0);
      if (k !== 1) expect(t.lastHeartbeat).toBeGreaterThan(heartbeats[k]!);
    });
    // Afterwards the frozen subtasks work again.
    const after = m.jobs[0]!.vertices.map((v) => counters(v));
    m.advance(2_000);
    m.jobs[0]!.vertices.forEach((v, k) => {
      const i = v.subtasks.findIndex((st) => st.taskManagerId === tm1);
      if (!v.isSink) expect(v.subtasks[i]!.numRecordsOut).toBeGreaterThan(after[k]![i]!.out);
    });
  });
});

describe('checkpoint alignment (checkpoint-spikes)', () => {
  it('holds the aligning vertex’s input for seconds, backpressuring upstream only meanwhile', () => {
    const m = createSimulation({ scenario: 'checkpoint-spikes', seed: 1, startTime: START });
    m.advance(50_000);
    const quiet = counters(vertex(m, ENRICH));
    m.advance(10_000);
    const beforeTrigger = counters(vertex(m, ENRICH));
    vertex(m, ENRICH).subtasks.forEach((st, i) => expect(st.accBackPressuredMs - quiet[i]!.bp).toBe(0));
    m.advance(100);
    const cp = m.jobs[0]!.checkpoints.at(-1)!;
    expect(cp.status).toBe('IN_PROGRESS');
    expect(cp.numAcknowledged).toBeLessThan(cp.numSubtasks);
    const align = cp.perVertex.find((p) => p.vertexId === vertex(m, WINDOW).id)!.alignmentMs;
    expect(align).toBeGreaterThanOrEqual(4_000);
    expect(align).toBeLessThanOrEqual(8_000);
    m.advance(align + 2_000);
    vertex(m, ENRICH).subtasks.forEach((st, i) =>
      expect(st.accBackPressuredMs - beforeTrigger[i]!.bp).toBeGreaterThan(align * 0.5),
    );
    // The window waited (idle) rather than worked while aligning.
    expect(m.jobs[0]!.checkpoints.find((c) => c.id === cp.id)!.status).toMatch(/COMPLETED|FAILED/);
    const afterwards = counters(vertex(m, ENRICH));
    m.advance(10_000);
    vertex(m, ENRICH).subtasks.forEach((st, i) => expect(st.accBackPressuredMs - afterwards[i]!.bp).toBe(0));
  });
});

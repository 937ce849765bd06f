// Restarts, rescales and the checkpoint lifecycle.

import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../../electron/simulator/model/index';
import { START } from './observe';
import { ENRICH, SINK, SRC, WINDOW, vertex } from './sim';

describe('restart (a sink subtask fails at 160 s, 10 s restart delay)', () => {
  it('goes RUNNING → RESTARTING → RUNNING with a new attempt, reset counters and the exception', () => {
    const m = createSimulation({ scenario: 'restart', seed: 1, startTime: START });
    m.advance(159_000);
    const job = m.jobs[0]!;
    const lastCompleted = job.checkpoints.filter((c) => c.status === 'COMPLETED').at(-1)!.id;
    const recordsBefore = vertex(m, ENRICH).subtasks[0]!.numRecordsIn;
    expect(job.state).toBe('RUNNING');
    expect(job.numRestarts).toBe(0);
    expect(vertex(m, SINK).subtasks.every((s) => s.attempt === 0)).toBe(true);

    m.advance(2_000);
    expect(job.state).toBe('RESTARTING');
    expect(job.stateTimestamps.RESTARTING).toBe(START + 160_000);
    expect(job.numRestarts).toBe(1);
    expect(job.exceptions).toHaveLength(1);
    const ex = job.exceptions[0]!;
    expect(ex.exceptionName).toBe('java.io.IOException');
    expect(ex.taskName).toBe('Sink: Elasticsearch7 orders.enriched.v2 (3/4)#0');
    expect(ex.stacktrace.startsWith('java.io.IOException: Elasticsearch bulk request failed')).toBe(true);
    expect(ex.taskManagerId).toBe(vertex(m, SINK).subtasks[2]!.taskManagerId);
    expect(vertex(m, SINK).subtasks[2]!.status).toBe('FAILED');
    expect(vertex(m, SRC).subtasks.every((s) => s.status === 'CANCELED')).toBe(true);
    expect(job.checkpoints.some((c) => c.status === 'IN_PROGRESS')).toBe(false);

    m.advance(10_500);
    expect(job.state).toBe('RUNNING');
    expect(job.stateTimestamps.RUNNING).toBe(START + 170_000);
    expect(job.restoredCheckpointId).toBe(lastCompleted);
    for (const v of job.vertices) {
      for (const st of v.subtasks) {
        expect(st.attempt).toBe(1);
        expect(st.startTime).toBe(START + 170_000);
        expect(st.status).toBe('INITIALIZING');
      }
    }
    m.advance(5_000);
    const enrich = vertex(m, ENRICH).subtasks[0]!;
    expect(enrich.status).toBe('RUNNING');
    // Task metrics start over with the attempt.
    expect(enrich.numRecordsIn).toBeLessThan(recordsBefore / 10);
    expect(enrich.accBusyMs + enrich.accIdleMs + enrich.accBackPressuredMs).toBeLessThanOrEqual(
      m.now - enrich.startTime,
    );
    // Catching up on the rewound backlog backpressures enrichment behind the window.
    m.advance(20_000);
    expect(vertex(m, ENRICH).subtasks[0]!.shares5s.backPressured).toBeGreaterThan(100);
    expect(vertex(m, WINDOW).subtasks[0]!.shares5s.busy).toBeGreaterThan(950);
  });
});

describe('rescale (window 2 → 6 at 250 s)', () => {
  it('changes the parallelism, keeps attempt numbers monotonic and counts the rescale', () => {
    const m = createSimulation({ scenario: 'rescale', seed: 1, startTime: START });
    m.advance(249_000);
    const job = m.jobs[0]!;
    const window = vertex(m, WINDOW);
    expect(window.parallelism).toBe(2);
    expect(window.subtasks).toHaveLength(2);
    m.advance(1_100);
    expect(job.state).toBe('RESTARTING');
    m.advance(10_000);
    expect(job.state).toBe('RUNNING');
    expect(window.parallelism).toBe(6);
    expect(window.subtasks.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(window.subtasks.map((s) => s.attempt)).toEqual([1, 1, 0, 0, 0, 0]);
    expect(job.numRescales).toBe(1);
    expect(job.numRestarts).toBe(0);
    expect(job.exceptions).toHaveLength(0);
    expect(new Set(window.subtasks.map((s) => s.taskManagerId)).size).toBe(4);
    m.advance(60_000);
    // With enough capacity the job catches up without backpressure.
    for (const st of vertex(m, SRC).subtasks) expect(st.shares5s.backPressured).toBe(0);
  });
});

describe('checkpoints', () => {
  it('trigger every interval, grow in size, report per-vertex stats and sometimes fail', () => {
    const m = createSimulation({ scenario: 'healthy', seed: 1, startTime: START });
    m.advance(300_000);
    const cps = m.jobs[0]!.checkpoints;
    expect(cps.map((c) => c.triggerTs - START)).toEqual(
      [30, 60, 90, 120, 150, 180, 210, 240, 270, 300].map((s) => s * 1000),
    );
    const done = cps.filter((c) => c.status === 'COMPLETED');
    expect(done.at(-1)!.stateSize).toBeGreaterThan(done[0]!.stateSize);
    for (const c of done) {
      expect(c.numAcknowledged).toBe(c.numSubtasks);
      expect(c.endToEndMs).toBeGreaterThan(0);
      expect(c.perVertex).toHaveLength(4);
      expect(c.checkpointedSize).toBeLessThan(c.stateSize);
    }
    // Some seed among a few has a failed checkpoint, with a message.
    let failed = null;
    for (let seed = 1; seed <= 8 && !failed; seed++) {
      const s = createSimulation({ scenario: 'healthy', seed, startTime: START });
      s.advance(600_000);
      failed = s.jobs[0]!.checkpoints.find((c) => c.status === 'FAILED') ?? null;
    }
    expect(failed?.failureMessage).toBe('Asynchronous task checkpoint failed.');
    expect(failed!.failureTs).toBeGreaterThan(failed!.triggerTs);
  });
});

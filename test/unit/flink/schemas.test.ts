// Endpoint schemas against canned answers of different Flink versions: the normalised shape
// must be the same whichever version produced it.

import { describe, expect, it } from 'vitest';
import { readJobManagerSettings, parseFlinkDuration } from '../../../electron/flink/jm-config';
import { backpressureSchema } from '../../../electron/flink/schemas/backpressure';
import { checkpointStatsSchema, checkpointSubtasksSchema } from '../../../electron/flink/schemas/checkpoints';
import { exceptionsSchema } from '../../../electron/flink/schemas/exceptions';
import { jobDetailsSchema, jobPlanSchema } from '../../../electron/flink/schemas/jobs';
import { vertexDetailsSchema } from '../../../electron/flink/schemas/vertex';
import * as c from './canned';

describe('backpressure', () => {
  it('1.13–1.15: dashed level only, upper-cased, subtasks sorted by index', () => {
    const b = backpressureSchema.parse(c.backpressure114);
    expect(b.level).toBe('HIGH');
    expect(b.endTimestamp).toBe(1764118795000);
    expect(b.subtasks.map((s) => [s.subtask, s.level, s.ratio])).toEqual([
      [0, 'HIGH', 0.9],
      [1, 'LOW', 0.3],
    ]);
  });

  it('1.16+: camelCase key; "NaN" busy ratio of a legacy source stays NaN', () => {
    const b = backpressureSchema.parse(c.backpressure120);
    expect(b.level).toBe('LOW');
    expect(b.subtasks[1]).toMatchObject({ level: 'LOW', ratio: 0.2, idleRatio: 0.8 });
    expect(b.subtasks[0]!.busyRatio).toBeNaN();
  });

  it('"deprecated" answer (no sample yet) has no level and no subtasks', () => {
    expect(backpressureSchema.parse(c.backpressure112Deprecated)).toEqual({
      status: 'deprecated',
      level: null,
      endTimestamp: null,
      subtasks: [],
    });
  });

  it('rejects an unknown level instead of guessing', () => {
    expect(backpressureSchema.safeParse({ ...c.backpressure114, 'backpressure-level': 'medium' }).success).toBe(false);
  });
});

describe('exceptions, one shape for every version', () => {
  it('≤1.12 legacy fields: root exception then task exceptions', () => {
    const e = exceptionsSchema.parse(c.exceptions112);
    expect(e.entries.map((x) => [x.exceptionName, x.taskName, x.endpoint])).toEqual([
      ['java.lang.RuntimeException', null, null],
      ['java.io.IOException', 'Map -> Filter (2/4)', '10.0.0.1:41234'],
    ]);
  });

  it('1.13–1.20: exceptionHistory wins over the legacy fields, with concurrent exceptions', () => {
    const e = exceptionsSchema.parse(c.exceptions120);
    expect(e.entries).toHaveLength(1);
    expect(e.entries[0]).toMatchObject({
      exceptionName: 'java.lang.RuntimeException',
      endpoint: '10.0.0.1:41234',
      failureLabels: { type: 'user' },
    });
    expect(e.entries[0]!.concurrentExceptions[0]).toMatchObject({
      taskName: 'Sink: Print (1/2)',
      taskManagerId: 'tm0',
    });
  });

  it('2.x: history only, null task for a global failure, truncated flag kept', () => {
    const e = exceptionsSchema.parse(c.exceptions21);
    expect(e.truncated).toBe(true);
    expect(e.entries[0]).toMatchObject({
      exceptionName: 'org.apache.flink.util.FlinkException',
      taskName: null,
      endpoint: null,
    });
  });
});

describe('job details and plan', () => {
  it('end-time -1 → null, "NaN" accumulated busy time → NaN, plan edges from inputs[], topological order', () => {
    const j = jobDetailsSchema.parse(c.jobDetails116);
    expect(j.endTime).toBeNull();
    const src = j.vertices.find((v) => v.id === c.SRC)!;
    expect(src.accumulatedBusyMs).toBeNaN();
    expect(src.accumulatedBackPressuredMs).toBe(7000);
    expect(j.plan!.edges).toEqual([
      { source: c.MAP, target: c.SINK, shipStrategy: 'REBALANCE', exchange: 'pipelined_bounded' },
      { source: c.SRC, target: c.MAP, shipStrategy: 'HASH', exchange: 'pipelined_bounded' },
    ]);
    expect(j.topoOrder).toEqual([c.SRC, c.MAP, c.SINK]);
  });

  it('/plan gives the same edges', () => {
    expect(jobPlanSchema.parse(c.jobPlan).edges).toHaveLength(2);
  });
});

describe('vertex details', () => {
  it('maps subtask index → TaskManager id; endpoint preferred over host', () => {
    const v = vertexDetailsSchema.parse(c.vertex119);
    expect(v.taskManagerIds).toEqual([
      '10.0.0.0:41234-abcdef',
      '10.0.0.1:41234-abcdef',
      '10.0.0.0:41234-abcdef',
      '10.0.0.1:41234-abcdef',
    ]);
    expect(v.subtasks[1]!.endpoint).toBe('10.0.0.1:41234');
  });

  it('1.12-style subtasks (host, no taskmanager-id) leave the TaskManager unknown, not invented', () => {
    const old = {
      ...c.vertex119,
      subtasks: c.vertex119.subtasks.map(({ endpoint: _e, 'taskmanager-id': _t, ...s }) => s),
    };
    const v = vertexDetailsSchema.parse(old);
    expect(v.taskManagerIds).toEqual(['', '', '', '']);
    expect(v.subtasks[0]!.endpoint).toBe('10.0.0.0');
  });
});

describe('checkpoints', () => {
  it('history keeps order and status; -1 latest ack of an in-progress checkpoint → null', () => {
    const s = checkpointStatsSchema.parse(c.checkpoints);
    expect(s.history.map((h) => [h.id, h.status])).toEqual([
      [12, 'IN_PROGRESS'],
      [11, 'COMPLETED'],
      [10, 'FAILED'],
    ]);
    expect(s.history[0]!.latestAckTimestamp).toBeNull();
    expect(s.history[2]!.failureMessage).toBe('Checkpoint expired before completing.');
    expect(s.latestCompletedId).toBe(11);
  });

  it('subtask details: alignment and start delay per subtask; pending ones are NaN', () => {
    const d = checkpointSubtasksSchema.parse(c.checkpointSubtasks);
    expect(d.maxAlignmentMs).toBe(1800);
    expect(d.maxStartDelayMs).toBe(700);
    expect(d.subtasks[0]).toMatchObject({ index: 0, completed: true, alignmentMs: 1800, startDelayMs: 700, syncMs: 5 });
    expect(d.subtasks[1]!.completed).toBe(false);
    expect(d.subtasks[1]!.alignmentMs).toBeNaN();
  });
});

describe('JobManager settings', () => {
  it('defaults when keys are absent (only set keys appear)', () => {
    expect(readJobManagerSettings([])).toEqual({
      fetchIntervalMs: 10000,
      webRefreshIntervalMs: 3000,
      checkpointHistory: 10,
      warnings: [],
    });
  });

  it('reads ms numbers and Flink duration text', () => {
    const s = readJobManagerSettings([
      { key: 'metrics.fetcher.update-interval', value: '5 s' },
      { key: 'web.refresh-interval', value: '1000' },
      { key: 'web.checkpoints.history', value: '25' },
    ]);
    expect(s).toMatchObject({ fetchIntervalMs: 5000, webRefreshIntervalMs: 1000, checkpointHistory: 25, warnings: [] });
    expect(parseFlinkDuration('1 min')).toBe(60000);
    expect(parseFlinkDuration('250ms')).toBe(250);
  });

  it('an unparseable value falls back to the default with a warning naming the key', () => {
    const s = readJobManagerSettings([{ key: 'metrics.fetcher.update-interval', value: 'soon' }]);
    expect(s.fetchIntervalMs).toBe(10000);
    expect(s.warnings[0]).toContain('metrics.fetcher.update-interval');
  });
});

import { describe, expect, it } from 'vitest';
import type { CheckpointEntry, ExceptionEntry, VertexBackpressure } from '../../../electron/flink/index';
import { backpressureArrays, checkpointEvent, exceptionEvents } from '../../../electron/recorder/normalise';
import { epochMs } from '../../../shared/time';

const entry = (over: Partial<CheckpointEntry>): CheckpointEntry => ({
  id: 7,
  status: 'COMPLETED',
  isSavepoint: false,
  triggerTimestamp: 1_000,
  latestAckTimestamp: 3_500,
  endToEndMs: 2_500,
  stateSize: 100,
  checkpointedSize: 10,
  processedData: 0,
  persistedData: 0,
  numSubtasks: 4,
  numAcknowledged: 4,
  checkpointType: 'CHECKPOINT',
  externalPath: null,
  failureTimestamp: null,
  failureMessage: null,
  ...over,
});

describe('checkpointEvent', () => {
  it('spans trigger to trigger + end-to-end duration when completed', () => {
    const e = checkpointEvent(1, 'j', entry({}), 350, epochMs(9_000));
    expect([e.triggerTs, e.endTs, e.alignmentMs]).toEqual([1_000, 3_500, 350]);
  });

  it('ends an in-progress checkpoint at its latest acknowledgement, or now before any', () => {
    expect(
      checkpointEvent(1, 'j', entry({ status: 'IN_PROGRESS', latestAckTimestamp: 2_000 }), null, epochMs(9_000)).endTs,
    ).toBe(2_000);
    expect(
      checkpointEvent(1, 'j', entry({ status: 'IN_PROGRESS', latestAckTimestamp: null }), null, epochMs(9_000)).endTs,
    ).toBe(9_000);
  });

  it('ends a failed checkpoint when it failed, and keeps the reason', () => {
    const e = checkpointEvent(
      1,
      'j',
      entry({ status: 'FAILED', failureTimestamp: 4_000, failureMessage: 'Checkpoint expired' }),
      null,
      epochMs(9_000),
    );
    expect([e.endTs, e.failureMessage]).toEqual([4_000, 'Checkpoint expired']);
  });

  it('stores whole milliseconds even if a server sends fractions', () => {
    const e = checkpointEvent(
      1,
      'j',
      entry({ triggerTimestamp: 1_000.4, endToEndMs: 2_500.4 }),
      Number.NaN,
      epochMs(0),
    );
    expect([e.triggerTs, e.endTs, e.alignmentMs]).toEqual([1_000, 3_501, null]);
  });
});

describe('backpressureArrays', () => {
  const bp = (status: 'ok' | 'deprecated'): VertexBackpressure => ({
    status,
    level: 'HIGH',
    endTimestamp: 5,
    subtasks: [
      { subtask: 1, level: 'HIGH', ratio: 0.9, idleRatio: 0, busyRatio: 0.1, attemptNumber: null },
      { subtask: 0, level: 'OK', ratio: 0, idleRatio: 0.5, busyRatio: Number.NaN, attemptNumber: null },
      { subtask: 9, level: 'OK', ratio: 0, idleRatio: 0, busyRatio: 0, attemptNumber: null },
    ],
  });

  it('places each subtask by index, ms/s for busy and idle, NaN where not reported', () => {
    const a = backpressureArrays(bp('ok'), 3);
    expect([...a.backPressureRatio!]).toEqual([0, 0.9, Number.NaN]);
    expect([...a.idleTimeMsPerSecond!]).toEqual([500, 0, Number.NaN]);
    expect([...a.busyTimeMsPerSecond!]).toEqual([Number.NaN, 100, Number.NaN]);
  });

  it('stores nothing while the endpoint has no data yet ("deprecated")', () => {
    expect(backpressureArrays(bp('deprecated'), 3)).toEqual({});
  });
});

describe('exceptionEvents', () => {
  const ex = (timestamp: number, stacktrace: string): ExceptionEntry => ({
    exceptionName: 'java.lang.RuntimeException',
    stacktrace,
    timestamp,
    taskName: 'Map (1/2)',
    endpoint: null,
    taskManagerId: null,
    failureLabels: {},
    concurrentExceptions: [],
  });

  it('keeps only exceptions after the last one seen, oldest first, with the first stack line', () => {
    const events = exceptionEvents(1, 'j', [ex(300, 'boom <b>x</b>\n\tat A'), ex(200, 'older'), ex(100, 'seen')], 100);
    expect(events.map((e) => [e.ts, e.message])).toEqual([
      [200, 'older'],
      [300, 'boom <b>x</b>'],
    ]);
  });
});

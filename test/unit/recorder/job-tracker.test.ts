import { describe, expect, it } from 'vitest';
import { trackJob, type JobSnapshot, type JobTrackerState } from '../../../electron/recorder/job-tracker';
import { epochMs } from '../../../shared/time';

const snap = (over: Partial<JobSnapshot> = {}): JobSnapshot => ({
  state: 'RUNNING',
  numRestarts: 0,
  parallelism: new Map([
    ['a', 2],
    ['b', 4],
  ]),
  edges: [{ source: 'a', target: 'b', shipStrategy: 'HASH' }],
  ...over,
});

describe('trackJob', () => {
  it('starts with the state the job is in', () => {
    const s: JobTrackerState = { last: null };
    expect(trackJob(s, 1, 'j', snap(), epochMs(5))).toEqual([
      { kind: 'state', clusterId: 1, jobId: 'j', ts: 5, from: null, to: 'RUNNING' },
    ]);
  });

  it('reports nothing when nothing changed', () => {
    const s: JobTrackerState = { last: null };
    trackJob(s, 1, 'j', snap(), epochMs(0));
    expect(trackJob(s, 1, 'j', snap(), epochMs(10))).toEqual([]);
  });

  it('reports a restart with its state transitions', () => {
    const s: JobTrackerState = { last: null };
    trackJob(s, 1, 'j', snap(), epochMs(0));
    expect(trackJob(s, 1, 'j', snap({ state: 'RESTARTING', numRestarts: 1 }), epochMs(10)).map((e) => e.kind)).toEqual([
      'state',
      'restart',
    ]);
    expect(trackJob(s, 1, 'j', snap({ numRestarts: 1 }), epochMs(20))).toEqual([
      { kind: 'state', clusterId: 1, jobId: 'j', ts: 20, from: 'RESTARTING', to: 'RUNNING' },
    ]);
  });

  it('reports a rescale per vertex without calling it a plan change', () => {
    const s: JobTrackerState = { last: null };
    trackJob(s, 1, 'j', snap(), epochMs(0));
    const parallelism = new Map([
      ['a', 2],
      ['b', 8],
    ]);
    expect(trackJob(s, 1, 'j', snap({ parallelism }), epochMs(10))).toEqual([
      { kind: 'rescale', clusterId: 1, jobId: 'j', ts: 10, vertexId: 'b', from: 4, to: 8 },
    ]);
  });

  it('reports a plan change when edges change, regardless of their order', () => {
    const s: JobTrackerState = { last: null };
    trackJob(s, 1, 'j', snap(), epochMs(0));
    expect(
      trackJob(s, 1, 'j', snap({ edges: [{ source: 'a', target: 'b', shipStrategy: 'REBALANCE' }] }), epochMs(10)).map(
        (e) => e.kind,
      ),
    ).toEqual(['plan-change']);
  });
});

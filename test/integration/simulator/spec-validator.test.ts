// The spec validator must be able to fail: it rejects unknown fields, wrong types and fields of
// another version, and accepts only the documented hidden fields.

import { describe, expect, it } from 'vitest';
import { loadSpecValidator } from './spec-validator';

const BP = '/jobs/:jobid/vertices/:vertexid/backpressure';
const ok = { status: 'ok', 'end-timestamp': 1, subtasks: [{ subtask: 0, ratio: 0.2, idleRatio: 0.5, busyRatio: 0.3 }] };

describe('spec validator', () => {
  it('accepts the hidden backpressure-level next to backpressureLevel (1.20)', () => {
    const v = loadSpecValidator('1.20');
    const body = { ...ok, 'backpressure-level': 'low', backpressureLevel: 'low' };
    expect(v.validate(BP, body)).toEqual([]);
  });

  it('rejects backpressureLevel on 1.14, where it did not exist yet', () => {
    const v = loadSpecValidator('1.14');
    expect(v.validate(BP, { ...ok, 'backpressure-level': 'low' })).toEqual([]);
    expect(v.validate(BP, { ...ok, backpressureLevel: 'low' }).join()).toContain('backpressureLevel');
  });

  it('rejects a misspelt field and a wrongly typed one', () => {
    const v = loadSpecValidator('2.1');
    expect(v.validate('/overview', { taskmanagers: 1, 'slots-totals': 4 }).join()).toContain('slots-totals');
    expect(v.validate('/overview', { taskmanagers: '1' }).join()).toContain('must be integer');
  });

  it('rejects legacy exception fields on 2.1 and accepts them on 1.20', () => {
    const legacy = {
      'root-exception': 'x',
      timestamp: 1,
      'all-exceptions': [],
      truncated: false,
      exceptionHistory: { entries: [], truncated: false },
    };
    expect(loadSpecValidator('1.20').validate('/jobs/:jobid/exceptions', legacy)).toEqual([]);
    expect(loadSpecValidator('2.1').validate('/jobs/:jobid/exceptions', legacy).join()).toContain('root-exception');
  });

  it('checks checkpoint history entries by their className subtype', () => {
    const v = loadSpecValidator('1.18');
    const base = { id: 1, status: 'COMPLETED', trigger_timestamp: 1, tasks: {} };
    const body = (entry: object) => ({ counts: {}, history: [entry] });
    expect(
      v.validate('/jobs/:jobid/checkpoints', body({ ...base, className: 'completed', external_path: 'x' })),
    ).toEqual([]);
    expect(
      v.validate('/jobs/:jobid/checkpoints', body({ ...base, className: 'in_progress', external_path: 'x' })).join(),
    ).toContain('external_path');
    expect(v.validate('/jobs/:jobid/checkpoints', body(base)).join()).toContain('className');
  });

  it('takes metric endpoints as bare arrays of string values', () => {
    const v = loadSpecValidator('1.16');
    expect(v.validate('/jobs/:jobid/metrics', [{ id: 'numRestarts', value: '0' }])).toEqual([]);
    expect(v.validate('/jobs/:jobid/metrics', [{ id: 'numRestarts', value: 0 }]).join()).toContain('must be string');
    expect(v.validate('/jobs/:jobid/metrics', { metrics: [] }).join()).toContain('must be array');
  });

  it('allows skew only from 1.20', () => {
    const agg = '/jobs/:jobid/vertices/:vertexid/subtasks/metrics';
    const row = [{ id: 'numRecordsInPerSecond', min: 1, max: 2, avg: 1.5, sum: 3, skew: 33 }];
    expect(loadSpecValidator('1.20').validate(agg, row)).toEqual([]);
    expect(loadSpecValidator('1.18').validate(agg, row).join()).toContain('skew');
  });
});

import { describe, expect, it } from 'vitest';
import type { VertexFrame } from '../../../shared/model';
import { epochMs } from '../../../shared/time';
import { aggregatesWithoutFrames, counterRates } from '../../../electron/service/gauge-fallback';

const frame = (ts: number, subtasks: VertexFrame['subtasks'], parallelism = 2): VertexFrame => ({
  clusterId: 1,
  jobId: 'j',
  vertexId: 'v',
  ts: epochMs(ts),
  parallelism,
  subtasks,
});

describe('vertex detail gauges', () => {
  it('the cluster aggregate stands in only where no frame carries the gauge per subtask', () => {
    const frames = [frame(5000, { inPoolUsage: Float64Array.of(0.2, 0.4) }), frame(10_000, {})];
    const aggs = [
      { ts: 5000, metric: 'inPoolUsage' as const, min: 0.1, max: 0.9 },
      { ts: 10_000, metric: 'inPoolUsage' as const, min: 0.3, max: 0.5 },
      { ts: 10_000, metric: 'numRecordsInPerSecond' as const, min: 100, max: 400 },
      { ts: 15_000, metric: 'numRecordsInPerSecond' as const, min: NaN, max: NaN },
    ];
    const got = aggregatesWithoutFrames(frames, aggs, ['inPoolUsage', 'numRecordsInPerSecond']);
    expect(got.get('inPoolUsage')!.map((a) => a.ts)).toEqual([10_000]);
    expect(got.get('numRecordsInPerSecond')!.map((a) => [a.min, a.max])).toEqual([[100, 400]]);
  });

  it('records per second per subtask from the counters, skipping ticks that repeated the last fetch', () => {
    const frames = [
      frame(0, { numRecordsIn: Float64Array.of(1000, 2000) }),
      frame(5000, { numRecordsIn: Float64Array.of(6000, 2000) }),
      frame(10_000, { numRecordsIn: Float64Array.of(6000, 2000) }), // repeated: nothing moved
      frame(15_000, { numRecordsIn: Float64Array.of(11_000, 1000) }), // subtask 1 restarted
    ];
    const r = counterRates(frames, 'numRecordsIn')!;
    expect(r[0]).toBeCloseTo(500);
    expect(r[1]).toBeNaN();
    expect(counterRates(frames, 'numRecordsOut')).toBeNull();
    expect(counterRates(frames.slice(0, 1), 'numRecordsIn')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import {
  combineTaskManagerValues,
  gcCollectorName,
  gcCollectorValues,
  resolveSubtaskMetrics,
  resolveTaskManagerMetrics,
  taskManagerRequestIds,
} from '../../../electron/flink/metric-names';
import { tmMetricList120 } from './canned';

// Vertex `/metrics` list of a 1.12 cluster: `<i>.` prefix, Shuffle.Netty and legacy buffers.*,
// no backPressuredTimeMsPerSecond (1.13+), no accumulate* (1.16+).
const list112 = [0, 1].flatMap((i) =>
  [
    'isBackPressured',
    'idleTimeMsPerSecond',
    'buffers.inPoolUsage',
    'buffers.outPoolUsage',
    'buffers.inputFloatingBuffersUsage',
    'buffers.inputExclusiveBuffersUsage',
    'buffers.inputQueueLength',
    'buffers.outputQueueLength',
    'Shuffle.Netty.Input.Buffers.inPoolUsage',
    'Shuffle.Netty.Output.Buffers.outPoolUsage',
    'Shuffle.Netty.Input.numBytesInLocal',
    'numBytesInLocal',
    'numBytesInRemote',
    'numRecordsIn',
    'numRecordsOut',
    'numRecordsInPerSecond',
    'Source__Kafka.numRecordsOut',
  ].map((m) => `${i}.${m}`),
);

// `/subtasks/metrics` list of a 1.16 cluster (no prefix): everything incl. legacy names.
const list116 = [
  'isBackPressured',
  'idleTimeMsPerSecond',
  'busyTimeMsPerSecond',
  'backPressuredTimeMsPerSecond',
  'softBackPressuredTimeMsPerSecond',
  'hardBackPressuredTimeMsPerSecond',
  'accumulateBackPressuredTimeMs',
  'accumulateIdleTimeMs',
  'accumulateBusyTimeMs',
  'buffers.inPoolUsage',
  'Shuffle.Netty.Input.Buffers.inPoolUsage',
  'buffers.outPoolUsage',
  'Shuffle.Netty.Output.Buffers.outPoolUsage',
  'Shuffle.Netty.Input.Buffers.inputFloatingBuffersUsage',
  'buffers.inputFloatingBuffersUsage',
  'Shuffle.Netty.Input.Buffers.inputExclusiveBuffersUsage',
  'Shuffle.Netty.Input.Buffers.inputQueueLength',
  'Shuffle.Netty.Output.Buffers.outputQueueLength',
  'numBytesInLocal',
  'Shuffle.Netty.Input.numBytesInLocal',
  'numBytesInRemote',
  'Shuffle.Netty.Input.numBytesInRemote',
  'numBuffersInLocal',
  'Shuffle.Netty.Input.numBuffersInLocal',
  'numBuffersInRemote',
  'Shuffle.Netty.Input.numBuffersInRemote',
  'numRecordsIn',
  'numRecordsOut',
  'numBytesOut',
  'numBuffersOut',
  'numRecordsInPerSecond',
  'numRecordsOutPerSecond',
];

// 2.x: legacy buffers.* gone; task-level numBytesInLocal still registered.
const list21 = list116
  .filter((m) => !m.startsWith('buffers.'))
  .filter((m) => m !== 'Shuffle.Netty.Input.numBytesInLocal');

describe('resolveSubtaskMetrics', () => {
  it('1.12-style prefixed list: strips the index, prefers Shuffle.Netty, falls back to buffers.*', () => {
    const r = resolveSubtaskMetrics(list112);
    expect(r.ids.inPoolUsage).toBe('Shuffle.Netty.Input.Buffers.inPoolUsage');
    expect(r.ids.outPoolUsage).toBe('Shuffle.Netty.Output.Buffers.outPoolUsage');
    expect(r.ids.inputFloatingBuffersUsage).toBe('buffers.inputFloatingBuffersUsage');
    expect(r.ids.inputQueueLength).toBe('buffers.inputQueueLength');
    expect(r.ids.numBytesInLocal).toBe('Shuffle.Netty.Input.numBytesInLocal');
    expect(r.ids.numBytesInRemote).toBe('numBytesInRemote');
    expect(r.ids.isBackPressured).toBe('isBackPressured');
    // Operator-scoped ids never resolve a task-level key.
    expect(r.ids.numRecordsOut).toBe('numRecordsOut');
    expect(r.missing).toEqual(
      expect.arrayContaining([
        'backPressuredTimeMsPerSecond',
        'busyTimeMsPerSecond',
        'accumulateBusyTimeMs',
        'softBackPressuredTimeMsPerSecond',
      ]),
    );
    expect(r.ids.backPressuredTimeMsPerSecond).toBeUndefined();
    expect(r.missing).not.toContain('backPressureRatio');
  });

  it('1.16-style list resolves every metric key to the current names', () => {
    const r = resolveSubtaskMetrics(list116);
    expect(r.missing).toEqual([]);
    expect(r.ids.inPoolUsage).toBe('Shuffle.Netty.Input.Buffers.inPoolUsage');
    expect(r.ids.inputFloatingBuffersUsage).toBe('Shuffle.Netty.Input.Buffers.inputFloatingBuffersUsage');
    expect(r.ids.numBuffersInRemote).toBe('Shuffle.Netty.Input.numBuffersInRemote');
    expect(r.ids.accumulateBackPressuredTimeMs).toBe('accumulateBackPressuredTimeMs');
  });

  it('2.x-style list: Shuffle.Netty only, task-level local bytes as fallback', () => {
    const r = resolveSubtaskMetrics(list21);
    expect(r.missing).toEqual([]);
    expect(r.ids.outPoolUsage).toBe('Shuffle.Netty.Output.Buffers.outPoolUsage');
    expect(r.ids.numBytesInLocal).toBe('numBytesInLocal');
  });

  it('an empty list (vertex without metrics yet) resolves nothing and says so', () => {
    const r = resolveSubtaskMetrics([]);
    expect(r.ids).toEqual({});
    expect(r.missing).toHaveLength(25);
  });
});

describe('resolveTaskManagerMetrics', () => {
  it('discovers G1 collectors, skips the All aggregate, prefers Status.Shuffle.Netty', () => {
    const r = resolveTaskManagerMetrics(tmMetricList120.map((m) => m.id));
    expect(r.gcCollectors).toEqual(['G1_Old_Generation', 'G1_Young_Generation']);
    expect(r.ids.gcTimeMs).toEqual([
      'Status.JVM.GarbageCollector.G1_Old_Generation.Time',
      'Status.JVM.GarbageCollector.G1_Young_Generation.Time',
    ]);
    expect(r.ids.nettyAvailableSegments).toEqual(['Status.Shuffle.Netty.AvailableMemorySegments']);
    expect(r.missing).toEqual([]);
    expect(taskManagerRequestIds(r)).toHaveLength(9);
  });

  it('legacy Status.Network and Parallel GC collector names (1.12-style)', () => {
    const r = resolveTaskManagerMetrics([
      'Status.JVM.GarbageCollector.PS_Scavenge.Count',
      'Status.JVM.GarbageCollector.PS_Scavenge.Time',
      'Status.JVM.GarbageCollector.PS_MarkSweep.Count',
      'Status.JVM.GarbageCollector.PS_MarkSweep.Time',
      'Status.Network.AvailableMemorySegments',
      'Status.Network.TotalMemorySegments',
      'Status.JVM.Memory.Heap.Used',
    ]);
    expect(r.gcCollectors).toEqual(['PS_MarkSweep', 'PS_Scavenge']);
    expect(r.ids.nettyTotalSegments).toEqual(['Status.Network.TotalMemorySegments']);
    expect(r.missing).toEqual(['heapMax', 'cpuLoad']);
  });

  it('gives each collector its JVM name and values; only `All` (1.19+) leaves nothing per collector', () => {
    const r = resolveTaskManagerMetrics(tmMetricList120.map((m) => m.id));
    const values = new Map([
      ['Status.JVM.GarbageCollector.G1_Young_Generation.Count', 10],
      ['Status.JVM.GarbageCollector.G1_Young_Generation.Time', 300],
      ['Status.JVM.GarbageCollector.G1_Old_Generation.Time', 2812],
    ]);
    const out = gcCollectorValues(r, values);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({ collector: 'G1 Old Generation', timeMs: 2812 });
    expect(out[0]!.count).toBeNaN();
    expect(out[1]).toEqual({ collector: 'G1 Young Generation', timeMs: 300, count: 10 });
    expect(gcCollectorName('PS_MarkSweep')).toBe('PS MarkSweep');
    const onlyAll = resolveTaskManagerMetrics([
      'Status.JVM.GarbageCollector.All.Count',
      'Status.JVM.GarbageCollector.All.Time',
    ]);
    expect(onlyAll.ids.gcTimeMs).toEqual(['Status.JVM.GarbageCollector.All.Time']);
    expect(gcCollectorValues(onlyAll, new Map([['Status.JVM.GarbageCollector.All.Time', 5]]))).toEqual([]);
  });

  it('sums collectors; a missing part makes the sum NaN instead of a smaller number', () => {
    const r = resolveTaskManagerMetrics(tmMetricList120.map((m) => m.id));
    const values = new Map([
      ['Status.JVM.GarbageCollector.G1_Young_Generation.Count', 10],
      ['Status.JVM.GarbageCollector.G1_Old_Generation.Count', 2],
      ['Status.JVM.GarbageCollector.G1_Young_Generation.Time', 300],
      ['Status.JVM.Memory.Heap.Used', 5e8],
    ]);
    const out = combineTaskManagerValues(r, values);
    expect(out.gcCount).toBe(12);
    expect(out.gcTimeMs).toBeNaN();
    expect(out.heapUsed).toBe(5e8);
    expect(out.cpuLoad).toBeNaN();
  });
});

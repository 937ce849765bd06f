// The words for a change: the verdict first, the measures that moved after it, counts with chance.
import { expect, it } from 'vitest';
import { judge, judgeCounts, type Change } from '../../../shared/compare/change';
import { vertexText } from '../../../shared/compare/compare-vertex';
import type { VertexMeasureChanges } from '../../../shared/compare/document';
import { changedTexts, changeText } from '../../../shared/compare/words';

const same = (x: number): Change => judge(x, x, 0.05, 'lower-better');

function measures(over: Partial<VertexMeasureChanges>): VertexMeasureChanges {
  return {
    highShare: same(0),
    lowShare: same(0),
    ratioP50: same(0),
    ratioP95: same(0),
    busyP50: same(0.4),
    busyP95: same(0.4),
    recordsInPerSec: judge(null, null, 0, 'higher-better'),
    recordsOutPerSec: judge(null, null, 0, 'higher-better'),
    outPoolUsage: same(0.1),
    inPoolUsage: same(0.1),
    ...over,
  };
}

const WINDOW = 'Window(TumblingEventTimeWindows(60000), EventTimeTrigger) -> Map';

it('words a fixed bottleneck and a new one the way the issue asks', () => {
  expect(vertexText(WINDOW, 'resolved', measures({ busyP95: judge(0.95, 0.4, 0.05, 'neutral') }))).toBe(
    'Window(…): no longer the bottleneck; busy 95 % → 40 %',
  );
  expect(vertexText('Sink: Kafka', 'new-bottleneck', measures({ busyP95: judge(0.3, 0.8, 0.05, 'neutral') }))).toBe(
    'Sink: Kafka: now busy 80 %, the new bottleneck',
  );
  // A bottleneck that is not busy is named by its cause, and its busy change is a detail.
  expect(
    vertexText('Enrich', 'new-bottleneck', measures({ busyP95: judge(0.2, 0.36, 0.05, 'neutral') }), 'GC pause'),
  ).toBe('Enrich: the new bottleneck (GC pause); busy 20 % → 36 %');
});

it('leaves out what stayed within the noise, and says so when nothing moved', () => {
  const m = measures({
    busyP95: judge(0.5, 0.53, 0.05, 'neutral'),
    highShare: judge(0.66, 0, 0.08, 'lower-better'),
  });
  expect(vertexText('Source: Kafka -> Map', 'better', m)).toBe(
    'Source: Kafka: less backpressure; HIGH 66 % → 0 % of the time',
  );
  expect(vertexText('Sink', 'unchanged', measures({}))).toBe('Sink: no backpressure in either session');
  expect(changeText('busy', judge(0.5, 0.53, 0.05, 'neutral'), 'percent')).toBe('busy 50 % ≈ 53 % (unchanged)');
});

it('always names counted events either session had, within chance or not', () => {
  const hour = 3_600_000;
  expect(
    changedTexts([
      ['restarts', judgeCounts(0, hour, 1, hour, 'lower-better'), 'count'],
      ['failed checkpoints', judgeCounts(0, hour, 0, hour, 'lower-better'), 'count'],
      ['failed checkpoints', judgeCounts(0, hour, 6, hour, 'lower-better'), 'count'],
    ]),
  ).toEqual(['restarts 0 → 1 (within chance)', 'failed checkpoints 0 → 6']);
});

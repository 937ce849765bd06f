// Series as Flink's PrometheusReporter names them (here: what the simulator's reporter serves for
// the fixture model) become the frames a REST recording of the same instants holds: the same
// canonical metrics from the same best ids, per subtask, with gaps where the store has nothing.

import { describe, expect, it } from 'vitest';
import type { RangeSeries } from '../../../electron/prometheus/range';
import { taskManagerFrames, vertexFrames } from '../../../electron/import/prometheus/frames';
import { promqlString, taskManagerRestId, vertexSelector } from '../../../electron/import/prometheus/families';
import { releaseFromTaskMetrics } from '../../../electron/import/prometheus/release';
import { scrapeInterval } from '../../../electron/import/prometheus/step';
import { jobManagerFamilies, taskManagerFamilies, type MetricFamily } from '../../../electron/simulator/prometheus';
import { buildMetricStore, type MetricStore } from '../../../electron/simulator/versions/metric-store';
import { profileFor } from '../../../electron/simulator/versions/profile';
import { FIXTURE_JOB_ID, FixtureModel, MAP_ID } from '../../fixtures/sim-fixture';

const STEP = 10_000;

/** The families of every process at grid instant `i`, as a range answer would hold them. */
function asSeries(families: MetricFamily[], grid: { start: number }, i: number): RangeSeries[] {
  return families.flatMap((f) =>
    f.samples.map((s) => ({
      labels: { __name__: f.name, ...Object.fromEntries(s.labels) },
      timestamps: [grid.start + i * STEP],
      values: [s.value],
    })),
  );
}

function scrape(model: FixtureModel, store: MetricStore): MetricFamily[] {
  return [
    ...jobManagerFamilies(model, store),
    ...model.taskManagers.flatMap((tm) => taskManagerFamilies(model, tm, store)),
  ];
}

/** Joins single-instant series of the same label set. */
function joined(parts: RangeSeries[]): RangeSeries[] {
  const by = new Map<string, RangeSeries>();
  for (const p of parts) {
    const k = JSON.stringify(p.labels);
    const s = by.get(k);
    if (s) {
      s.timestamps.push(...p.timestamps);
      s.values.push(...p.values);
    } else by.set(k, { labels: p.labels, timestamps: [...p.timestamps], values: [...p.values] });
  }
  return [...by.values()];
}

describe('imported frames', () => {
  const model = new FixtureModel();
  const grid = { start: model.now, end: model.now + 2 * STEP, stepMs: STEP };
  const first = buildMetricStore(model, profileFor('1.20'), null);
  model.advance(2 * STEP);
  const third = buildMetricStore(model, profileFor('1.20'), first);
  // Nothing was scraped at the middle instant.
  const series = joined([...asSeries(scrape(model, first), grid, 0), ...asSeries(scrape(model, third), grid, 2)]);
  const vertex = model.jobs[0]!.vertices.find((v) => v.id === MAP_ID)!;
  const mine = series.filter(
    (s) => s.labels.task_id === MAP_ID && s.labels.__name__!.startsWith('flink_taskmanager_job_task_'),
  );
  const imported = vertexFrames(1, FIXTURE_JOB_ID, MAP_ID, mine, grid)!;

  it('has a frame per scraped instant and a gap where nothing was scraped', () => {
    expect(imported.frames.map((f) => f.ts)).toEqual([grid.start, grid.start + 2 * STEP]);
    expect(imported.parallelism).toBe(vertex.parallelism);
    expect(imported.name).toBe(vertex.name.replace(/[^a-zA-Z0-9:_]/g, '_'));
  });

  it("holds the REST API's values of the same instant, from the same ids", () => {
    for (const [frame, store] of [
      [imported.frames[0]!, first],
      [imported.frames[1]!, third],
    ] as const) {
      const rest = store.jobs.get(FIXTURE_JOB_ID)!.vertices.get(MAP_ID)!;
      for (const s of vertex.subtasks) {
        const m = rest.get(s.index)!;
        expect(frame.subtasks.busyTimeMsPerSecond![s.index]).toBe(Number(m.get('busyTimeMsPerSecond')));
        expect(frame.subtasks.accumulateBackPressuredTimeMs![s.index]).toBe(
          Number(m.get('accumulateBackPressuredTimeMs')),
        );
        expect(frame.subtasks.inPoolUsage![s.index]).toBe(Number(m.get('Shuffle.Netty.Input.Buffers.inPoolUsage')));
        expect(frame.subtasks.isBackPressured![s.index]).toBe(m.get('isBackPressured') === 'true' ? 1 : 0);
        expect(frame.subtasks.numRecordsInPerSecond![s.index]).toBe(Number(m.get('numRecordsInPerSecond')));
      }
      expect(frame.subtasks.backPressureRatio).toBeUndefined();
    }
  });

  it('places subtasks on their TaskManagers, once until the placement changes', () => {
    expect(imported.frames[0]!.taskManagers).toEqual(
      vertex.subtasks.map((s) => s.taskManagerId.replace(/[^a-zA-Z0-9:_]/g, '_')),
    );
    expect(imported.frames[1]!.taskManagers).toBeUndefined();
  });

  it('sums GC over collectors per TaskManager, as the REST recorder does', () => {
    const { frames: tmFrames, gcSamples } = taskManagerFrames(1, series, grid);
    expect(tmFrames).toHaveLength(2 * model.taskManagers.length);
    const tm = model.taskManagers[0]!;
    const at0 = tmFrames.find((f) => f.ts === grid.start && f.taskManagerId === tm.id.replace(/[^a-zA-Z0-9:_]/g, '_'))!;
    const rest = first.taskManagers.get(tm.id)!;
    const gcTime = [...rest]
      .filter(([id]) => /^Status\.JVM\.GarbageCollector\.(?!All\.).+\.Time$/.test(id))
      .reduce((n, [, v]) => n + Number(v), 0);
    expect(at0.values.gcTimeMs).toBe(gcTime);
    expect(at0.values.heapUsed).toBe(Number(rest.get('Status.JVM.Memory.Heap.Used')));
    expect(at0.values.nettyTotalSegments).toBe(Number(rest.get('Status.Shuffle.Netty.TotalMemorySegments')));
    const collectors = gcSamples.filter((g) => g.ts === grid.start && g.taskManagerId === at0.taskManagerId);
    expect(collectors.map((g) => g.collector).sort()).toEqual(tm.garbageCollectors.map((g) => g.name).sort());
    expect(collectors.reduce((n, g) => n + g.timeMs, 0)).toBe(gcTime);
  });

  it('reads nothing from series it does not know', () => {
    expect(
      vertexFrames(
        1,
        FIXTURE_JOB_ID,
        MAP_ID,
        [{ labels: { __name__: 'up' }, timestamps: [grid.start], values: [1] }],
        grid,
      ),
    ).toBeNull();
    expect(taskManagerRestId('flink_taskmanager_Status_JVM_GarbageCollector_G1_Old_Generation_Time')).toBe(
      'Status.JVM.GarbageCollector.G1_Old_Generation.Time',
    );
    expect(taskManagerRestId('flink_taskmanager_Status_JVM_Threads_Count')).toBeNull();
  });

  it('writes selectors with escaped label values', () => {
    expect(promqlString('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(vertexSelector('j', 'v')).toMatch(/^\{__name__=~"flink_taskmanager_job_task_.*",job_id="j",task_id="v"\}$/);
  });
});

describe('the release line from the task metrics', () => {
  const idsOf = (version: '1.12' | '1.15' | '1.16' | '1.20' | '2.1') => {
    const m = new FixtureModel();
    const store = buildMetricStore(m, profileFor(version), null);
    return new Set([...store.jobs.get(FIXTURE_JOB_ID)!.vertices.get(MAP_ID)!.get(0)!.keys()]);
  };

  it('names it where no feature changes inside the bounds', () => {
    expect(releaseFromTaskMetrics(idsOf('1.15'))).toEqual({ atLeast: '1.15', before: '1.16', release: '1.15' });
    expect(releaseFromTaskMetrics(idsOf('1.12')).release).toBe('1.12');
  });

  it('leaves it unknown where the metrics cannot tell (1.16 from 1.20: only the gauge window differs)', () => {
    expect(releaseFromTaskMetrics(idsOf('1.16'))).toEqual({ atLeast: '1.16', before: '2.0', release: null });
    expect(releaseFromTaskMetrics(idsOf('1.20')).release).toBeNull();
    expect(releaseFromTaskMetrics(idsOf('2.1'))).toMatchObject({ atLeast: '2.0', before: null });
  });
});

describe('the scrape interval from stored samples', () => {
  const series = (timestamps: number[]): RangeSeries => ({ labels: {}, timestamps, values: timestamps.map(() => 0) });

  it('is the median spacing, without the scheduling jitter', () => {
    expect(scrapeInterval([series([0, 1003, 2001, 3004, 4000])])).toBe(1000);
    expect(scrapeInterval([series([0, 15_002, 29_998, 45_001, 90_000])])).toBe(15_000);
    expect(scrapeInterval([series([0, 498, 1001])])).toBe(500);
  });

  it('is unknown below two samples', () => {
    expect(scrapeInterval([series([5])])).toBeNull();
    expect(scrapeInterval([])).toBeNull();
  });
});

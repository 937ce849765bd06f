// How alike a recording's subtasks are (issue 10 §2): per (vertex, tick, metric) column, whether
// every subtask reported one and the same value; per (vertex, subtask, metric) series, whether it
// ever changed; and the typical relative spread between subtasks of one vertex. Measured on real
// Flink sessions (test-results/real-flink/sessions) and on simulator recordings alike.
import type { SessionReader } from '../../../electron/session/index';
import { SUBTASK_METRICS, type SubtaskMetric } from '../../../shared/model';

export interface SpreadStats {
  /** Columns (vertex × tick × metric) with ≥ 2 subtasks reporting. */
  columns: number;
  /** Share of those where all subtasks reported the same value. */
  identicalColumns: number;
  /** Series (vertex × subtask × metric) with ≥ 2 values. */
  series: number;
  /** Share of those that never changed. */
  constantSeries: number;
  /** Per metric: identical-column share and the median relative spread (max − min) / mean of its columns. */
  perMetric: Record<string, { columns: number; identical: number; medianRelSpread: number }>;
}

const median = (xs: number[]) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

export function measureSpread(
  reader: SessionReader,
  opts: { minParallelism?: number; metrics?: readonly SubtaskMetric[] } = {},
): SpreadStats {
  const range = reader.timeRange();
  const stats: SpreadStats = { columns: 0, identicalColumns: 0, series: 0, constantSeries: 0, perMetric: {} };
  if (!range) return stats;
  const metrics = opts.metrics ?? SUBTASK_METRICS;
  const per = new Map<string, { columns: number; identical: number; spreads: number[] }>();
  let identical = 0;
  let constant = 0;
  for (const v of reader.vertices()) {
    if (v.parallelism < (opts.minParallelism ?? 2)) continue;
    const frames = reader.vertexFrames(v.clusterId, v.jobId, v.vertexId, range);
    for (const m of metrics) {
      const first: number[] = new Array(v.parallelism).fill(NaN);
      const count: number[] = new Array(v.parallelism).fill(0);
      const changed: boolean[] = new Array(v.parallelism).fill(false);
      const pm = per.get(m) ?? { columns: 0, identical: 0, spreads: [] };
      per.set(m, pm);
      for (const f of frames) {
        const xs = f.subtasks[m];
        if (!xs) continue;
        let n = 0;
        let lo = Infinity;
        let hi = -Infinity;
        let sum = 0;
        for (let i = 0; i < xs.length; i++) {
          const x = xs[i]!;
          if (!Number.isFinite(x)) continue;
          n++;
          lo = Math.min(lo, x);
          hi = Math.max(hi, x);
          sum += x;
          if (count[i] === 0) first[i] = x;
          else if (x !== first[i]) changed[i] = true;
          count[i]!++;
        }
        if (n < 2) continue;
        stats.columns++;
        pm.columns++;
        if (lo === hi) {
          identical++;
          pm.identical++;
        }
        const mean = sum / n;
        pm.spreads.push(mean === 0 ? (hi === lo ? 0 : Infinity) : (hi - lo) / Math.abs(mean));
      }
      for (let i = 0; i < v.parallelism; i++) {
        if (count[i]! < 2) continue;
        stats.series++;
        if (!changed[i]) constant++;
      }
    }
  }
  stats.identicalColumns = stats.columns ? identical / stats.columns : 0;
  stats.constantSeries = stats.series ? constant / stats.series : 0;
  for (const [m, pm] of per) {
    if (pm.columns === 0) continue;
    stats.perMetric[m] = {
      columns: pm.columns,
      identical: pm.identical / pm.columns,
      medianRelSpread: median(pm.spreads.filter(Number.isFinite)),
    };
  }
  return stats;
}

/** Records a simulated scenario (manual clock, every subtask fetched) into a session file. */
export async function recordSimulated(
  file: string,
  opts: { scenario: string; version?: string; minutes: number; intervalMs?: number; seed?: number },
): Promise<void> {
  const { Recorder } = await import('../../../electron/recorder/recorder');
  const { SessionWriter } = await import('../../../electron/session/index');
  const { startSimulatedCluster } = await import('../../../electron/simulator/index');
  const intervalMs = opts.intervalMs ?? 10_000;
  const cluster = await startSimulatedCluster({
    scenario: opts.scenario,
    flinkVersion: (opts.version ?? '1.20') as never,
    clock: 'manual',
    ...(opts.seed === undefined ? {} : { seed: opts.seed }),
  });
  const writer = SessionWriter.create(file, { appVersion: 'test' });
  const recorder = new Recorder({
    writer,
    targets: [{ connection: { url: cluster.url, retries: 0 }, jobs: [] }],
    intervalMs,
    detail: 'all',
    clock: () => cluster.now(),
  });
  try {
    const ticks = Math.round((opts.minutes * 60_000) / intervalMs);
    for (let i = 0; i < ticks; i++) {
      await recorder.pollOnce();
      cluster.advance(intervalMs);
    }
  } finally {
    recorder.close();
    writer.close();
    await cluster.close();
  }
}

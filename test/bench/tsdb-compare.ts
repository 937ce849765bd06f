// Bytes per value, side by side: a session file against the Prometheus TSDB block holding the same
// values. The values are those the import read: each task family it chose (the best name of each
// metric the store has) and the TaskManager families, at every instant of the import's grid, read
// again from the store with the same step, written as an OpenMetrics file with the series' full
// label sets, and turned into a block by `promtool tsdb create-blocks-from openmetrics` (Debian's
// /usr/bin/promtool). Both sizes are divided by the number of values in that export. For the
// bench's 240 instants of `large` that export is ~12 GB (every line repeats its series' labels) and
// promtool takes ~3 minutes; it is deleted with the bench's folder.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { resolveSubtaskMetrics } from '../../electron/flink/metric-names';
import {
  promqlString,
  TASK_FAMILIES,
  TASK_FAMILY_PATTERN,
  taskManagerSelector,
} from '../../electron/import/prometheus/families';
import { PrometheusClient } from '../../electron/prometheus/client';
import { prometheusName, SCOPE } from '../../electron/prometheus/flink-names';
import type { QueryRange, RangeSeries } from '../../electron/prometheus/range';

export const PROMTOOL = process.env.BACKFLOW_PROMTOOL ?? '/usr/bin/promtool';

export interface TsdbComparison {
  values: number;
  exportBytes: number;
  blockBytes: number;
  promtoolS: number;
}

function dirBytes(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    n += e.isDirectory() ? dirBytes(p) : statSync(p).size;
  }
  return n;
}

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** Exports the import's values over `grid` from the store at `url` into `dir`, and builds a TSDB block of them. */
export async function compareWithTsdb(url: string, grid: QueryRange, dir: string): Promise<TsdbComparison> {
  const client = new PrometheusClient({ url });
  const file = path.join(dir, 'export.om.txt');
  const out = createWriteStream(file);
  const write = (s: string) =>
    out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
  let values = 0;
  try {
    const window = { start: grid.start, end: grid.end };
    const present = (await client.labelValues('__name__', window, [`{__name__=~${promqlString(TASK_FAMILY_PATTERN)}}`]))
      .map((n) => TASK_FAMILIES.get(n))
      .filter((id): id is string => id !== undefined);
    const chosen = Object.values(resolveSubtaskMetrics(present).ids).map((id) => prometheusName(SCOPE.task, id));
    const tmNames = await client.labelValues('__name__', window, [taskManagerSelector()]);
    // OpenMetrics wants each family's samples together: one family per query.
    for (const family of [...chosen, ...tmNames].sort()) {
      const series: RangeSeries[] = await client.queryRange(family, grid, { expectedSeries: 5120 });
      await write(`# TYPE ${family} gauge\n`);
      for (const s of series) {
        const labels = Object.entries(s.labels)
          .filter(([k]) => k !== '__name__')
          .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
          .join(',');
        const head = `${family}{${labels}} `;
        let chunk = '';
        for (let i = 0; i < s.timestamps.length; i++) {
          chunk += `${head}${s.values[i]} ${s.timestamps[i]! / 1000}\n`;
          values++;
        }
        await write(chunk);
      }
    }
    await write('# EOF\n');
  } finally {
    await new Promise<void>((r) => out.end(() => r()));
    client.close();
  }
  const blocks = path.join(dir, 'blocks');
  mkdirSync(blocks, { recursive: true });
  const t0 = Date.now();
  const r = spawnSync(PROMTOOL, ['tsdb', 'create-blocks-from', 'openmetrics', file, blocks], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`promtool failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return {
    values,
    exportBytes: statSync(file).size,
    blockBytes: dirBytes(blocks),
    promtoolS: (Date.now() - t0) / 1000,
  };
}

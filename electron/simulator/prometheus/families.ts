// Collects samples into metric families the way AbstractPrometheusReporter names them: the name is
// `flink_` + the logical scope (`taskmanager_job_task`, then each sub-group) + `_` + the metric
// name, all through replaceInvalidChars; the help text is `<metric> (scope: <logical scope>)`.

import type { MetricFamily } from './exposition';
import { replaceInvalidChars } from './exposition';

export type Labels = ReadonlyArray<readonly [string, string]>;

export class FamilyCollector {
  private readonly families = new Map<string, MetricFamily>();
  private readonly filtered = new WeakMap<Labels, Labels>();
  /** Family by scope and store id, so each name is built once per scrape. */
  private readonly byId = new Map<string, MetricFamily>();

  /** `filterLabelValues` is the reporter's filterLabelValueCharacters option (default true). */
  constructor(private readonly filterLabelValues = true) {}

  /**
   * Adds one metric: `scope` is the metric group's logical scope components (`['taskmanager',
   * 'job', 'task']`), `id` the metric id below it as the MetricStore spells it
   * (`Shuffle.Netty.Input.Buffers.inPoolUsage`: sub-groups, then the metric name).
   */
  add(scope: readonly string[], id: string, labels: Labels, raw: string): void {
    const key = `${scope.join('.')}\u0000${id}`;
    let family = this.byId.get(key);
    if (!family) {
      family = this.family(scope, id);
      this.byId.set(key, family);
    }
    family.samples.push({ labels: this.shown(labels), value: gaugeValue(raw) });
  }

  private family(scope: readonly string[], id: string): MetricFamily {
    const parts = id.split('.');
    const metric = parts.pop()!;
    const logicalScope = [...scope, ...parts].map(replaceInvalidChars).join('_');
    const name = `flink_${logicalScope}_${replaceInvalidChars(metric)}`;
    let family = this.families.get(name);
    if (!family) {
      family = { name, help: `${metric} (scope: ${logicalScope})`, samples: [] };
      this.families.set(name, family);
    }
    return family;
  }

  /** The label values as reported; one result per label set, which every metric of a subtask shares. */
  private shown(labels: Labels): Labels {
    if (!this.filterLabelValues) return labels;
    let out = this.filtered.get(labels);
    if (!out) {
      out = labels.map(([k, v]) => [k, replaceInvalidChars(v)] as const);
      this.filtered.set(labels, out);
    }
    return out;
  }

  all(): MetricFamily[] {
    return [...this.families.values()];
  }
}

/**
 * The reporter's gaugeFrom over the value the MetricStore holds as a string: numbers as doubles,
 * booleans as 1/0, anything else (a checkpoint path, "n/a") as 0.
 */
export function gaugeValue(raw: string): number {
  if (raw === 'true') return 1;
  if (raw === 'false') return 0;
  if (raw === 'NaN') return NaN;
  if (raw === 'Infinity') return Infinity;
  if (raw === '-Infinity') return -Infinity;
  const n = Number(raw);
  return raw.trim() !== '' && Number.isFinite(n) ? n : 0;
}

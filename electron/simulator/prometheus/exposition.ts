// Prometheus text exposition format 0.0.4, as Flink's PrometheusReporter writes it through the
// Prometheus Java client: every Flink metric is a gauge family, one `# HELP`/`# TYPE` header per
// family, samples without timestamps (Prometheus stamps them at scrape time).

import { replaceInvalidChars } from '../../prometheus/flink-names';
import { javaDouble } from '../versions/names';

export { replaceInvalidChars };

export interface ExpositionSample {
  /** Label names and values in the order the reporter registered them. */
  labels: ReadonlyArray<readonly [string, string]>;
  value: number;
}

export interface MetricFamily {
  name: string;
  help: string;
  samples: ExpositionSample[];
}

export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** A label value in the text format: backslash, double quote and line feed are escaped. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** HELP text escapes only backslash and line feed. */
function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** The Java client's Collector.doubleToGoString: Go's spellings of the infinities, else Double.toString. */
export function formatSampleValue(v: number): string {
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return javaDouble(v);
}

// A subtask's label set is shared by all its metrics: render it once.
const rendered = new WeakMap<ExpositionSample['labels'], string>();

function labelBlock(labels: ExpositionSample['labels']): string {
  let block = rendered.get(labels);
  if (block === undefined) {
    const inner = labels.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',');
    block = inner ? `{${inner}}` : '';
    rendered.set(labels, block);
  }
  return block;
}

function formatSample(name: string, s: ExpositionSample): string {
  return `${name}${labelBlock(s.labels)} ${formatSampleValue(s.value)}\n`;
}

/** The whole scrape body; families keep their order, each family's samples stay together. */
export function formatExposition(families: Iterable<MetricFamily>): string {
  let out = '';
  for (const f of families) {
    if (f.samples.length === 0) continue;
    out += `# HELP ${f.name} ${escapeHelp(f.help)}\n# TYPE ${f.name} gauge\n`;
    for (const s of f.samples) out += formatSample(f.name, s);
  }
  return out;
}

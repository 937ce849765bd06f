// The words around an incident's captured stacks, shared by the HTML and Markdown writers (each
// escapes them for its format).

import type { FlameSummary, IncidentStacks, ThreadDumpSummary } from '../../shared/report/stacks';
import { formatInstant } from '../../shared/time';

const pct = (x: number): string => `${Math.round(x * 100)} %`;

export function stacksHeading(s: IncidentStacks): string {
  return `Stacks of ${s.vertexName}`;
}

export function flameCaption(f: FlameSummary, vertexName: string): string {
  const whose = f.subtasks === null ? vertexName : `${vertexName} subtask ${f.subtasks.join(', ')}`;
  return (
    `${f.type === 'ON_CPU' ? 'On-CPU' : f.type === 'OFF_CPU' ? 'Off-CPU' : 'Full'} flame graph of ${whose}, sampled until ${formatInstant(f.ts)}: ` +
    `${f.samples} samples; callers above callees, ` +
    (f.trunk.length > 1 ? `the ${f.trunk.length} frames every sample shares folded into the first bar; ` : '') +
    'orange: user code, blue: Flink, grey: JDK.'
  );
}

export const HOT_HEAD = ['Heaviest stacks (own samples)', 'Samples', 'Share'];

export function hotRows(f: FlameSummary): string[][] {
  return f.hot.map((h) => [h.frames.join(' > '), String(h.samples), pct(h.share)]);
}

export function dumpLine(d: ThreadDumpSummary): string {
  const states = d.byState.map((s) => `${s.count} ${s.state}`).join(', ');
  const cut = d.cut ? ` (${d.cut.threads} threads cut by the size cap)` : '';
  return `Thread dump of ${d.taskManagerId ?? 'a TaskManager'} at ${formatInstant(d.ts)}: ${d.threads} threads, ${states}${cut}.`;
}

export const TASK_HEAD = ['Task thread', 'State', 'Top frames (innermost first)'];

export function taskRows(d: ThreadDumpSummary): string[][] {
  return d.taskThreads.map((t) => [t.name, t.state ?? 'unknown', t.top.join(' < ')]);
}

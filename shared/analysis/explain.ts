// The one wording of a bottleneck: what the rule that chose it rests on, in a few words. The CLI
// text, the reports and the UI (job graph, episode list) all say it this way, so an episode blamed
// on checkpoint alignment is never called "busy" anywhere.

import { formatClock, formatDuration } from '../time';
import type { EpisodeBottleneck, EvidenceValue, HintKind, IncidentDoc } from './document';

const MAX_LISTED = 8;

/** `0, 1, 2` or `0, 1, … (+12)`: a list cut after `max` items. */
export function listed(xs: ReadonlyArray<number | string>, max = MAX_LISTED): string {
  const shown = xs.slice(0, max).join(', ');
  return xs.length > max ? `${shown} … (+${xs.length - max})` : shown;
}

const plural = (n: number, word: string): string => (n === 1 ? word : `${word}s`);

function strings(v: EvidenceValue | undefined): string[] {
  return Array.isArray(v) ? v.map(String) : [];
}

/**
 * What the bottleneck rule rests on: `busy subtasks 0, 1`; `input pool full on subtask 2 (busy time
 * not reported)`; `not busy: subtask 2 paused by GC on tm-2`; `not busy: aligning barriers of
 * checkpoint 7`.
 */
export function bottleneckBasis(b: Pick<EpisodeBottleneck, 'rule' | 'subtasks' | 'evidence'>): string {
  const subs = b.subtasks;
  const on = (what: string): string =>
    subs.length > 0 ? `${what}${plural(subs.length, 'subtask')} ${listed(subs)}` : '';
  switch (b.rule) {
    case 'busy':
      return subs.length > 0 ? on('busy ') : 'busy';
    case 'input-buffers':
      return `input pool full${on(' on ')} (busy time not reported)`;
    case 'gc': {
      const tms = strings(b.evidence['taskManagers']);
      return `not busy: ${subs.length > 0 ? on('') : 'subtasks'} paused by GC${tms.length > 0 ? ` on ${listed(tms, 4)}` : ''}`;
    }
    case 'checkpoint-alignment': {
      const ids = strings(b.evidence['checkpointIds']);
      return `not busy: aligning barriers${ids.length > 0 ? ` of ${plural(ids.length, 'checkpoint')} ${listed(ids, 4)}` : ''}`;
    }
    default: {
      const rule: never = b.rule;
      return String(rule);
    }
  }
}

/** `Window (not busy: aligning barriers of checkpoint 7)`: the bottleneck named with its basis. */
export function bottleneckSummary(b: Pick<EpisodeBottleneck, 'vertexName' | 'rule' | 'subtasks' | 'evidence'>): string {
  return `${b.vertexName} (${bottleneckBasis(b)})`;
}

/**
 * A vertex name short enough for a headline: the first operator of the chain, its parameters
 * collapsed (`Window(TumblingEventTimeWindows(60000), …) -> Map` → `Window(…)`), cut at `max`.
 */
export function shortVertexName(name: string, max = 40): string {
  const first = (name.split(' -> ')[0] ?? name).trim();
  const open = first.indexOf('(');
  const head = open > 0 ? `${first.slice(0, open)}(…)` : first;
  return head.length <= max ? head : `${head.slice(0, max - 1)}…`;
}

/** A few words per cause (hint kind); null for remarks that are no cause. */
const CAUSE_WORDS: Record<HintKind, string | null> = {
  overloaded: 'overloaded',
  skew: 'data skew',
  network: 'network bottleneck',
  'credit-roundtrip': 'credit round-trip',
  'input-channels': 'input channels full',
  gc: 'GC pause',
  'checkpoint-alignment': 'checkpoint alignment',
  'buffer-fill': null,
  'inpool-caveat': null,
  'catch-up': 'catching up after a restart',
  'stack-external': 'waiting on an external system',
  'stack-network-buffers': 'waiting for network buffers',
  'stack-rocksdb': 'slow RocksDB state access',
  'stack-lock': 'lock contention',
  'stack-gc': 'explicit GC',
  'stack-serialization': 'serialization',
  'stack-user-wait': 'user code waiting',
  'stack-user-cpu': 'user code on CPU',
  'stack-inconclusive': null,
};

const RULE_WORDS: Record<EpisodeBottleneck['rule'], string> = {
  busy: 'busy',
  'input-buffers': 'input pool full',
  gc: 'GC pause',
  'checkpoint-alignment': 'checkpoint alignment',
};

/** The cause of an incident in a few words: its most explaining hint, else the bottleneck's rule. */
export function causeWords(x: Pick<IncidentDoc, 'hints' | 'bottleneck' | 'ambiguity'>): string {
  // The metrics' cause (skew, overload, network…) first; what the stacks show names it only without one.
  const stack = (h: { kind: HintKind }) => h.kind.startsWith('stack-');
  const hints = [...x.hints.filter((h) => !stack(h)), ...x.hints.filter(stack)];
  const hint =
    hints.find((h) => h.explains > 0 && CAUSE_WORDS[h.kind] !== null) ??
    hints.find((h) => CAUSE_WORDS[h.kind] !== null);
  if (hint) return CAUSE_WORDS[hint.kind]!;
  if (x.bottleneck) return RULE_WORDS[x.bottleneck.rule];
  return x.ambiguity?.reason === 'no-busy-downstream' ? 'network or external stall' : 'cause unclear';
}

/** `Source and Enrich`, `A, B and C`. */
function joined(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * An incident in one line, the way an alert names it: who, why, where it showed, when, how long.
 * `Window(…) subtask 1: data skew, backpressure on Source and Enrich 09:22:44–09:25:26 (2m 43s, sustained)`.
 */
export function incidentHeadline(
  x: Pick<IncidentDoc, 'hints' | 'bottleneck' | 'ambiguity' | 'vertices' | 'start' | 'end' | 'durationMs' | 'class'>,
): string {
  return headlineWithSpan(incidentLead(x), x);
}

/** The headline's who, why and where, without its span (a viewer adds it in its own time zone). */
export function incidentLead(x: Pick<IncidentDoc, 'hints' | 'bottleneck' | 'ambiguity' | 'vertices'>): string {
  const b = x.bottleneck;
  const cause = causeWords(x);
  const subs =
    b && b.subtasks.length > 0 && cause !== 'overloaded' && b.rule !== 'checkpoint-alignment'
      ? ` ${plural(b.subtasks.length, 'subtask')} ${listed(b.subtasks, 4)}`
      : '';
  const who = b ? `${shortVertexName(b.vertexName)}${subs}` : 'No single bottleneck';
  const where = joined(x.vertices.map((v) => shortVertexName(v.vertexName)));
  return `${who}: ${cause}, backpressure on ${where}`;
}

/** A headline's lead with its span; times of day in UTC (reports, the CLI) unless `clock` says otherwise. */
export function headlineWithSpan(
  lead: string,
  x: { start: number; end: number; durationMs: number; class: 'sustained' | 'transient' },
  clock: (ms: number) => string = formatClock,
): string {
  return `${lead} ${clock(x.start)}–${clock(x.end)} (${formatDuration(x.durationMs)}, ${x.class})`;
}

/** Why a value is missing, in words (GAP_REASONS of the series). */
const GAP_WORDS: Record<string, string> = {
  'error-tick': 'the poll failed',
  'job-not-running': 'the job was not running',
  'counter-reset': 'its counters restarted',
  'no-data': 'not reported',
  'no-baseline': 'first sample, nothing to compare with yet',
};

/** The same in two or three words, for a label. */
const GAP_WORDS_SHORT: Record<string, string> = {
  'error-tick': 'poll failed',
  'job-not-running': 'job not running',
  'counter-reset': 'counters restarted',
  'no-data': 'not reported',
  'no-baseline': 'first sample',
};

export function gapText(reason: string | null, short = false): string {
  return (reason !== null && (short ? GAP_WORDS_SHORT : GAP_WORDS)[reason]) || 'not reported';
}

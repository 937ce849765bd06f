// The one wording of a bottleneck: what the rule that chose it rests on, in a few words. The CLI
// text, the reports and the UI (job graph, episode list) all say it this way, so an episode blamed
// on checkpoint alignment is never called "busy" anywhere.

import type { EpisodeBottleneck, EvidenceValue } from './document';

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
  const on = (what: string): string => (subs.length > 0 ? `${what}${plural(subs.length, 'subtask')} ${listed(subs)}` : '');
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

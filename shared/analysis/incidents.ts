// Incidents: backpressure spreads upstream from a bottleneck, so one slow operator shows as an
// episode on every vertex before it (Source and Enrich, both blamed on Window). Episodes of one
// job that share a bottleneck — or, without one, the same unexplained stall — and overlap in time
// are one incident; its time is counted once. Pure: episodes in, incidents out.

import type { EpisodeDoc, Hint, IncidentDoc, IncidentVertex, Overlap } from './document';
import { unionOf, type Interval } from './intervals';
import { MATERIAL_SHARE } from './thresholds';
import { jobKey } from '../keys';

/** What the episodes of one incident have in common besides the job and overlapping in time. */
function causeKey(e: EpisodeDoc): string {
  if (e.bottleneck) return `b:${e.bottleneck.vertexId}`;
  if (e.ambiguity) return `a:${e.ambiguity.reason}:${[...e.ambiguity.vertices].sort().join(',')}`;
  return `e:${e.vertexId}`;
}

const lengthOf = (xs: readonly Interval[]): number => xs.reduce((n, [a, b]) => n + (b - a), 0);

/** Time covered by the episodes' intervals, counted once. */
export function timeCountedOnce(episodes: ReadonlyArray<Pick<EpisodeDoc, 'start' | 'end'>>): number {
  return lengthOf(unionOf(episodes.map((e) => [e.start, e.end] as const)));
}

/** Which hints say the same thing: one cause about one vertex (or sender). */
function hintKey(h: Hint): string {
  const about = h.evidence['vertexId'] ?? h.evidence['sender'] ?? '';
  return `${h.kind}|${String(about)}`;
}

/** The hints of several episodes, one per cause (the one explaining most), most explaining first. */
export function mergeHints(lists: ReadonlyArray<readonly Hint[]>): Hint[] {
  const best = new Map<string, { h: Hint; order: number }>();
  let order = 0;
  for (const list of lists) {
    for (const h of list) {
      const k = hintKey(h);
      const cur = best.get(k);
      if (!cur || h.explains > cur.h.explains) best.set(k, { h, order: cur?.order ?? order });
      order++;
    }
  }
  return [...best.values()].sort((a, b) => b.h.explains - a.h.explains || a.order - b.order).map((x) => x.h);
}

const OVERLAP_ORDER: readonly Overlap[] = ['checkpoint', 'gc', 'restart', 'rescale'];

/**
 * The overlaps that matter: a checkpoint only when its alignment explains part of the
 * backpressure, a GC window only when the pause does (their hints' `explains`); a restart or a
 * rescale inside the window always. Checkpoints every 30 s overlap every long episode; that alone
 * says nothing.
 */
export function materialOverlaps(overlaps: readonly Overlap[], hints: readonly Hint[]): Overlap[] {
  const explains = (kind: Hint['kind']): number =>
    Math.max(0, ...hints.filter((h) => h.kind === kind).map((h) => h.explains));
  return overlaps.filter((o) => {
    if (o === 'checkpoint') return explains('checkpoint-alignment') >= MATERIAL_SHARE;
    if (o === 'gc') return explains('gc') >= MATERIAL_SHARE;
    return true;
  });
}

export interface IncidentOptions {
  /** Position of a vertex in its job (sources first); vertices of an incident are listed by it. */
  order?: (clusterId: number, jobId: string, vertexId: string) => number;
  /** Instant of a vertex's highest backpressure ratio in [from, to], or null (without it: the middle). */
  worstAt?: (clusterId: number, jobId: string, vertexId: string, from: number, to: number) => number | null;
}

/**
 * Where to look at an incident: its lead episode's worst sample while all its vertices were
 * backpressured (the job graph then shows the whole story), else the lead's worst sample.
 */
function focusOf(members: readonly EpisodeDoc[], lead: EpisodeDoc, worstAt: IncidentOptions['worstAt']): number {
  const at = (from: number, to: number) => worstAt?.(lead.clusterId, lead.jobId, lead.vertexId, from, to) ?? null;
  // An episode starts where its first backpressured sample's interval starts: that sample is after it.
  const from = Math.max(lead.start, ...members.map((e) => e.start)) + 1;
  const to = Math.min(lead.end, ...members.map((e) => e.end));
  return (from <= to ? at(from, to) : null) ?? at(lead.start, lead.end) ?? lead.start + (lead.end - lead.start) / 2;
}

function incidentOf(members: EpisodeDoc[], options: IncidentOptions): IncidentDoc {
  const byRank = members.slice().sort((a, b) => a.rank - b.rank);
  const lead = byRank[0]!;
  const order = options.order ?? (() => 0);
  const vertices: IncidentVertex[] = members
    .slice()
    .sort(
      (a, b) =>
        order(a.clusterId, a.jobId, a.vertexId) - order(b.clusterId, b.jobId, b.vertexId) ||
        a.start - b.start ||
        a.vertexName.localeCompare(b.vertexName),
    )
    .map((e) => ({
      vertexId: e.vertexId,
      vertexName: e.vertexName,
      start: e.start,
      end: e.end,
      durationMs: e.durationMs,
      peakLevel: e.peakLevel,
      class: e.class,
      episode: e.rank,
    }));
  const overlaps = OVERLAP_ORDER.filter((o) => members.some((e) => e.overlaps.includes(o)));
  const hints = mergeHints(byRank.map((e) => e.hints));
  // Records delayed: the episode whose vertex passed the most records while backpressured.
  const impactful = members
    .slice()
    .sort(
      (a, b) =>
        (a.impactBasis === 'records' ? 0 : 1) - (b.impactBasis === 'records' ? 0 : 1) ||
        b.impact - a.impact ||
        a.rank - b.rank,
    )[0]!;
  return {
    rank: 0,
    cluster: lead.cluster,
    clusterId: lead.clusterId,
    jobId: lead.jobId,
    jobName: lead.jobName,
    start: Math.min(...members.map((e) => e.start)),
    end: Math.max(...members.map((e) => e.end)),
    durationMs: timeCountedOnce(members),
    peakLevel: members.some((e) => e.peakLevel === 'HIGH') ? 'HIGH' : 'LOW',
    class: members.some((e) => e.class === 'sustained') ? 'sustained' : 'transient',
    vertices,
    episodes: byRank.map((e) => e.rank),
    bottleneck: lead.bottleneck,
    ambiguity: lead.bottleneck ? null : lead.ambiguity,
    hints,
    overlaps,
    materialOverlaps: materialOverlaps(overlaps, hints),
    recurring: members.every((e) => e.recurring),
    impact: impactful.impact,
    impactBasis: impactful.impactBasis,
    throughputRecordsPerSec: impactful.throughputRecordsPerSec,
    focusAt: focusOf(members, lead, options.worstAt),
  };
}

/**
 * Groups ranked episodes into incidents: same job, same bottleneck (or the same ambiguity), and
 * overlapping in time (chains of overlaps included). Ranked like episodes: sustained first, then
 * by impact, then by start.
 */
export function groupIncidents(episodes: readonly EpisodeDoc[], options: IncidentOptions = {}): IncidentDoc[] {
  const groups = new Map<string, EpisodeDoc[]>();
  for (const e of episodes) {
    const k = `${jobKey(e.clusterId, e.jobId)}/${causeKey(e)}`;
    const g = groups.get(k);
    if (g) g.push(e);
    else groups.set(k, [e]);
  }
  const incidents: IncidentDoc[] = [];
  for (const g of groups.values()) {
    g.sort((a, b) => a.start - b.start || a.end - b.end);
    let members: EpisodeDoc[] = [];
    let end = -Infinity;
    for (const e of g) {
      if (members.length > 0 && e.start > end) {
        incidents.push(incidentOf(members, options));
        members = [];
      }
      members.push(e);
      end = members.length === 1 ? e.end : Math.max(end, e.end);
    }
    if (members.length > 0) incidents.push(incidentOf(members, options));
  }
  incidents.sort(
    (a, b) =>
      (a.class === 'sustained' ? 0 : 1) - (b.class === 'sustained' ? 0 : 1) ||
      (a.impactBasis === 'records' ? 0 : 1) - (b.impactBasis === 'records' ? 0 : 1) ||
      b.impact - a.impact ||
      a.start - b.start ||
      a.episodes[0]! - b.episodes[0]!,
  );
  incidents.forEach((x, i) => (x.rank = i + 1));
  return incidents;
}

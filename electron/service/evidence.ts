// The evidence calls of the contract: the list of what was captured (flame graphs, thread dumps)
// without blobs, filtered to a vertex and a window, and one piece with its data inflated. The
// store caps what a blob may hold (20 000 frames, 2 000 threads), and every answer passes the
// contract's byte budget; a blob that does not have the shape its kind promises is refused
// rather than handed to the viewer.

import {
  ApiNotFoundError,
  ApiRefusedError,
  MAX_EVIDENCE_ENTRIES,
  type ApiHandlers,
  type EvidenceItemResult,
  type EvidenceListResult,
} from '../../shared/api';
import type { EvidenceEntry, FlameGraph, FlameNode, ThreadDump } from '../../shared/evidence';
import type { SessionReader } from '../session/reader';

type Handlers = Pick<ApiHandlers, 'evidence' | 'evidenceItem'>;
type ListParams = Parameters<ApiHandlers['evidence']>[0];

/** Whether `e` matches the list's filter: its vertex, and a capture instant inside the window. */
export function evidenceMatches(e: EvidenceEntry, p: ListParams): boolean {
  if (p.vertexId !== undefined && (e.clusterId !== p.clusterId || e.jobId !== p.jobId || e.vertexId !== p.vertexId))
    return false;
  if (p.from !== undefined && e.ts < p.from) return false;
  if (p.to !== undefined && e.ts > p.to) return false;
  return true;
}

/** Every node has a name, a value and children (walked without recursion: a chain may be deep). */
function isFlameTree(root: unknown): root is FlameNode {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const o = stack.pop() as Partial<FlameNode> | null;
    if (typeof o !== 'object' || o === null) return false;
    if (typeof o.name !== 'string' || typeof o.value !== 'number' || !Array.isArray(o.children)) return false;
    for (const c of o.children) stack.push(c);
  }
  return true;
}

function isFlameGraph(d: unknown): d is FlameGraph {
  const g = d as Partial<FlameGraph> | null;
  return typeof g === 'object' && g !== null && typeof g.endTimestamp === 'number' && isFlameTree(g.root);
}

function isThreadDump(d: unknown): d is ThreadDump {
  const t = d as Partial<ThreadDump> | null;
  return (
    typeof t === 'object' &&
    t !== null &&
    Array.isArray(t.threads) &&
    t.threads.every((x) => typeof x?.name === 'string' && typeof x.text === 'string')
  );
}

export function evidenceHandlers(reader: Pick<SessionReader, 'evidence' | 'evidenceData'>): Handlers {
  return {
    evidence: (p): EvidenceListResult => {
      const matching = reader.evidence().filter((e) => evidenceMatches(e, p));
      return {
        entries: matching.slice(0, MAX_EVIDENCE_ENTRIES),
        truncated: matching.length > MAX_EVIDENCE_ENTRIES,
      };
    },
    evidenceItem: ({ id }): EvidenceItemResult => {
      const entry = reader.evidence().find((e) => e.id === id);
      if (!entry) throw new ApiNotFoundError(`evidenceItem: no evidence ${id} in this session`);
      const data = entry.status === 'captured' ? reader.evidenceData(id) : null;
      if (entry.kind === 'flamegraph') {
        if (data !== null && !isFlameGraph(data))
          throw new ApiRefusedError(`evidenceItem: evidence ${id} does not hold a flame graph`);
        return { entry, kind: 'flamegraph', data };
      }
      if (data !== null && !isThreadDump(data))
        throw new ApiRefusedError(`evidenceItem: evidence ${id} does not hold a thread dump`);
      return { entry, kind: 'thread-dump', data };
    },
  };
}

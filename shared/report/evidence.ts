// The raw values behind an incident's bottleneck and hints, as a compact table a post-mortem can
// quote: one row per value, named in words with its unit, vertex ids replaced by names. Evidence
// keys nobody named here are still shown (by their key), never dropped.

import type { EvidenceValue, Hint, HintKind } from '../analysis/document';
import { listed } from '../analysis/explain';
import { formatCount } from '../analysis/format';
import { formatBytes } from '../bytes';
import { formatDuration } from '../time';

export interface EvidenceRow {
  /** What the value is evidence for: "bottleneck", "skew", "GC pause", … */
  about: string;
  what: string;
  value: string;
}

type Unit =
  | 'ratio'
  | 'ratios'
  | 'ms'
  | 'count'
  | 'bytes'
  | 'bytes/s'
  | 'subtasks'
  | 'list'
  | 'vertex'
  | 'vertices'
  | 'text'
  | 'hide';

const KEYS: Record<string, { what: string; unit: Unit }> = {
  vertexId: { what: 'vertex', unit: 'hide' },
  busyMax: { what: 'busy, busiest subtask', unit: 'ratio' },
  busyMin: { what: 'busy, least busy subtask', unit: 'ratio' },
  busyMedianOthers: { what: 'busy, median of the others', unit: 'ratio' },
  busySubtasks: { what: 'busy subtasks', unit: 'subtasks' },
  reportedSubtasks: { what: 'subtasks reporting busy time', unit: 'count' },
  busyReported: { what: 'busy time reported', unit: 'text' },
  inputFullSubtasks: { what: 'subtasks with a full input pool', unit: 'subtasks' },
  inPoolUsage: { what: 'input pool usage', unit: 'ratio' },
  outPoolUsage: { what: 'output pool usage', unit: 'ratio' },
  subtask: { what: 'subtask', unit: 'count' },
  inputFloatingBuffersUsage: { what: 'floating input buffers used', unit: 'ratio' },
  inputExclusiveBuffersUsage: { what: 'exclusive input buffers used', unit: 'ratio' },
  channels: { what: 'input channels backpressured', unit: 'text' },
  taskManagers: { what: 'TaskManagers', unit: 'list' },
  gcTimeMs: { what: 'GC time', unit: 'ms' },
  gcTimeMsMaxPerTaskManager: { what: 'GC time on one TaskManager (max)', unit: 'ms' },
  windows: { what: 'GC windows', unit: 'count' },
  collectors: { what: 'collectors', unit: 'list' },
  episodeMs: { what: 'episode length', unit: 'ms' },
  checkpointIds: { what: 'checkpoints', unit: 'list' },
  alignmentMsMax: { what: 'alignment (longest)', unit: 'ms' },
  transient: { what: 'transient', unit: 'hide' },
  sender: { what: 'sender', unit: 'vertex' },
  receivers: { what: 'receivers', unit: 'vertices' },
  senderOutPoolUsage: { what: 'sender output pool usage (max)', unit: 'ratio' },
  senderOutPoolHighShare: { what: 'time the sender output pool was full', unit: 'ratio' },
  receiversInPoolUsageMax: { what: 'receivers input pool usage (max)', unit: 'ratio' },
  receiversBusyMax: { what: 'receivers busy (max)', unit: 'ratio' },
  bytesOutPerSecPerSubtask: { what: 'output per sender subtask', unit: 'bytes/s' },
  numBytesInRemote: { what: 'remote bytes received', unit: 'bytes' },
  numBuffersInRemote: { what: 'remote buffers received', unit: 'count' },
  meanBytesPerBuffer: { what: 'bytes per buffer (mean)', unit: 'bytes' },
  bufferBytes: { what: 'buffer size', unit: 'bytes' },
  flinkAtMost18: { what: 'Flink 1.8 or older', unit: 'hide' },
  after: { what: 'after a', unit: 'text' },
  msAfter: { what: 'started after it', unit: 'ms' },
  flameGraphs: { what: 'flame graphs', unit: 'list' },
  samples: { what: 'stack samples', unit: 'count' },
  samplesCut: { what: 'stack samples cut by the size cap', unit: 'count' },
  stackShare: { what: 'share of the samples', unit: 'ratio' },
  idleShare: { what: 'samples idle', unit: 'ratio' },
  frames: { what: 'heaviest stacks', unit: 'list' },
  frameShares: { what: 'their share of the samples', unit: 'ratios' },
  library: { what: 'client library', unit: 'text' },
  method: { what: 'method', unit: 'text' },
  waitsIn: { what: 'waits in', unit: 'text' },
  threadsBlocked: { what: 'task threads BLOCKED', unit: 'count' },
  lockOwner: { what: 'lock held by', unit: 'text' },
  capture: { what: 'capture', unit: 'text' },
};

const ABOUT: Record<HintKind, string> = {
  overloaded: 'overload',
  skew: 'skew',
  network: 'network',
  'credit-roundtrip': 'credit round-trip',
  'input-channels': 'input channels',
  gc: 'GC pause',
  'checkpoint-alignment': 'checkpoint alignment',
  'buffer-fill': 'buffer fill',
  'inpool-caveat': 'input pool caveat',
  'catch-up': 'catch-up',
  'stack-external': 'stacks: external system',
  'stack-network-buffers': 'stacks: network buffers',
  'stack-rocksdb': 'stacks: RocksDB',
  'stack-lock': 'stacks: lock',
  'stack-gc': 'stacks: explicit GC',
  'stack-serialization': 'stacks: serialization',
  'stack-user-wait': 'stacks: user code waiting',
  'stack-user-cpu': 'stacks: user code on CPU',
  'stack-inconclusive': 'stacks: inconclusive',
};

const pct = (x: number): string => `${Math.round(x * 100)} %`;

function valueText(v: EvidenceValue, unit: Unit, nameOf: (vertexId: string) => string): string {
  if (v === null) return 'n/a';
  if (Array.isArray(v)) {
    // One value per TaskManager, vertex, subtask…: each in the key's unit.
    const each = (x: string | number): string =>
      unit === 'vertices'
        ? nameOf(String(x))
        : typeof x === 'number' && unit !== 'list' && unit !== 'subtasks'
          ? valueText(x, unit === 'ratios' ? 'ratio' : unit, nameOf)
          : String(x);
    const xs = (v as Array<string | number>).map(each);
    return xs.length === 0 ? 'none' : listed(xs, 6);
  }
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'string') return unit === 'vertex' ? nameOf(v) : v.replace(/-/g, ' ');
  switch (unit) {
    case 'ratio':
      return pct(v);
    case 'ms':
      return formatDuration(v);
    case 'bytes':
      return formatBytes(v);
    case 'bytes/s':
      return `${formatBytes(v)}/s`;
    case 'count':
    case 'subtasks':
      return Number.isInteger(v) ? String(v) : formatCount(v);
    default:
      return String(v);
  }
}

/** Rows for one source of evidence; values already said by an earlier row of the same kind are skipped. */
function rowsOf(about: string, evidence: Record<string, EvidenceValue>, nameOf: (id: string) => string): EvidenceRow[] {
  const out: EvidenceRow[] = [];
  for (const [key, v] of Object.entries(evidence)) {
    const k = KEYS[key] ?? { what: key, unit: 'text' as Unit };
    if (k.unit === 'hide') continue;
    out.push({ about, what: k.what, value: valueText(v, k.unit, nameOf) });
  }
  return out;
}

/** The incident's evidence table: the bottleneck rule's values, then each hint's, in the hints' order. */
export function evidenceRows(
  bottleneck: { evidence: Record<string, EvidenceValue> } | null,
  hints: readonly Hint[],
  nameOf: (vertexId: string) => string,
): EvidenceRow[] {
  const rows: EvidenceRow[] = [];
  if (bottleneck) rows.push(...rowsOf('bottleneck', bottleneck.evidence, nameOf));
  for (const h of hints) rows.push(...rowsOf(ABOUT[h.kind], h.evidence, nameOf));
  // The same value under the same name is said once (the bottleneck rule and a hint both cite busy max).
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = `${r.what}=${r.value}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

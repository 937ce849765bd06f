// Cause hints read from the stacks captured while recording: the bottleneck's on-CPU and off-CPU
// flame graphs and the thread dumps of its TaskManagers. Every sampled stack (a leaf of the
// aggregated tree, weighted by its own samples) is put in one bucket — waiting for network
// buffers, idle on the mailbox, a socket read of a client library, RocksDB, a lock, an explicit
// GC, serialization, user code waiting, user code on CPU, or Flink's own work — and a bucket that
// holds a large share of the samples becomes a hint naming its frames. Evidence that is thin (few
// samples, a tree the cap cut heavily), failed or incomplete, or that says the opposite of the
// metrics gives an "inconclusive" remark that explains nothing, never a confident hint.

import type { DumpedThread, EvidenceEntry, FlameGraph, FlameNode, ThreadDump } from '../evidence';
import type { EvidenceValue, Hint, HintKind } from './document';
import { listed } from './explain';
import { BUSY_RATIO } from './thresholds';

/** One stored piece of evidence with its captured content (null when nothing was captured). */
export interface CapturedEvidence {
  entry: EvidenceEntry;
  data: FlameGraph | ThreadDump | null;
}

/** Fewer samples than this (over all captured trees of the vertex) prove nothing. */
export const MIN_SAMPLES = 30;
/** A bucket holding at least this share of the samples is a cause. */
export const MIN_STACK_SHARE = 0.3;
/** A tree whose cap cut away more than this share of its samples is too incomplete to judge. */
export const MAX_CUT_SHARE = 0.25;
/** Idle on the mailbox for this share of the samples contradicts a busy bottleneck. */
const IDLE_CONTRADICTS = 0.6;
/** Frames cited per hint. */
const CITED_FRAMES = 5;

export type StackCause =
  | 'network-buffers'
  | 'idle'
  | 'external'
  | 'rocksdb'
  | 'lock'
  | 'gc'
  | 'serialization'
  | 'user-wait'
  | 'user-cpu'
  | 'flink';

/** One sampled stack: frames outermost first, its own samples, the tree it came from. */
export interface StackPath {
  frames: string[];
  samples: number;
  type: 'ON_CPU' | 'OFF_CPU' | 'FULL';
}

/** Splits Flink's node name `class.method:line` into its class and method. */
export function frameParts(name: string): { className: string; method: string } {
  const bare = name.replace(/:-?\d+$/, '');
  const dot = bare.lastIndexOf('.');
  return dot < 0 ? { className: '', method: bare } : { className: bare.slice(0, dot), method: bare.slice(dot + 1) };
}

/** `class.method` without the line. */
export const frameMethod = (name: string): string => name.replace(/:-?\d+$/, '');

/** Every stack of a tree with its own samples (a node's value minus its children's), heaviest first. */
export function stackPaths(graph: FlameGraph, type: StackPath['type']): StackPath[] {
  const out: StackPath[] = [];
  const walk = (node: FlameNode, path: string[]): void => {
    const value = Number.isFinite(node.value) ? node.value : 0;
    let below = 0;
    for (const c of node.children ?? []) below += Number.isFinite(c.value) ? c.value : 0;
    const own = value - below;
    if (own > 0 && path.length > 0) out.push({ frames: path, samples: own, type });
    for (const c of node.children ?? []) walk(c, [...path, c.name]);
  };
  walk(graph.root, []);
  return out.sort((a, b) => b.samples - a.samples);
}

const JDK = /^(java|javax|jdk|sun|com\.sun)\./;
const NOT_USER = /^(java|javax|jdk|sun|com\.sun|org\.apache\.flink|scala|kotlin|org\.rocksdb|com\.esotericsoftware)\./;
const BUFFERS =
  /^org\.apache\.flink\.runtime\.io\.network\.buffer\.LocalBufferPool\.(request\w*Blocking|requestMemorySegment\w*|requestBuffer\w*)$/;
const IDLE = /^org\.apache\.flink\.streaming\.runtime\.tasks\.mailbox\.TaskMailboxImpl\.take$/;
const IO =
  /^(java\.net\.(Socket(Input|Output)Stream|(Abstract)?PlainSocketImpl|NioSocketImpl|SocketImpl|Socket|InetAddress\w*)\.|sun\.nio\.ch\.(NioSocketImpl|SocketDispatcher|SocketChannelImpl|Net|EPoll\w*|KQueue\w*|IOUtil|SocketInputStream|SocketOutputStream)\.|sun\.security\.ssl\.SSLSocketImpl|jdk\.internal\.net\.http\.|java\.net\.http\.)/;
const LOCK =
  /^java\.util\.concurrent\.locks\.(AbstractQueuedSynchronizer\.acquire\w*|ReentrantLock(\$\w+)?\.lock\w*|ReentrantReadWriteLock\$\w+\.lock\w*|StampedLock\.\w*[lL]ock\w*)$/;
const GC = /^java\.lang\.(System|Runtime)\.gc$/;
const SERIALIZATION = /^(com\.esotericsoftware\.kryo\.|org\.apache\.flink\.api\.java\.typeutils\.runtime\.kryo\.)/;
const SERIALIZER_CALL = /Serializer(\$\w+)?\.(serialize|deserialize|copy)$/;
const WAIT =
  /^(java\.lang\.Thread\.sleep\w*|java\.lang\.Object\.wait\w*|jdk\.internal\.misc\.Unsafe\.park|sun\.misc\.Unsafe\.park|java\.util\.concurrent\.locks\.LockSupport\.park\w*|java\.util\.concurrent\.\w*Future\w*\.(get|\w*[gG]et)|java\.util\.concurrent\.CountDownLatch\.await|java\.lang\.Thread\.(join|onSpinWait))$/;

/** Native methods a thread waits in without being BLOCKED (the reference handler, selectors). */
const NATIVE_WAIT =
  /^(java\.lang\.ref\.Reference\.waitForReferencePendingList|java\.lang\.Object\.wait\w*|java\.lang\.Thread\.(sleep\w*|yield))$/;

/** The package a client library answers to: at most its first three segments. */
export function libraryOf(className: string): string {
  const parts = className.split('.');
  const pkg = parts.slice(0, -1);
  return (pkg.length > 0 ? pkg : parts).slice(0, 3).join('.');
}

export interface Classified {
  cause: StackCause;
  /** What groups the bucket: the library, method or frame named in the hint. */
  key: string;
  /** The frames that show it, outermost first (the key frame, then the frames under it). */
  frames: string[];
}

/** The bucket of one sampled stack. */
export function classifyStack(p: StackPath): Classified {
  const methods = p.frames.map(frameMethod);
  const innermost = (re: RegExp): number => {
    for (let i = methods.length - 1; i >= 0; i--) if (re.test(methods[i]!)) return i;
    return -1;
  };
  const outermost = (re: RegExp): number => methods.findIndex((m) => re.test(m));
  const from = (i: number) => p.frames.slice(Math.max(0, i));
  const b = outermost(BUFFERS);
  if (b >= 0) return { cause: 'network-buffers', key: methods[b]!, frames: from(b) };
  const idle = outermost(IDLE);
  if (idle >= 0) return { cause: 'idle', key: methods[idle]!, frames: from(idle) };
  const io = outermost(IO);
  if (io >= 0) {
    // The client library is the nearest caller outside the JDK.
    let caller = -1;
    for (let i = io - 1; i >= 0; i--)
      if (!JDK.test(methods[i]!)) {
        caller = i;
        break;
      }
    const key = caller >= 0 ? libraryOf(frameParts(methods[caller]!).className) : 'the JDK';
    // Cited from the frame that called the library, for context.
    return { cause: 'external', key, frames: from(caller >= 0 ? caller - 1 : io) };
  }
  const rocks = outermost(/^org\.rocksdb\./);
  if (rocks >= 0) return { cause: 'rocksdb', key: methods[rocks]!, frames: from(rocks) };
  const lock = outermost(LOCK);
  if (lock >= 0) {
    const owner = lock > 0 ? lock - 1 : lock;
    return { cause: 'lock', key: methods[owner]!, frames: from(owner) };
  }
  const gc = outermost(GC);
  if (gc >= 0) {
    const caller = gc > 0 ? gc - 1 : gc;
    return { cause: 'gc', key: methods[caller]!, frames: from(caller) };
  }
  const ser = Math.max(outermost(SERIALIZATION), -1);
  const serCall = outermost(SERIALIZER_CALL);
  const s = ser >= 0 && serCall >= 0 ? Math.min(ser, serCall) : Math.max(ser, serCall);
  if (s >= 0) return { cause: 'serialization', key: methods[s]!, frames: from(s) };
  // Off CPU without a wait, park or sleep at the top of the stack: the JVM's one such state is
  // BLOCKED, entering a `synchronized` block or method held by another thread.
  const leafMethod = methods[methods.length - 1] ?? '';
  if (p.type === 'OFF_CPU' && leafMethod !== '' && !WAIT.test(leafMethod) && !NATIVE_WAIT.test(leafMethod)) {
    return { cause: 'lock', key: leafMethod, frames: from(methods.length - 2) };
  }
  const user = innermost(new RegExp(`^(?!${NOT_USER.source.slice(1)})`));
  if (user >= 0) {
    const leaf = methods[methods.length - 1]!;
    const waiting = p.type === 'OFF_CPU' || (p.type === 'FULL' && WAIT.test(leaf));
    // Cited from its caller, for context.
    return { cause: waiting ? 'user-wait' : 'user-cpu', key: methods[user]!, frames: from(user - 1) };
  }
  return { cause: 'flink', key: methods[methods.length - 1] ?? '', frames: p.frames.slice(-3) };
}

/** What the metrics said about the vertex in the episode's window (NaN: not reported). */
export interface VertexMetrics {
  /** Busy fraction of its busiest subtask. */
  busyMax: number;
  /** Share of its samples backpressured. */
  bpShare: number;
}

export interface StackHintInput {
  vertexId: string;
  vertexName: string;
  /** The vertex's evidence from the episode's window, any status. */
  evidence: readonly CapturedEvidence[];
  metrics: VertexMetrics;
  /** The vertices it sends to (ids and names), where the real bottleneck is when it waits for buffers. */
  downstream?: { vertexId: string; name: string }[];
}

type Draft = Omit<Hint, 'explains'> & { explains: number };

const pct = (x: number): string => `${Math.round(x * 100)}%`;
const r3 = (x: number): number => Math.round(x * 1000) / 1000;

interface Bucket {
  cause: StackCause;
  key: string;
  samples: number;
  /** Frame sequence → samples, for citing the heaviest. */
  stacks: Map<string, { frames: string[]; samples: number }>;
}

const isFlameGraph = (d: CapturedEvidence['data']): d is FlameGraph =>
  d !== null && typeof d === 'object' && 'root' in d && d.root !== null && typeof d.root === 'object';
const isThreadDump = (d: CapturedEvidence['data']): d is ThreadDump =>
  d !== null && typeof d === 'object' && Array.isArray((d as ThreadDump).threads);

/** Task threads of the vertex in a thread dump (Flink names them `<vertex> (i/n)#attempt`). */
export function taskThreadsOf(dump: ThreadDump, vertexName: string, subtasks: number[] | null): DumpedThread[] {
  return dump.threads.filter((t) => {
    if (!t.name.startsWith(`${vertexName} (`)) return false;
    if (subtasks === null) return true;
    const m = /\((\d+)\/\d+\)/.exec(t.name.slice(vertexName.length));
    return m !== null && subtasks.includes(Number(m[1]) - 1);
  });
}

function inconclusive(input: StackHintInput, why: string, evidence: Record<string, EvidenceValue>): Draft {
  return {
    kind: 'stack-inconclusive',
    text: `${input.vertexName}: the captured stacks are inconclusive: ${why}.`,
    evidence: { vertexId: input.vertexId, ...evidence },
    explains: 0,
  };
}

/** The heaviest stacks of a bucket, as `frame > … > frame` with their share of all samples. */
function cite(b: Bucket, total: number): { frames: string[]; shares: number[] } {
  const top = [...b.stacks.values()].sort((x, y) => y.samples - x.samples).slice(0, CITED_FRAMES);
  return {
    frames: top.map((s) => s.frames.map(frameMethod).join(' > ')),
    shares: top.map((s) => r3(s.samples / total)),
  };
}

const LEAF_WAIT = (frames: string[]): string => {
  for (let i = frames.length - 1; i >= 0; i--) {
    const m = frameMethod(frames[i]!);
    if (/^(java\.lang\.Thread\.sleep|java\.lang\.Object\.wait|java\.util\.concurrent\.\w*Future\w*\.get)/.test(m))
      return m;
  }
  return frameMethod(frames[frames.length - 1] ?? '');
};

/** The hint of one bucket. */
/** Who holds the lock the first BLOCKED thread waits for (`BLOCKED on X owned by "T" Id=n`). */
function ownerOf(threads: readonly DumpedThread[]): string | null {
  for (const t of threads) {
    const m = /BLOCKED on (\S+) owned by "([^"]*)"/.exec(t.text);
    if (m) return `${m[2]} (${m[1]})`;
  }
  return null;
}

function hintOf(
  input: StackHintInput,
  b: Bucket,
  total: number,
  types: string[],
  blocked: { count: number; owner: string | null },
): Draft {
  const share = b.samples / total;
  const { frames, shares } = cite(b, total);
  const evidence: Record<string, EvidenceValue> = {
    vertexId: input.vertexId,
    flameGraphs: types,
    samples: total,
    stackShare: r3(share),
    frames,
    frameShares: shares,
  };
  const name = input.vertexName;
  const next = input.downstream ?? [];
  const top = [...b.stacks.values()].sort((x, y) => y.samples - x.samples)[0]!.frames;
  const say = (kind: HintKind, text: string, extra: Record<string, EvidenceValue> = {}): Draft => ({
    kind,
    text,
    evidence: { ...evidence, ...extra },
    explains: r3(share),
  });
  switch (b.cause) {
    case 'network-buffers':
      return say(
        'stack-network-buffers',
        `${name}: ${pct(share)} of the sampled task time waits for network buffers (${b.key}): it is ` +
          `itself backpressured, so the real bottleneck is further downstream` +
          `${next.length > 0 ? ` (after ${listed(next.map((d) => d.name))})` : ''}.`,
        { method: b.key, ...(next.length > 0 ? { receivers: next.map((d) => d.vertexId) } : {}) },
      );
    case 'external': {
      const leaf = frameMethod(top[top.length - 1]!);
      return say(
        'stack-external',
        `${name}: ${pct(share)} of the sampled task time in socket reads and waits of ${b.key} (${leaf}): ` +
          `waiting on an external system; look at its latency, or batch or make the calls asynchronous.`,
        { library: b.key, method: frameMethod(top[0]!) },
      );
    }
    case 'rocksdb':
      return say(
        'stack-rocksdb',
        `${name}: ${pct(share)} of the sampled task time in RocksDB (${b.key}): state access is slow; ` +
          `check the state size, block cache and disk.`,
        { method: b.key },
      );
    case 'lock':
      return say(
        'stack-lock',
        `${name}: ${pct(share)} of the sampled task time waits for a lock taken in ${b.key}` +
          (blocked.count > 0
            ? ` (${blocked.count} of its task threads BLOCKED in the thread dump` +
              `${blocked.owner ? `, the lock held by ${blocked.owner}` : ''})`
            : '') +
          ': lock contention; shorten or avoid the synchronized section.',
        {
          method: b.key,
          ...(blocked.count > 0 ? { threadsBlocked: blocked.count } : {}),
          ...(blocked.owner ? { lockOwner: blocked.owner } : {}),
        },
      );
    case 'gc':
      return say(
        'stack-gc',
        `${name}: ${pct(share)} of the sampled task time in explicit garbage collection called from ${b.key}.`,
        { method: b.key },
      );
    case 'serialization':
      return say(
        'stack-serialization',
        `${name}: ${pct(share)} of the sampled task time in serialization (${b.key}): use a faster ` +
          `serializer (a POJO or Avro type instead of Kryo) or send less.`,
        { method: b.key },
      );
    case 'user-wait':
      return say(
        'stack-user-wait',
        `${name}: ${pct(share)} of the sampled task time off CPU in user code ${b.key} ` +
          `(${LEAF_WAIT(top)}): the operator waits rather than computes; look at what it waits for.`,
        { method: b.key, waitsIn: LEAF_WAIT(top) },
      );
    case 'user-cpu':
      return say(
        'stack-user-cpu',
        `${name}: ${pct(share)} of the sampled task time on CPU in user code ${b.key}: the operator's own ` +
          `computation; profile or optimise it, or scale out.`,
        { method: b.key },
      );
    default:
      throw new Error(`no hint for ${b.cause}`);
  }
}

/**
 * Hints from a vertex's captured stacks: one per bucket holding at least MIN_STACK_SHARE of the
 * samples (explaining that share), or one inconclusive remark (explaining nothing), or none.
 */
export function stackHints(input: StackHintInput): Hint[] {
  const graphs = input.evidence.filter((e) => e.entry.kind === 'flamegraph');
  const captured = graphs.filter((e) => e.entry.status === 'captured' && isFlameGraph(e.data));
  if (captured.length === 0) {
    // Nothing to read: an incomplete or failed capture says so; a cluster without flame graphs stays silent.
    const bad = graphs.find((e) => e.entry.status === 'incomplete' || e.entry.status === 'failed');
    return bad
      ? [
          inconclusive(
            input,
            `the flame graph capture ${bad.entry.status === 'failed' ? 'failed' : 'was incomplete'}${bad.entry.note ? ` (${bad.entry.note})` : ''}`,
            { capture: bad.entry.status },
          ),
        ]
      : [];
  }
  // One sampling per type: FULL when it was taken, else the on-CPU and off-CPU halves (latest of each).
  const latest = new Map<string, CapturedEvidence>();
  for (const e of captured) {
    const t = e.entry.type ?? 'FULL';
    const cur = latest.get(t);
    if (!cur || e.entry.ts > cur.entry.ts) latest.set(t, e);
  }
  const chosen = latest.has('FULL') ? [latest.get('FULL')!] : [...latest.values()];
  const types = chosen.map((e) => e.entry.type ?? 'FULL').sort();
  let total = 0;
  let cut = 0;
  const buckets = new Map<string, Bucket>();
  for (const e of chosen) {
    const g = e.data as FlameGraph;
    cut += g.cut?.samples ?? 0;
    for (const p of stackPaths(g, (e.entry.type ?? 'FULL') as StackPath['type'])) {
      total += p.samples;
      const c = classifyStack(p);
      const k = `${c.cause}|${c.key}`;
      let b = buckets.get(k);
      if (!b) buckets.set(k, (b = { cause: c.cause, key: c.key, samples: 0, stacks: new Map() }));
      b.samples += p.samples;
      const sk = c.frames.join('\n');
      const s = b.stacks.get(sk);
      if (s) s.samples += p.samples;
      else b.stacks.set(sk, { frames: c.frames, samples: p.samples });
    }
  }
  if (total < MIN_SAMPLES)
    return [inconclusive(input, `only ${total} samples (at least ${MIN_SAMPLES} needed)`, { samples: total })];
  if (cut / (total + cut) > MAX_CUT_SHARE)
    return [
      inconclusive(input, `the size cap cut ${pct(cut / (total + cut))} of the samples away`, {
        samples: total,
        samplesCut: cut,
      }),
    ];
  const sumOf = (cause: StackCause) =>
    [...buckets.values()].filter((b) => b.cause === cause).reduce((a, b) => a + b.samples, 0);
  const idle = sumOf('idle') / total;
  const { busyMax, bpShare } = input.metrics;
  if (busyMax >= BUSY_RATIO && idle >= IDLE_CONTRADICTS)
    return [
      inconclusive(
        input,
        `${pct(idle)} of the samples idle on the mailbox while its busiest subtask was ${pct(busyMax)} busy ` +
          `(the sampling may have missed the moment)`,
        { samples: total, idleShare: r3(idle), busyMax: r3(busyMax) },
      ),
    ];
  const blockedThreads = input.evidence
    .filter((e) => e.entry.kind === 'thread-dump' && e.entry.status === 'captured' && isThreadDump(e.data))
    .flatMap((e) => taskThreadsOf(e.data as ThreadDump, input.vertexName, e.entry.subtasks))
    .filter((t) => t.state === 'BLOCKED');
  const blocked = { count: blockedThreads.length, owner: ownerOf(blockedThreads) };
  const hints: Draft[] = [];
  const causes = [...buckets.values()]
    .filter((b) => b.cause !== 'idle' && b.cause !== 'flink' && b.samples / total >= MIN_STACK_SHARE)
    .sort((a, b) => b.samples - a.samples);
  for (const b of causes) {
    const share = b.samples / total;
    // A cause of busy time while the metrics say the vertex was hardly busy (or one of backpressure
    // while it was never backpressured) does not fit: the capture may be from another moment.
    if (b.cause === 'network-buffers' ? bpShare === 0 : busyMax < BUSY_RATIO / 2) {
      hints.push(
        inconclusive(
          input,
          `${pct(share)} of the samples in ${b.key}, but the metrics say it was ` +
            (b.cause === 'network-buffers' ? 'never backpressured' : `only ${pct(busyMax)} busy`),
          { samples: total, stackShare: r3(share), busyMax: Number.isFinite(busyMax) ? r3(busyMax) : null },
        ),
      );
      continue;
    }
    hints.push(hintOf(input, b, total, types, blocked));
  }
  return hints.map((h) => ({ kind: h.kind, text: h.text, evidence: h.evidence, explains: h.explains }));
}

import { describe, expect, it } from 'vitest';
import { analyzeSession } from '../../../shared/analysis/analyze';
import {
  classifyStack,
  libraryOf,
  stackHints,
  stackPaths,
  type CapturedEvidence,
  type StackHintInput,
} from '../../../shared/analysis/evidence-hints';
import type { EvidenceEntry, FlameGraph, FlameGraphType, FlameNode, ThreadDump } from '../../../shared/evidence';
import { chain, edge, JOB, pattern, rows, session, STEP, T0, vertex } from './fixtures';

// Stacks are written innermost frame last, as Flink's tree nests them (Thread.run at the top).
const TASK = [
  'java.lang.Thread.run:840',
  'org.apache.flink.runtime.taskmanager.Task.run:568',
  'org.apache.flink.streaming.runtime.tasks.StreamTask.invoke:753',
  'org.apache.flink.streaming.runtime.tasks.mailbox.MailboxProcessor.runMailboxLoop:203',
  'org.apache.flink.streaming.runtime.tasks.StreamTask.processInput:519',
];
const IDLE = [
  'java.lang.Thread.run:840',
  'org.apache.flink.runtime.taskmanager.Task.run:568',
  'org.apache.flink.streaming.runtime.tasks.mailbox.MailboxProcessor.runMailboxLoop:203',
  'org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailboxImpl.take:149',
  'java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject.await:1625',
  'jdk.internal.misc.Unsafe.park:-2',
];
const SOCKET = [
  ...TASK,
  'com.example.OrdersSinkFunction.invoke:71',
  'com.mysql.cj.protocol.ReadAheadInputStream.fill:107',
  'java.net.SocketInputStream.read:141',
  'java.net.SocketInputStream.socketRead0:-2',
];
const BUFFERS = [
  ...TASK,
  'org.apache.flink.runtime.io.network.api.writer.RecordWriter.emit:104',
  'org.apache.flink.runtime.io.network.buffer.LocalBufferPool.requestBufferBuilderBlocking:338',
  'org.apache.flink.runtime.io.network.buffer.LocalBufferPool.requestMemorySegmentBlocking:370',
  'java.util.concurrent.CompletableFuture.get:2022',
  'jdk.internal.misc.Unsafe.park:-2',
];
const ROCKS = [
  ...TASK,
  'org.apache.flink.contrib.streaming.state.RocksDBValueState.value:88',
  'org.rocksdb.RocksDB.get:1948',
  'org.rocksdb.RocksDB.get:-2',
];
const LOCK = [
  ...TASK,
  'com.example.Dedup.processElement:40',
  'java.util.concurrent.locks.ReentrantLock.lock:322',
  'java.util.concurrent.locks.AbstractQueuedSynchronizer.acquire:938',
  'jdk.internal.misc.Unsafe.park:-2',
];
const HOT = [...TASK, 'com.example.Scorer.processElement:64', 'com.example.Scorer.score:120'];
const KRYO = [
  ...TASK,
  'org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer.copy:262',
  'com.esotericsoftware.kryo.Kryo.copy:1020',
];
const GC = [...TASK, 'com.example.Cache.evict:12', 'java.lang.System.gc:1890', 'java.lang.Runtime.gc:-2'];
const SLEEP = [...TASK, 'org.backflow.incidents.IncidentJob$Enrich.map:212', 'java.lang.Thread.sleep:-2'];
const FLINK_ONLY = [...TASK, 'org.apache.flink.streaming.runtime.io.RecordWriterOutput.collect:107'];

/** An aggregated tree of `[stack, samples]`, like Flink's flame graph answer. */
function graph(stacks: Array<[string[], number]>, cut: FlameGraph['cut'] = null): FlameGraph {
  const root: FlameNode = { name: 'root', value: 0, children: [] };
  let nodes = 1;
  for (const [frames, n] of stacks) {
    root.value += n;
    let node = root;
    for (const name of frames) {
      let c = node.children.find((x) => x.name === name);
      if (!c) {
        node.children.push((c = { name, value: 0, children: [] }));
        nodes++;
      }
      c.value += n;
      node = c;
    }
  }
  return { endTimestamp: T0, root, nodes, cut };
}

let nextId = 1;
function entry(over: Partial<EvidenceEntry>): EvidenceEntry {
  return {
    id: nextId++,
    clusterId: 1,
    ts: T0 + 5 * STEP,
    jobId: JOB,
    vertexId: 'agg',
    subtasks: null,
    taskManagerId: null,
    kind: 'flamegraph',
    type: 'OFF_CPU',
    status: 'captured',
    note: null,
    bytes: 100,
    ...over,
  };
}
const fg = (type: FlameGraphType, g: FlameGraph, over: Partial<EvidenceEntry> = {}): CapturedEvidence => ({
  entry: entry({ type, ...over }),
  data: g,
});
const dump = (d: ThreadDump, over: Partial<EvidenceEntry> = {}): CapturedEvidence => ({
  entry: entry({ kind: 'thread-dump', type: null, taskManagerId: 'tm-1', ...over }),
  data: d,
});

function input(evidence: CapturedEvidence[], metrics = { busyMax: 0.95, bpShare: 0.05 }): StackHintInput {
  return { vertexId: 'agg', vertexName: 'Agg', evidence, metrics };
}

const one = (on: Array<[string[], number]>, off: Array<[string[], number]>) => [
  fg('ON_CPU', graph(on)),
  fg('OFF_CPU', graph(off)),
];

describe('stack paths and buckets', () => {
  it('weights each stack by its own samples (a node minus its children), heaviest first', () => {
    const g = graph([
      [HOT, 60],
      [HOT.slice(0, -1), 15],
      [IDLE, 25],
    ]);
    const paths = stackPaths(g, 'ON_CPU');
    expect(paths.map((p) => [p.frames.at(-1), p.samples])).toEqual([
      ['com.example.Scorer.score:120', 60],
      ['jdk.internal.misc.Unsafe.park:-2', 25],
      ['com.example.Scorer.processElement:64', 15],
    ]);
  });

  it('puts each stack in one bucket, naming the library, method or frame', () => {
    const c = (frames: string[], type: 'ON_CPU' | 'OFF_CPU' = 'OFF_CPU') => {
      const x = classifyStack({ frames, samples: 1, type });
      return [x.cause, x.key];
    };
    expect(c(SOCKET, 'ON_CPU')).toEqual(['external', 'com.mysql.cj']);
    expect(c(BUFFERS)).toEqual([
      'network-buffers',
      'org.apache.flink.runtime.io.network.buffer.LocalBufferPool.requestBufferBuilderBlocking',
    ]);
    expect(c(IDLE)).toEqual(['idle', 'org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailboxImpl.take']);
    expect(c(ROCKS)).toEqual(['rocksdb', 'org.rocksdb.RocksDB.get']);
    expect(c(LOCK)).toEqual(['lock', 'com.example.Dedup.processElement']);
    expect(c(HOT, 'ON_CPU')).toEqual(['user-cpu', 'com.example.Scorer.score']);
    expect(c(KRYO, 'ON_CPU')).toEqual([
      'serialization',
      'org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer.copy',
    ]);
    expect(c(GC, 'ON_CPU')).toEqual(['gc', 'com.example.Cache.evict']);
    expect(c(SLEEP)).toEqual(['user-wait', 'org.backflow.incidents.IncidentJob$Enrich.map']);
    expect(c(FLINK_ONLY, 'ON_CPU')[0]).toBe('flink');
  });

  it('names a library by the first three segments of its package', () => {
    expect(libraryOf('org.apache.kafka.clients.producer.KafkaProducer')).toBe('org.apache.kafka');
    expect(libraryOf('com.example.Client')).toBe('com.example');
    expect(libraryOf('Client')).toBe('Client');
  });
});

describe('stack hints', () => {
  it('socket reads of one client library: waiting on an external system, with its frames and share', () => {
    const hints = stackHints(
      input(
        one(
          [[SOCKET, 70]],
          [
            [IDLE, 10],
            [BUFFERS, 0],
          ],
        ),
      ),
    );
    expect(hints.map((h) => h.kind)).toEqual(['stack-external']);
    const h = hints[0]!;
    expect(h.explains).toBe(0.875);
    expect(h.text).toContain('waiting on an external system');
    expect(h.text).toContain('com.mysql.cj');
    expect(h.evidence).toMatchObject({
      vertexId: 'agg',
      library: 'com.mysql.cj',
      samples: 80,
      stackShare: 0.875,
      flameGraphs: ['OFF_CPU', 'ON_CPU'],
      frameShares: [0.875],
    });
    expect((h.evidence['frames'] as string[])[0]).toBe(
      'com.example.OrdersSinkFunction.invoke > com.mysql.cj.protocol.ReadAheadInputStream.fill > ' +
        'java.net.SocketInputStream.read > java.net.SocketInputStream.socketRead0',
    );
  });

  it('waiting for network buffers: the vertex is itself backpressured, the bottleneck is downstream', () => {
    const [h] = stackHints(
      input(
        one(
          [[HOT, 10]],
          [
            [BUFFERS, 80],
            [IDLE, 10],
          ],
        ),
        { busyMax: 0.9, bpShare: 0.3 },
      ),
    );
    expect(h!.kind).toBe('stack-network-buffers');
    expect(h!.explains).toBe(0.8);
    expect(h!.text).toMatch(/itself backpressured.*further downstream\./);
    const [named] = stackHints({
      ...input(one([[HOT, 10]], [[BUFFERS, 80]]), { busyMax: 0.9, bpShare: 0.3 }),
      downstream: [{ vertexId: 'sink', name: 'Sink: Orders' }],
    });
    expect(named!.text).toContain('so the real bottleneck is further downstream (after Sink: Orders).');
    expect(named!.evidence['receivers']).toEqual(['sink']);
  });

  it('recognises RocksDB, serialization, explicit GC and hot user code, each by its share', () => {
    const hints = stackHints(
      input(
        one(
          [
            [HOT, 35],
            [KRYO, 30],
          ],
          [
            [ROCKS, 20],
            [GC, 15],
          ],
        ),
      ),
    );
    // Buckets under 30 % of the samples are no cause.
    expect(hints.map((h) => [h.kind, h.explains])).toEqual([
      ['stack-user-cpu', 0.35],
      ['stack-serialization', 0.3],
    ]);
    expect(hints[0]!.evidence['method']).toBe('com.example.Scorer.score');
    const rocks = stackHints(input(one([[HOT, 10]], [[ROCKS, 60]])));
    expect(rocks.map((h) => h.kind)).toEqual(['stack-rocksdb']);
    const gc = stackHints(input(one([[GC, 50]], [[IDLE, 10]])));
    expect(gc.map((h) => h.kind)).toEqual(['stack-gc']);
  });

  it('a lock wait cites the BLOCKED task threads of the thread dump', () => {
    const d: ThreadDump = {
      threads: [
        { name: 'Agg (1/2)#0', state: 'BLOCKED', text: '"Agg (1/2)#0" BLOCKED\n' },
        { name: 'Agg (2/2)#0', state: 'BLOCKED', text: '"Agg (2/2)#0" BLOCKED\n' },
        { name: 'Aggregator (1/1)#0', state: 'BLOCKED', text: '' },
        { name: 'Source (1/2)#0', state: 'RUNNABLE', text: '' },
      ],
      cut: null,
    };
    const [h] = stackHints(input([...one([[HOT, 10]], [[LOCK, 60]]), dump(d)]));
    expect(h!.kind).toBe('stack-lock');
    expect(h!.evidence['threadsBlocked']).toBe(2);
    expect(h!.text).toContain('2 of its task threads BLOCKED');
  });

  it('off CPU at a plain method (no wait, park or sleep on top) is a thread BLOCKED on a synchronized monitor', () => {
    const monitor = [...TASK, 'com.example.Ledger.processElement:30', 'com.example.Ledger.append:88'];
    expect(classifyStack({ frames: monitor, samples: 1, type: 'OFF_CPU' })).toMatchObject({
      cause: 'lock',
      key: 'com.example.Ledger.append',
    });
    // The same stack on CPU is the method's own work.
    expect(classifyStack({ frames: monitor, samples: 1, type: 'ON_CPU' }).cause).toBe('user-cpu');
    const d: ThreadDump = {
      threads: [
        {
          name: 'Agg (1/2)#0',
          state: 'BLOCKED',
          text: '"Agg (1/2)#0" Id=71 BLOCKED on java.lang.Object@5e2de80c owned by "Ledger flusher" Id=90\n\tat com.example.Ledger.append(Ledger.java:88)\n',
        },
      ],
      cut: null,
    };
    const [h] = stackHints(input([...one([[HOT, 10]], [[monitor, 70]]), dump(d)]));
    expect(h!.kind).toBe('stack-lock');
    expect(h!.evidence).toMatchObject({
      method: 'com.example.Ledger.append',
      threadsBlocked: 1,
      lockOwner: 'Ledger flusher (java.lang.Object@5e2de80c)',
    });
    expect(h!.text).toContain('the lock held by Ledger flusher');
  });

  it('user code sleeping off CPU (what real Flink shows for a per-record sleep)', () => {
    const [h] = stackHints(input(one([[HOT, 5]], [[SLEEP, 90]])));
    expect(h!.kind).toBe('stack-user-wait');
    expect(h!.evidence['waitsIn']).toBe('java.lang.Thread.sleep');
    expect(h!.evidence['method']).toBe('org.backflow.incidents.IncidentJob$Enrich.map');
  });

  it('keeps names with markup as plain text (whoever shows them escapes them)', () => {
    const evil = [...TASK, 'com.example.<img src=x onerror=alert(1)>.run:1'];
    const [h] = stackHints(input(one([[evil, 50]], [])));
    expect(h!.evidence['method']).toBe('com.example.<img src=x onerror=alert(1)>.run');
  });
});

describe('wrong or missing evidence never gives a confident hint', () => {
  const kinds = (i: StackHintInput) => stackHints(i).map((h) => [h.kind, h.explains]);

  it('too few samples', () => {
    expect(kinds(input(one([[SOCKET, 20]], [[IDLE, 5]])))).toEqual([['stack-inconclusive', 0]]);
    expect(stackHints(input(one([[SOCKET, 20]], [[IDLE, 5]])))[0]!.text).toContain('only 25 samples');
  });

  it('a tree the cap cut heavily', () => {
    const g = graph([[SOCKET, 60]], { nodes: 40_000, samples: 60 });
    expect(kinds(input([fg('ON_CPU', g)]))).toEqual([['stack-inconclusive', 0]]);
  });

  it('mostly idle while the metrics say busy, or busy work while the metrics say idle', () => {
    expect(kinds(input(one([[SOCKET, 20]], [[IDLE, 80]])))).toEqual([['stack-inconclusive', 0]]);
    expect(kinds(input(one([[HOT, 70]], [[IDLE, 30]]), { busyMax: 0.1, bpShare: 0 }))).toEqual([
      ['stack-inconclusive', 0],
    ]);
    expect(kinds(input(one([[HOT, 10]], [[BUFFERS, 80]]), { busyMax: 0.9, bpShare: 0 }))).toEqual([
      ['stack-inconclusive', 0],
    ]);
  });

  it('a failed or incomplete capture is inconclusive; a cluster without flame graphs stays silent', () => {
    const failed: CapturedEvidence = {
      entry: entry({ status: 'incomplete', note: 'no answer after 12 polls', bytes: 0 }),
      data: null,
    };
    expect(kinds(input([failed]))).toEqual([['stack-inconclusive', 0]]);
    const off: CapturedEvidence = {
      entry: entry({ status: 'not-available', type: null, note: 'not available: disabled', bytes: 0 }),
      data: null,
    };
    expect(stackHints(input([off]))).toEqual([]);
    expect(stackHints(input([]))).toEqual([]);
  });

  it('only thread dumps (one sample each) say nothing', () => {
    const d: ThreadDump = { threads: [{ name: 'Agg (1/2)#0', state: 'BLOCKED', text: '' }], cut: null };
    expect(stackHints(input([dump(d)]))).toEqual([]);
  });

  it('no bucket large enough: silent', () => {
    expect(
      stackHints(
        input(
          one(
            [
              [HOT, 25],
              [FLINK_ONLY, 50],
            ],
            [[SOCKET.slice(0, -1).concat('java.net.SocketInputStream.read:1'), 25]],
          ),
        ),
      ),
    ).toEqual([]);
  });
});

describe('stack hints in the analysis', () => {
  const n = 8;
  const base = () =>
    session({
      vertices: [vertex('src', 2, 0, 'Source'), vertex('agg', 2, 1, 'Agg')],
      edges: [edge('src', 'agg')],
      frames: [
        ...chain('src', { bp: pattern('H'.repeat(n), 2), busy: rows(n, [0.05, 0.05]) }),
        ...chain('agg', { bp: rows(n, [0, 0]), busy: rows(n, [0.95, 0.95]) }),
      ],
    });

  it('a session without evidence gives the same document as before evidence existed', () => {
    const without = JSON.stringify(analyzeSession(base()));
    expect(JSON.stringify(analyzeSession({ ...base(), evidence: [] }))).toBe(without);
    // Evidence of another vertex, or long after the episode, changes nothing either.
    const elsewhere = [
      fg('ON_CPU', graph([[SOCKET, 90]]), { vertexId: 'other' }),
      fg('ON_CPU', graph([[SOCKET, 90]]), { ts: T0 + 60 * STEP }),
    ];
    expect(JSON.stringify(analyzeSession({ ...base(), evidence: elsewhere }))).toBe(without);
  });

  it('the bottleneck’s captured stacks add a ranked hint to its episodes and their incident', () => {
    const evidence = [...one([[SOCKET, 150]], [[IDLE, 10]]), dump({ threads: [], cut: null })];
    const doc = analyzeSession({ ...base(), evidence });
    const ep = doc.episodes.find((e) => e.vertexId === 'src')!;
    expect(ep.bottleneck?.vertexId).toBe('agg');
    expect(ep.hints.map((h) => [h.kind, h.explains])).toEqual([
      ['overloaded', 1],
      ['stack-external', 0.938],
    ]);
    expect(doc.incidents[0]!.hints.map((h) => h.kind)).toContain('stack-external');
  });
});

describe('a huge tree', () => {
  it('50,000 frames with no dominant stack: read quickly, and silent', () => {
    const stacks: Array<[string[], number]> = [];
    for (let i = 0; i < 1000; i++) {
      const frames = [...TASK, `com.example.Op${i}.run:1`];
      for (let d = 0; d < 48; d++) frames.push(`com.example.Op${i}.step${d}:${d}`);
      stacks.push([frames, 1]);
    }
    const t0 = performance.now();
    const hints = stackHints(input([fg('ON_CPU', graph(stacks))]));
    expect(performance.now() - t0).toBeLessThan(2000);
    // 1,000 different hot methods of 0.1 % each: no cause stands out.
    expect(hints).toEqual([]);
  });
});

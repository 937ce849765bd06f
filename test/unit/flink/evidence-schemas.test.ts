// The flame graph and thread dump answers: placeholders, the heaviest-nodes cap with what it cut,
// names with markup kept as text, thread states read from the JDK's header line.
import { describe, expect, it } from 'vitest';
import { capTree, flameGraphSchema, threadDumpSchema, type RawNode } from '../../../electron/flink/schemas/evidence';

const node = (name: string, value: number, children: RawNode[] = []): RawNode => ({ name, value, children });

describe('flame graph answers', () => {
  it('reads the placeholders by their endTimestamp', () => {
    expect(flameGraphSchema.parse({ endTimestamp: -3 })).toEqual({ status: 'waiting' });
    expect(flameGraphSchema.parse({ endTimestamp: -2, data: null })).toEqual({ status: 'disabled' });
    expect(flameGraphSchema.parse({ endTimestamp: -1 })).toEqual({ status: 'terminated' });
  });

  it('keeps names with markup as they are', () => {
    const name = '<img src=x onerror=alert(1)>.apply:12 & "q"';
    const g = flameGraphSchema.parse({ endTimestamp: 5, data: node('root', 3, [node(name, 3)]) });
    expect(g.status === 'ready' && g.graph.root.children[0]!.name).toBe(name);
  });

  it('caps a huge tree to the heaviest connected nodes and says what it cut', () => {
    // root → 100 children of values 1..100, each with one grandchild of the same value.
    const kids = Array.from({ length: 100 }, (_, i) => node(`c${i + 1}`, i + 1, [node(`g${i + 1}`, i + 1)]));
    const { root, nodes, cut } = capTree(node('root', 5050, kids), 11);
    expect(nodes).toBe(11);
    const kept = root.children.map((c) => c.name);
    // The heaviest five children with their grandchildren: a node is never kept without its parent.
    expect(kept).toEqual(['c100', 'c99', 'c98', 'c97', 'c96']);
    expect(root.children.every((c) => c.children.length === 1)).toBe(true);
    expect(cut).toEqual({ nodes: 190, samples: 5050 - (100 + 99 + 98 + 97 + 96) * 2 + (100 + 99 + 98 + 97 + 96) });
  });
});

describe('thread dump answers', () => {
  it('reads each thread state from its header line', () => {
    const d = threadDumpSchema.parse({
      threadInfos: [
        {
          threadName: 'Sink: <b>x</b> (1/2)#0',
          stringifiedThreadInfo: '"Sink: <b>x</b> (1/2)#0" Id=9 TIMED_WAITING\n\tat a.b(C.java:1)\n',
        },
        { threadName: 'odd', stringifiedThreadInfo: 'no header' },
      ],
    });
    expect(d.threads.map((t) => [t.name, t.state])).toEqual([
      ['Sink: <b>x</b> (1/2)#0', 'TIMED_WAITING'],
      ['odd', null],
    ]);
    expect(d.cut).toBeNull();
  });
});

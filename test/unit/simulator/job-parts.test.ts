// Contracts of the job model's small parts: key-group shares of a keyBy and a failed task's stack trace.
import { describe, expect, it } from 'vitest';
import { keyShares } from '../../../electron/simulator/model/deployment';
import { taskStackTrace } from '../../../electron/simulator/model/stack-traces';

describe('keyShares', () => {
  it('splits key groups as KeyGroupRangeAssignment does (128 over 3 is 43/43/42)', () => {
    expect([...keyShares(3, 128)].map((w) => w * 128)).toEqual([43, 43, 42].map((g) => expect.closeTo(g, 9)));
  });

  it('gives a subtask without key groups no share', () => {
    expect([...keyShares(4, 2)]).toEqual([0.5, 0, 0.5, 0]);
  });
});

describe('taskStackTrace', () => {
  it('starts with the exception, throws from the operator and unwinds through the task thread', () => {
    const lines = taskStackTrace('java.io.IOException', 'broken pipe', 'Sink: Elasticsearch7').split('\n');
    expect(lines[0]).toBe('java.io.IOException: broken pipe');
    expect(lines[1]).toBe('\tat Sink: Elasticsearch7.invoke(Unknown Source)');
    expect(lines.at(-1)).toBe('\tat java.base/java.lang.Thread.run(Thread.java:829)');
    expect(lines.slice(1).every((l) => l.startsWith('\tat '))).toBe(true);
  });
});

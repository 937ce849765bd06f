// A growing session's analysis input lists the evidence on every read, but inflates and parses a
// capture's content once: what it read before is kept while the entry is listed as it was.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { SessionReader, SessionWriter } from '../../../electron/session';
import { readCapturedEvidence } from '../../../electron/session/evidence-input';
import { GrowingAnalysisInput } from '../../../electron/session/growing-input';
import type { FlameGraph } from '../../../shared/evidence';
import { epochMs } from '../../../shared/time';
import { record, tick, withFlameGraph } from './migrations/helpers';
import { tempDir } from './synthetic';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

const graph = (leaf: string): FlameGraph => ({
  endTimestamp: 1,
  root: { name: 'root', value: 2, children: [{ name: leaf, value: 2, children: [] }] },
  nodes: 2,
  cut: null,
});

const withEvidence = (i: number) => withFlameGraph(i, graph(`frame of tick ${i}`));

it('reads each capture’s content once, and lists every capture as a fresh read does', () => {
  const file = tmp.file('growing-evidence.backflow');
  const w = SessionWriter.create(file, { appVersion: 'test' });
  record(w, [0]);
  w.writeTick(withEvidence(1));
  w.writeTick(withEvidence(2));
  const reader = SessionReader.open(file);
  try {
    const growing = new GrowingAnalysisInput(reader);
    const contents = vi.spyOn(reader, 'evidenceData');
    expect(growing.read().evidence).toHaveLength(2);
    expect(contents).toHaveBeenCalledTimes(2);

    w.writeTick(tick(3));
    w.writeTick(withEvidence(4));
    const input = growing.read();
    // Only the new capture's content was read.
    expect(contents).toHaveBeenCalledTimes(3);
    const range = reader.timeRange()!;
    contents.mockRestore();
    const fresh = readCapturedEvidence(reader, { from: epochMs(range.from), to: epochMs(range.to) });
    expect(input.evidence).toEqual(fresh);
    expect((input.evidence ?? []).map((e) => (e.data as FlameGraph).root.children[0]!.name)).toEqual([
      'frame of tick 1',
      'frame of tick 2',
      'frame of tick 4',
    ]);
  } finally {
    reader.close();
    w.close();
  }
});

// Migration 5: evidence (flame graphs, thread dumps) captured while recording. A format-4 file
// reads as before with no evidence; after the upgrade appended ticks store theirs, and a slice
// keeps the evidence of the ticks it keeps.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { SessionReader, SessionWriter } from '../../../../electron/session';
import { FORMAT_VERSION } from '../../../../electron/session/schema';
import type { FlameGraph } from '../../../../shared/evidence';
import { tempDir, tickTs } from '../synthetic';
import { record, tables, upgradeKeepsRows, upTo, withFlameGraph } from './helpers';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

const graph: FlameGraph = {
  endTimestamp: 1,
  root: { name: 'root', value: 2, children: [{ name: 'a.<b>c:1', value: 2, children: [] }] },
  nodes: 2,
  cut: null,
};

const withEvidence = (i: number) => withFlameGraph(i, graph);

function formatFour(path: string): void {
  const old = SessionWriter.create(path, { appVersion: 'old' }, { migrations: upTo(4) });
  record(old, [0]);
  // A format-4 file has nowhere to keep evidence: the tick is stored without it.
  old.writeTick(withEvidence(1));
  old.close();
}

it('upgrading a format-4 file keeps every row and adds evidence', () => {
  const path = tmp.file('m5-rows.backflow');
  formatFour(path);
  expect(upgradeKeepsRows(path, 5)).toEqual(['evidence']);
});

it('a format-4 file lists no evidence; appending stores it with its data', () => {
  const path = tmp.file('m5.backflow');
  formatFour(path);
  expect(tables(path)).not.toContain('evidence');
  const r4 = SessionReader.open(path);
  expect(r4.evidence()).toEqual([]);
  expect(r4.info().ticks).toBe(2);
  r4.close();

  const w = SessionWriter.openForAppend(path);
  w.writeTick(withEvidence(2));
  w.close();
  const r = SessionReader.open(path);
  expect(r.header().formatVersion).toBe(FORMAT_VERSION);
  const [e] = r.evidence();
  expect(e).toMatchObject({ ts: tickTs(2), vertexId: 'v0', subtasks: [2], kind: 'flamegraph', type: 'OFF_CPU' });
  expect(e!.bytes).toBeGreaterThan(0);
  expect(r.evidenceData(e!.id)).toEqual(graph);
  r.close();
});

// Migration 3: GC windows per collector. A format-2 file keeps its windows of the sum over all
// collectors; after the upgrade both kinds are read side by side and merge into one pause.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { SessionReader, SessionWriter } from '../../../../electron/session';
import { FORMAT_VERSION } from '../../../../electron/session/schema';
import { mergeGcWindows } from '../../../../shared/analysis/gc';
import type { GcWindow } from '../../../../shared/model';
import { T0, tempDir, tickTs } from '../synthetic';
import { fileHash, openError, record, tables, tick, upgradeKeepsRows, upTo } from './helpers';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

const gc = (i: number, gcTimeMs: number, collector: string | null): GcWindow => ({
  clusterId: 1,
  taskManagerId: 'tm-1',
  start: tickTs(i - 1),
  end: tickTs(i),
  gcTimeMs,
  gcCount: 1,
  collector,
});

function formatTwo(path: string): void {
  const old = SessionWriter.create(path, { appVersion: 'old' }, { migrations: upTo(2) });
  record(old, [0]);
  // A format-2 file has nowhere to keep a collector: the writer says so instead of dropping it.
  const refused = openError(() => old.writeTick(tick(1, { gcWindows: [gc(1, 900, 'G1 Old Generation')] })));
  expect(refused.kind).toBe('invalid-input');
  old.writeTick(tick(1, { gcWindows: [gc(1, 1900, null)] }));
  old.addAnnotation({
    start: tickTs(0),
    end: tickTs(1),
    text: 'note',
    tag: 'gc',
    clusterId: 1,
    jobId: 'j',
    vertexId: null,
    pinned: true,
  });
  old.close();
}

it('upgrading a format-2 file keeps every row and adds gc_collector_windows', () => {
  const path = tmp.file('m3-rows.backflow');
  formatTwo(path);
  expect(upgradeKeepsRows(path, 3)).toEqual(['gc_collector_windows']);
});

it('a format-2 file reads as before, and appending keeps its windows beside the new ones', () => {
  const path = tmp.file('m3.backflow');
  formatTwo(path);
  expect(tables(path)).not.toContain('gc_collector_windows');

  const before = fileHash(path);
  const r2 = SessionReader.open(path);
  expect(r2.header().formatVersion).toBe(2);
  expect(r2.gcWindows({ from: T0, to: tickTs(9) })).toEqual([gc(1, 1900, null)]);
  r2.close();
  expect(fileHash(path)).toBe(before);

  const w = SessionWriter.openForAppend(path);
  expect(tables(path)).toContain('gc_collector_windows');
  w.writeTick(tick(2, { gcWindows: [gc(2, 1200, 'G1 Old Generation'), gc(2, 6, 'G1 Young Generation')] }));
  w.close();
  const r = SessionReader.open(path);
  expect(r.header().formatVersion).toBe(FORMAT_VERSION);
  const raw = r.gcWindows({ from: T0, to: tickTs(9) });
  expect(raw).toEqual([gc(1, 1900, null), gc(2, 1200, 'G1 Old Generation'), gc(2, 6, 'G1 Young Generation')]);
  // Old and new raw windows of one pause are one window.
  expect(mergeGcWindows(raw).map((m) => [m.start, m.end, m.gcTimeMs, m.collector])).toEqual([
    [tickTs(0), tickTs(2), 3106, null],
  ]);
  r.close();
});

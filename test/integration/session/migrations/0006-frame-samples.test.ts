// Migration 6: frame samples, what the analysis reduces each vertex frame to, written with the
// frame. A format-5 file reads and analyses as before (every frame decoded); after the upgrade the
// appended ticks store their samples, which the analysis then reads instead of decoding them.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { SessionReader, SessionWriter } from '../../../../electron/session';
import { readAnalysisInput } from '../../../../electron/session/analysis-input';
import { FORMAT_VERSION } from '../../../../electron/session/schema';
import { analyzeSession } from '../../../../shared/analysis/index';
import { tempDir, tickTs } from '../synthetic';
import { record, tables, tick, upgradeKeepsRows, upTo } from './helpers';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

function formatFive(path: string): void {
  const old = SessionWriter.create(path, { appVersion: 'old' }, { migrations: upTo(5) });
  record(old, [0, 1, 2, 3]);
  old.close();
}

const sampleTs = (path: string): number[] => {
  const db = new Database(path, { readonly: true });
  try {
    return (
      db.prepare('SELECT ts FROM frame_samples WHERE rules IS NOT NULL ORDER BY ts').all() as Array<{ ts: number }>
    ).map((r) => r.ts);
  } finally {
    db.close();
  }
};

it('upgrading a format-5 file keeps every row and adds frame_samples', () => {
  const path = tmp.file('m6-rows.backflow');
  formatFive(path);
  expect(upgradeKeepsRows(path, 6)).toEqual(['frame_samples']);
});

it('a format-5 file analyses from decoded frames; appended ticks store their samples', () => {
  const path = tmp.file('m6.backflow');
  formatFive(path);
  expect(tables(path)).not.toContain('frame_samples');
  const r5 = SessionReader.open(path);
  const before = readAnalysisInput(r5);
  expect(before.frames).toHaveLength(4);
  expect(before.frames.every((f) => f.sample === undefined && f.subtasks.busyTimeMsPerSecond!.length === 3)).toBe(true);
  const doc5 = JSON.stringify(analyzeSession(before));
  r5.close();

  const w = SessionWriter.openForAppend(path);
  for (const i of [4, 5, 6]) w.writeTick(tick(i));
  w.close();
  // The first frame after reopening has no base in memory: stored without one.
  expect(sampleTs(path)).toEqual([tickTs(4), tickTs(5), tickTs(6)]);
  const r = SessionReader.open(path);
  try {
    expect(r.header().formatVersion).toBe(FORMAT_VERSION);
    const input = readAnalysisInput(r);
    expect(input.frames.map((f) => f.sample?.baseTs ?? null)).toEqual([
      null,
      null,
      null,
      null,
      null,
      tickTs(4),
      tickTs(5),
    ]);
    // The ticks from before the upgrade analyse as they did.
    const first = readAnalysisInput(r, { from: tickTs(0), to: tickTs(3) });
    expect(JSON.stringify(analyzeSession(first))).toBe(doc5);
  } finally {
    r.close();
  }
});

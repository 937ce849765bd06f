// Migration 2: annotations. A format-1 file with a recording is upgraded on append: every row it
// had is kept, and annotations can be written next to new ticks.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { SessionReader, SessionWriter } from '../../../../electron/session';
import { FORMAT_VERSION } from '../../../../electron/session/schema';
import { frame, T0, tempDir, tickTs } from '../synthetic';
import { record, tick, upgradeKeepsRows, upTo } from './helpers';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

it('upgrading a format-1 file keeps every row and adds the annotations table', () => {
  const path = tmp.file('m2-rows.backflow');
  const old = SessionWriter.create(path, { appVersion: 'old' }, { migrations: upTo(1) });
  record(old, [0, 1, 2]);
  old.close();
  expect(upgradeKeepsRows(path, 2)).toEqual(['annotations']);
});

it('adds annotations to a format-1 file on append and keeps what was recorded', () => {
  const path = tmp.file('m2.backflow');
  const old = SessionWriter.create(path, { appVersion: 'old' }, { migrations: upTo(1) });
  record(old, [0, 1, 2]);
  old.close();
  const w = SessionWriter.openForAppend(path);
  w.addAnnotation({
    start: tickTs(1),
    end: null,
    text: 'deploy',
    tag: null,
    clusterId: 1,
    jobId: 'j',
    vertexId: null,
    pinned: false,
  });
  w.writeTick(tick(3));
  w.close();
  const r = SessionReader.open(path);
  expect(r.header().formatVersion).toBe(FORMAT_VERSION);
  expect(r.annotations().map((a) => a.text)).toEqual(['deploy']);
  const frames = r.vertexFrames(1, 'j', 'v00', { from: T0, to: tickTs(9) });
  expect(frames.map((f) => f.ts)).toEqual([0, 1, 2, 3].map((i) => tickTs(i)));
  expect(Array.from(frames[3]!.subtasks.numRecordsIn!)).toEqual(
    Array.from(frame(1, 'j', 0, 3, 3).subtasks.numRecordsIn!),
  );
  r.close();
});

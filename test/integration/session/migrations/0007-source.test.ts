// Migration 7: where an imported session's data came from. A format-6 file (a REST recording, or
// an import made before format 7) reads as before with no source; after the upgrade an import
// records its store, selector, jobs, step and window, without the URL's credentials, and a slice
// keeps it.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { SessionReader, SessionWriter } from '../../../../electron/session';
import { exportSlice } from '../../../../electron/session/copy';
import { FORMAT_VERSION } from '../../../../electron/session/schema';
import type { SessionSource } from '../../../../shared/provenance';
import { describeSource } from '../../../../shared/provenance';
import { epochMs } from '../../../../shared/time';
import { tempDir, tickTs } from '../synthetic';
import { record, tables, upgradeKeepsRows, upTo } from './helpers';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

const source: SessionSource = {
  kind: 'prometheus',
  url: 'https://alice:secret@prom.example:9090/?token=x',
  selector: '{cluster="prod"}',
  jobs: ['Orders'],
  stepMs: 15_000,
  stepFromScrape: true,
  from: tickTs(0),
  to: tickTs(3),
  follow: false,
  topologyFrom: 'http://jobmanager:8081',
};

function formatSix(path: string): void {
  const old = SessionWriter.create(path, { appVersion: 'old' }, { migrations: upTo(6) });
  record(old, [0, 1]);
  // A format-6 file has nowhere to keep its source.
  expect(() => old.setSource(source)).toThrow(/older than format 7/);
  old.close();
}

it('upgrading a format-6 file keeps every row and adds the source table', () => {
  const path = tmp.file('m7-rows.backflow');
  formatSix(path);
  expect(upgradeKeepsRows(path, 7)).toEqual(['source']);
});

it('a format-6 file has no source (a REST recording); after the upgrade an import records its own without credentials', () => {
  const path = tmp.file('m7.backflow');
  formatSix(path);
  expect(tables(path)).not.toContain('source');
  const r6 = SessionReader.open(path);
  expect(r6.source()).toBeNull();
  expect(r6.info().source).toBeNull();
  r6.close();

  const w = SessionWriter.openForAppend(path);
  w.setSource(source);
  w.setSourceEnd(epochMs(tickTs(5)));
  w.close();
  const r = SessionReader.open(path);
  expect(r.header().formatVersion).toBe(FORMAT_VERSION);
  const stored = r.source()!;
  expect(stored).toEqual({ ...source, url: 'https://prom.example:9090', to: tickTs(5) });
  expect(r.info().source).toEqual(stored);
  expect(describeSource(stored)).toContain('imported from Prometheus https://prom.example:9090 {cluster="prod"}');
  expect(describeSource(stored)).not.toContain('secret');
  r.close();

  const slice = tmp.file('m7-slice.backflow');
  exportSlice(path, slice, epochMs(tickTs(1)), epochMs(tickTs(1)));
  const rs = SessionReader.open(slice);
  expect(rs.source()).toEqual(stored);
  rs.close();
});

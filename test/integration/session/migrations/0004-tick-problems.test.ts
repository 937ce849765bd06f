// Migration 4: what failed per tick, by endpoint. A format-3 file keeps each tick's error text
// and summarises as before; after the upgrade problems are counted by endpoint and kind.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { SessionReader, SessionWriter } from '../../../../electron/session';
import { FORMAT_VERSION } from '../../../../electron/session/schema';
import type { TickBatch } from '../../../../electron/session/types';
import { tempDir, tickTs } from '../synthetic';
import { record, tables, tick, upgradeKeepsRows, upTo } from './helpers';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

const partialTick = (i: number): TickBatch => {
  const t = tick(i, {
    gcWindows: [
      {
        clusterId: 1,
        taskManagerId: 'tm-1',
        start: tickTs(i - 1),
        end: tickTs(i),
        gcTimeMs: 40,
        gcCount: 2,
        collector: 'G1 Young Generation',
      },
    ],
  });
  return {
    ...t,
    tick: {
      ...t.tick,
      status: 'partial',
      error: "Enrich: GET /jobs/j/vertices/v/backpressure: no answer by the tick's deadline",
      problems: [{ endpoint: '/jobs/:jobid/vertices/:vertexid/backpressure', kind: 'timeout', count: 1 }],
    },
  };
};

function formatThree(path: string): void {
  const old = SessionWriter.create(path, { appVersion: 'old' }, { migrations: upTo(3) });
  record(old, [0]);
  // A format-3 file keeps the tick and its error text; it has nowhere to count problems.
  old.writeTick(partialTick(1));
  old.close();
}

it('upgrading a format-3 file keeps every row and adds tick_problems', () => {
  const path = tmp.file('m4-rows.backflow');
  formatThree(path);
  expect(upgradeKeepsRows(path, 4)).toEqual(['tick_problems']);
});

it('a format-3 file summarises as before; appending counts problems by endpoint', () => {
  const path = tmp.file('m4.backflow');
  formatThree(path);
  expect(tables(path)).not.toContain('tick_problems');
  const r3 = SessionReader.open(path);
  expect(r3.info().clusters[0]).toMatchObject({ partial: 1, problems: [] });
  r3.close();

  const w = SessionWriter.openForAppend(path);
  for (const i of [2, 3, 4]) w.writeTick(partialTick(i));
  w.close();
  const r = SessionReader.open(path);
  expect(r.header().formatVersion).toBe(FORMAT_VERSION);
  expect(r.info().partial).toBe(4);
  expect(r.info().clusters[0]!.problems).toEqual([
    { endpoint: '/jobs/:jobid/vertices/:vertexid/backpressure', kind: 'timeout', count: 3, ticks: 3 },
  ]);
  expect(r.ticks({ from: tickTs(1), to: tickTs(1) })[0]!.error).toMatch(/^Enrich: GET/);
  r.close();
});

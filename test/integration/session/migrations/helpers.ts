// Helpers of the per-migration tests: a file at format N-1 with rows in it, a dump of every
// table, and the checks each migration must pass when a file is upgraded past it.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { SessionFileError, SessionWriter } from '../../../../electron/session';
import { MIGRATIONS, type Migration } from '../../../../electron/session/schema';
import type { NewEvidence, TickBatch } from '../../../../electron/session/types';
import type { FlameGraph } from '../../../../shared/evidence';
import { frame, T0, tickTs, vertexInfo } from '../synthetic';

export const fileHash = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');

/** The migrations up to and including `id`. */
export const upTo = (id: number): readonly Migration[] => MIGRATIONS.filter((m) => m.id <= id);

export function tables(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    return (
      db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>
    ).map((r) => r.name);
  } finally {
    db.close();
  }
}

/** Every row of every table but `migrations`, by table, in rowid order or key order. */
export function dump(path: string): Record<string, unknown[]> {
  const db = new Database(path, { readonly: true });
  try {
    const out: Record<string, unknown[]> = {};
    for (const name of tables(path).filter((t) => t !== 'migrations'))
      out[name] = db.prepare(`SELECT * FROM ${name} ORDER BY 1, 2, 3`).all();
    return out;
  } finally {
    db.close();
  }
}

export const tick = (i: number, extra: Partial<TickBatch> = {}): TickBatch => ({
  tick: {
    clusterId: 1,
    ts: tickTs(i),
    status: 'ok',
    latencyMs: 5 as never,
    serverTs: null,
    fresh: true,
    requests: 3,
    error: null,
  },
  vertexFrames: [frame(1, 'j', 0, 3, i)],
  ...extra,
});

/** A cluster, a job, a vertex and a tick per entry of `ticks`. */
/** Tick i with one captured off-CPU flame graph of subtask 2 of vertex v0 (job j). */
export const withFlameGraph = (i: number, data: FlameGraph): TickBatch =>
  tick(i, {
    evidence: [
      {
        clusterId: 1,
        ts: tickTs(i),
        jobId: 'j',
        vertexId: 'v0',
        subtasks: [2],
        taskManagerId: null,
        kind: 'flamegraph',
        type: 'OFF_CPU',
        status: 'captured',
        note: null,
        data,
      } satisfies NewEvidence,
    ],
  });

export function record(w: SessionWriter, ticks: number[]): void {
  const c = w.addCluster({
    url: 'http://127.0.0.1:8081',
    flinkVersion: '1.18.1',
    fetchIntervalMs: 10_000,
    pollIntervalMs: 10_000,
  });
  w.upsertJob({ clusterId: c, jobId: 'j', name: 'job' }, T0);
  w.upsertVertices(T0, [vertexInfo(c, 'j', 0, 3)]);
  for (const i of ticks) w.writeTick(tick(i));
}

/**
 * Upgrades a file of format `id - 1` past migration `id` and checks what every migration must
 * keep: the rows of every table that was there are unchanged, the migration's own tables exist.
 * Returns the tables it added.
 */
export function upgradeKeepsRows(path: string, id: number): string[] {
  const before = dump(path);
  SessionWriter.openForAppend(path, { migrations: upTo(id) }).close();
  const after = dump(path);
  const added = Object.keys(after).filter((t) => !(t in before));
  for (const [table, rows] of Object.entries(before)) expect(after[table], table).toEqual(rows);
  const db = new Database(path, { readonly: true });
  try {
    expect(db.pragma('user_version', { simple: true })).toBe(id);
  } finally {
    db.close();
  }
  return added;
}

export function openError(fn: () => unknown): SessionFileError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SessionFileError) return err;
    throw err;
  }
  throw new Error('expected a SessionFileError');
}

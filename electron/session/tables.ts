// The tables of a session file by how they grow with time, which is what a slice (copy.ts) needs
// to know to keep [from, to] of a recording. Every table is in one of the lists below (a test
// checks it), so a new table says how a slice treats it.

/** How a table's rows sit in time. */
export type TimeColumns =
  /** A row per instant: kept when `at` is inside the slice. */
  | { at: string }
  /** A row per window: kept when [start, end] overlaps the slice (SQL expressions). */
  | { start: string; end: string };

export interface TimeSeriesTable {
  name: string;
  /** The migration that created it: older files lack it. */
  migration: number;
  time: TimeColumns;
}

/** Tables that grow with the recording; everything in them is about some time. */
export const TIME_SERIES_TABLES: readonly TimeSeriesTable[] = [
  { name: 'ticks', migration: 1, time: { at: 'ts' } },
  { name: 'vertex_frames', migration: 1, time: { at: 'ts' } },
  { name: 'vertex_summaries', migration: 1, time: { at: 'ts' } },
  { name: 'vertex_aggregates', migration: 1, time: { at: 'ts' } },
  { name: 'taskmanager_frames', migration: 1, time: { at: 'ts' } },
  { name: 'events', migration: 1, time: { at: 'ts' } },
  { name: 'checkpoints', migration: 1, time: { start: 'trigger_ts', end: 'end_ts' } },
  { name: 'gc_windows', migration: 1, time: { start: 'start_ts', end: 'end_ts' } },
  { name: 'annotations', migration: 2, time: { start: 'start_ts', end: 'coalesce(end_ts, start_ts)' } },
  { name: 'gc_collector_windows', migration: 3, time: { start: 'start_ts', end: 'end_ts' } },
  { name: 'tick_problems', migration: 4, time: { at: 'ts' } },
  { name: 'evidence', migration: 5, time: { at: 'ts' } },
  { name: 'frame_samples', migration: 6, time: { at: 'ts' } },
];

export interface HistoryTable {
  name: string;
  migration: number;
  /** Columns naming whose history a row is part of. */
  owner: readonly string[];
}

/** Tables of changes (a new row when something changed): the row in force at a time counts then. */
export const HISTORY_TABLES: readonly HistoryTable[] = [
  { name: 'vertex_versions', migration: 1, owner: ['vertex_ref'] },
  { name: 'edge_sets', migration: 1, owner: ['cluster_id', 'job_id'] },
  { name: 'placements', migration: 1, owner: ['vertex_ref'] },
];

/** Tables a slice keeps whole: what the file is and what was recorded, not when. */
export const FIXED_TABLES: readonly string[] = [
  'header',
  'metrics',
  'migrations',
  'clusters',
  'jobs',
  'vertices',
  'taskmanagers',
  'source',
];

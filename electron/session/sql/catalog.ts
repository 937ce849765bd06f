// The file's header and its catalogue of metric names (file-local ids that frame blobs refer to).

import {
  SUBTASK_METRICS,
  TASKMANAGER_METRICS,
  type SubtaskMetric,
  type TaskManagerMetric,
} from '../../../shared/model';
import { epochMs, type EpochMs } from '../../../shared/time';
import type { SessionHeader } from '../types';
import { prepare, type Db } from './statements';

// ---- header ----

interface HeaderRow {
  app_version: string;
  created_ts: number;
  host_name: string;
}

export function headerFromRow(r: HeaderRow, formatVersion: number): SessionHeader {
  return { formatVersion, appVersion: r.app_version, createdTs: epochMs(r.created_ts), hostName: r.host_name };
}

export function insertHeader(db: Db, h: { appVersion: string; createdTs: EpochMs | number; hostName: string }): void {
  prepare(db, 'INSERT INTO header (id, app_version, created_ts, host_name) VALUES (1, ?, ?, ?)').run(
    h.appVersion,
    h.createdTs,
    h.hostName,
  );
}

/** The header, or null when the file has none (a damaged file). */
export function readHeader(db: Db): SessionHeader | null {
  const r = prepare<HeaderRow>(db, 'SELECT app_version, created_ts, host_name FROM header WHERE id = 1').get();
  return r === undefined ? null : headerFromRow(r, db.pragma('user_version', { simple: true }) as number);
}

// ---- metrics ----

interface MetricRow {
  id: number;
  scope: string;
  name: string;
}

/** File-local metric ids by name, of the metrics this build knows (others are ignored). */
export interface MetricIds {
  subtask: Map<SubtaskMetric, number>;
  taskManager: Map<TaskManagerMetric, number>;
}

const SUBTASK_SET = new Set<string>(SUBTASK_METRICS);
const TASKMANAGER_SET = new Set<string>(TASKMANAGER_METRICS);

/** A subtask metric this build knows (a file may name others, written by a newer build). */
export const isSubtaskMetric = (name: string): name is SubtaskMetric => SUBTASK_SET.has(name);

export function metricIdsFromRows(rows: readonly MetricRow[]): MetricIds {
  const out: MetricIds = { subtask: new Map(), taskManager: new Map() };
  for (const r of rows) {
    if (r.scope === 'subtask' && isSubtaskMetric(r.name)) out.subtask.set(r.name, r.id);
    else if (r.scope === 'taskmanager' && TASKMANAGER_SET.has(r.name))
      out.taskManager.set(r.name as TaskManagerMetric, r.id);
  }
  return out;
}

export function readMetricIds(db: Db): MetricIds {
  return metricIdsFromRows(prepare<MetricRow>(db, 'SELECT id, scope, name FROM metrics').all());
}

/** Gives every metric this build knows an id (existing ids never change). */
export function ensureMetricIds(db: Db): MetricIds {
  const ensure = prepare(db, 'INSERT OR IGNORE INTO metrics (scope, name) VALUES (?, ?)');
  db.transaction(() => {
    for (const m of SUBTASK_METRICS) ensure.run('subtask', m);
    for (const m of TASKMANAGER_METRICS) ensure.run('taskmanager', m);
  })();
  return readMetricIds(db);
}

/** Every subtask metric's id and name as the file has them, known to this build or not. */
export function subtaskMetricNames(db: Db): Array<{ id: number; name: string }> {
  return prepare<{ id: number; name: string }>(db, "SELECT id, name FROM metrics WHERE scope = 'subtask'").all();
}

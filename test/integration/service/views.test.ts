// What the replay UI is told about a hot-key incident recorded while the JobManager refreshed its
// metrics every 10 s and Backflow polled every 5 s: values with no baseline are unknown, repeated
// answers hold the last values (marked repeated) and only real gaps are "no data", graph nodes
// carry Busy (max) and the skew, the heatmap shows busy or idle as well, and the analysis lists
// one incident for the two backpressured vertices.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService, type Service } from '../../../electron/service/service';
import { SessionReader } from '../../../electron/session/reader';
import { ERROR_GAP, HOT_SUBTASK, JOB_ID, SKEW, T0, V, writeSkewSession } from '../../fixtures/skew-session';

let dir: string;
let reader: SessionReader;
let service: Service;
const at = (ms: number) => ({ clusterId: 1, jobId: JOB_ID, at: T0 + ms });

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'backflow-views-'));
  const file = path.join(dir, 'skew.backflow');
  writeSkewSession(file);
  reader = SessionReader.open(file);
  service = createService(reader);
  await service.analysis({});
});
afterAll(() => {
  service.close();
  reader.close();
  rmSync(dir, { recursive: true, force: true });
});

const vertex = (g: Awaited<ReturnType<Service['jobGraph']>>, id: string) => g.vertices.find((v) => v.vertexId === id)!;

describe('the job graph', () => {
  it('says unknown at the first sample, never busy 100 %', async () => {
    const g = await service.jobGraph(at(0));
    for (const v of g.vertices) {
      expect(v.busyMax).toBeNull();
      expect(v.busy).toBeNull();
      expect(v.gap).toBe('no-baseline');
    }
  });

  it('holds the last fetch at a tick that repeated it, marked repeated, with Busy (max) and the skew', async () => {
    const g = await service.jobGraph(at(205_000));
    expect(g.ts).toBe(T0 + 205_000);
    for (const id of [V.source, V.enrich]) {
      expect(vertex(g, id)).toMatchObject({ level: 'HIGH', repeated: true, sampleTs: T0 + 200_000, gap: null });
    }
    const w = vertex(g, V.window);
    expect(w).toMatchObject({
      level: 'OK',
      busiestSubtask: HOT_SUBTASK,
      busySubtasks: 1,
      reportingSubtasks: 4,
      busySpread: 'skew',
    });
    expect(w.busyMax).toBeCloseTo(1);
    expect(w.busy).toBeLessThan(0.4);
    expect(g.bottleneck?.vertexId).toBe(V.window);
    // The same values at the fetch itself, not repeated.
    expect(vertex(await service.jobGraph(at(200_000)), V.source)).toMatchObject({
      level: 'HIGH',
      repeated: false,
      sampleTs: T0 + 200_000,
    });
  });

  it('keeps "no data" for failed polls', async () => {
    const g = await service.jobGraph(at(ERROR_GAP.from + 10_000 - T0));
    for (const v of g.vertices) expect(v).toMatchObject({ level: null, gap: 'error-tick' });
  });
});

describe('per-subtask values', () => {
  it('hold the last fetch at a repeated tick', async () => {
    const r = await service.subtaskValues({ clusterId: 1, jobId: JOB_ID, vertexId: V.window, at: T0 + 205_000 });
    expect(r).toMatchObject({ ts: T0 + 205_000, sampleTs: T0 + 200_000, repeated: true, gap: null });
    expect(r.subtasks[HOT_SUBTASK]!.values.busyTimeMsPerSecond).toBeCloseTo(1000);
  });

  it('are unknown at the first sample', async () => {
    const r = await service.subtaskValues({ clusterId: 1, jobId: JOB_ID, vertexId: V.window, at: T0 });
    expect(r.gap).toBe('no-baseline');
    for (const s of r.subtasks) expect(s.values.busyTimeMsPerSecond).toBeNull();
  });
});

describe('the vertex detail', () => {
  const whole = { clusterId: 1, jobId: JOB_ID, from: T0, to: T0 + 595_000, columns: 119 };
  /** Column index of an instant. */
  const col = (ms: number) => Math.floor(((T0 + ms - whole.from) / (whole.to - whole.from)) * whole.columns);

  it('fills every column between two fetches: no hatched "no data" for a repeated answer', async () => {
    const d = await service.vertexDetail({ ...whole, vertexId: V.enrich });
    expect(d.heatmap.metric).toBe('backpressure');
    const nulls = d.heatmap.values[0]!.map((v, c) => (v === null ? c : -1)).filter((c) => c >= 0);
    // Only the first interval (no baseline) and the failed polls are without data.
    for (const c of nulls)
      expect(c <= 1 || (c >= col(ERROR_GAP.from - T0) && c <= col(ERROR_GAP.to - T0 + 10_000))).toBe(true);
    expect(nulls.length).toBeLessThan(8);
    expect(
      d.series.busyTimeMsPerSecond.max.slice(col(SKEW.from - T0), col(SKEW.to - T0)).every((v) => v !== null),
    ).toBe(true);
    expect(d.heatmap.values[0]![col(200_000)]).toBeGreaterThan(0.8);
  });

  it('shows busy per subtask: the hot subtask is the one bright row', async () => {
    const d = await service.vertexDetail({ ...whole, vertexId: V.window, heatmap: 'busy' });
    expect(d.heatmap.metric).toBe('busy');
    const mid = col(230_000);
    expect(d.heatmap.values.map((row) => Math.round((row[mid] ?? -1) * 100))).toEqual([8, 100, 8, 8]);
    const idle = await service.vertexDetail({ ...whole, vertexId: V.window, heatmap: 'idle' });
    expect(Math.round(idle.heatmap.values[0]![mid]! * 100)).toBe(92);
  });
});

describe('the analysis', () => {
  it('lists one incident for the two vertices the skewed window backpressured, its time counted once', async () => {
    const a = await service.analysis({});
    expect(a.episodes).toHaveLength(3);
    expect(a.incidents).toHaveLength(2);
    const [x] = a.incidents;
    expect(x!.vertices.map((v) => v.vertexId)).toEqual([V.source, V.enrich]);
    expect(x).toMatchObject({
      sustained: true,
      peak: 'HIGH',
      bottleneckVertexId: V.window,
      bottleneckSubtasks: [HOT_SUBTASK],
      cause: 'data skew',
      overlaps: [],
    });
    expect(x!.headline).toBe(
      'Window(…) subtask 1: data skew, backpressure on Source: Kafka Orders and KeyedProcess: Enrich 16:02:30–16:05:10 (2m 40s, sustained)',
    );
    expect(x!.durationMs).toBe(160_000);
    expect(x!.focusAt).toBeGreaterThanOrEqual(x!.start);
    expect(x!.focusAt).toBeLessThanOrEqual(x!.end);
    expect(x!.recordsDelayed).toBeGreaterThan(0);
    expect(a.backpressuredMs).toBe(170_000);
    expect(a.incidents[1]).toMatchObject({
      sustained: false,
      cause: 'GC pause',
      overlaps: ['gc'],
      bottleneckVertexId: V.enrich,
    });
  });
});

// Report benchmark: the HTML report of a 1-hour `large`-sized session against the ≤ 10 s goal.
//   npm run bench -- report
// The session is synthesised with SessionWriter (recording the simulated `large` cluster over
// HTTP takes ~25 min on these machines): the `large` scenario's shape, 20 chained vertices ×
// parallelism 256 on 32 TaskManagers, 10 s polls for an hour, 12 subtask metrics, checkpoints
// every minute, a GC window per TaskManager per poll, and a 10-minute incident: vertex 12 saturates
// (busy) and every vertex upstream of it is backpressured, with a long GC pause in the middle.

import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadReport, renderHtml, writeReport } from '../../electron/report/index';
import { readAnalysisInput } from '../../electron/session/analysis-input';
import { SessionReader, SessionWriter } from '../../electron/session/index';
import type { CheckpointEvent, GcWindow, SubtaskMetric, VertexFrame } from '../../shared/model';
import { analyzeSession } from '../../shared/analysis/index';
import { buildReport } from '../../shared/report/build';
import { durationMs, epochMs } from '../../shared/time';

const GOAL_MS = 10_000;
const INTERVAL = 10_000;
const TICKS = 360;
const VERTICES = 20;
const P = 256;
const TMS = 32;
const BOTTLENECK = 12;
const INCIDENT = { from: 180, to: 240 }; // ticks: minutes 30–40
const T0 = Date.UTC(2026, 10, 26, 6, 0, 0);
const fmt = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

/** Deterministic noise in [0, 1). */
function noise(a: number, b: number, c: number): number {
  let h =
    Math.imul(a + 0x9e3779b9, 0x85ebca6b) ^
    Math.imul(b + 0x7f4a7c15, 0xc2b2ae35) ^
    Math.imul(c + 0x165667b1, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return ((h ^ (h >>> 13)) >>> 0) / 2 ** 32;
}

function synthesise(file: string): void {
  const w = SessionWriter.create(file, { appVersion: 'bench' });
  const c = w.addCluster({
    url: 'http://127.0.0.1:8081',
    flinkVersion: '1.20.1',
    fetchIntervalMs: 10_000,
    pollIntervalMs: INTERVAL,
  });
  const job = 'clickstream';
  w.upsertJob({ clusterId: c, jobId: job, name: 'Clickstream Alerts' }, epochMs(T0));
  const vid = (v: number): string => `v${String(v).padStart(2, '0')}`;
  w.upsertVertices(
    epochMs(T0),
    Array.from({ length: VERTICES }, (_, v) => ({
      clusterId: c,
      jobId: job,
      vertexId: vid(v),
      name: v === 0 ? 'Source: Kafka clickstream.events -> Deserialize' : `KeyedProcess: stage ${v}`,
      parallelism: P,
      maxParallelism: 1024,
      topoIndex: v,
    })),
  );
  w.setEdges(
    c,
    job,
    epochMs(T0),
    Array.from({ length: VERTICES - 1 }, (_, v) => ({
      source: vid(v),
      target: vid(v + 1),
      shipStrategy: v % 2 ? 'HASH' : 'FORWARD',
    })),
  );
  const acc = {
    bp: new Float64Array(VERTICES * P),
    idle: new Float64Array(VERTICES * P),
    busy: new Float64Array(VERTICES * P),
    inn: new Float64Array(VERTICES * P),
    out: new Float64Array(VERTICES * P),
  };
  for (let i = 0; i < TICKS; i++) {
    const ts = epochMs(T0 + i * INTERVAL);
    const incident = i >= INCIDENT.from && i < INCIDENT.to;
    const frames: VertexFrame[] = [];
    for (let v = 0; v < VERTICES; v++) {
      const m: Partial<Record<SubtaskMetric, Float64Array>> = {};
      for (const k of [
        'backPressuredTimeMsPerSecond',
        'idleTimeMsPerSecond',
        'busyTimeMsPerSecond',
        'accumulateBackPressuredTimeMs',
        'accumulateIdleTimeMs',
        'accumulateBusyTimeMs',
        'inPoolUsage',
        'outPoolUsage',
        'numRecordsIn',
        'numRecordsOut',
        'numRecordsInPerSecond',
        'numRecordsOutPerSecond',
      ] as const)
        m[k] = new Float64Array(P);
      for (let s = 0; s < P; s++) {
        const n = noise(v, s, i);
        const bp = incident && v < BOTTLENECK ? 700 + 250 * n : Math.round(20 * n);
        const busy = incident && v === BOTTLENECK ? 960 + 30 * n : Math.round(300 + 200 * n);
        const idle = Math.max(0, 1000 - bp - busy);
        const rate = incident ? 600 : 1000;
        const j = v * P + s;
        acc.bp[j]! += bp * 10;
        acc.idle[j]! += idle * 10;
        acc.busy[j]! += busy * 10;
        acc.inn[j]! += rate * 10;
        acc.out[j]! += rate * 10;
        m.backPressuredTimeMsPerSecond![s] = bp;
        m.idleTimeMsPerSecond![s] = idle;
        m.busyTimeMsPerSecond![s] = busy;
        m.accumulateBackPressuredTimeMs![s] = acc.bp[j]!;
        m.accumulateIdleTimeMs![s] = acc.idle[j]!;
        m.accumulateBusyTimeMs![s] = acc.busy[j]!;
        m.inPoolUsage![s] = incident && v <= BOTTLENECK ? 1 : Math.round(n * 8) / 32;
        m.outPoolUsage![s] = incident && v < BOTTLENECK ? 1 : Math.round(n * 8) / 32;
        m.numRecordsIn![s] = acc.inn[j]!;
        m.numRecordsOut![s] = acc.out[j]!;
        m.numRecordsInPerSecond![s] = rate;
        m.numRecordsOutPerSecond![s] = rate;
      }
      frames.push({
        clusterId: c,
        jobId: job,
        vertexId: vid(v),
        ts,
        parallelism: P,
        subtasks: m,
        ...(i === 0 ? { taskManagers: Array.from({ length: P }, (_, s) => `tm-${s % TMS}`) } : {}),
      });
    }
    const checkpoints: CheckpointEvent[] =
      i % 6 === 0 && i > 0
        ? [
            {
              clusterId: c,
              jobId: job,
              id: i / 6,
              status: i % 60 === 0 ? 'FAILED' : 'COMPLETED',
              isSavepoint: false,
              triggerTs: epochMs(ts - 9_000),
              endTs: epochMs(ts - 9_000 + (incident ? 8_000 : 1_200)),
              checkpointedSize: 1e8,
              stateSize: 1e9,
              alignmentMs: incident ? 6_000 : 20,
              failureMessage: null,
            },
          ]
        : [];
    const gcWindows: GcWindow[] =
      i === 0
        ? []
        : Array.from({ length: TMS }, (_, t) => ({
            clusterId: c,
            taskManagerId: `tm-${t}`,
            start: epochMs(ts - INTERVAL),
            end: ts,
            gcTimeMs: i === 210 && t === 5 ? 15_000 : 15 + Math.round(20 * noise(t, i, 99)),
            gcCount: i === 210 && t === 5 ? 1 : 2,
            collector: i === 210 && t === 5 ? 'G1 Old Generation' : 'G1 Young Generation',
          }));
    w.writeTick({
      tick: {
        clusterId: c,
        ts,
        status: 'ok',
        latencyMs: durationMs(40),
        serverTs: ts,
        fresh: true,
        requests: 60,
        error: null,
      },
      vertexFrames: frames,
      checkpoints,
      gcWindows,
    });
  }
  const base = { tag: null, clusterId: null, jobId: null, vertexId: null, pinned: false };
  w.addAnnotation({ ...base, start: epochMs(T0 + 29 * 60_000), end: null, text: 'deploy of v2.3', tag: 'deploy' });
  w.addAnnotation({
    ...base,
    start: epochMs(T0 + 31 * 60_000),
    end: epochMs(T0 + 41 * 60_000),
    text: 'Kafka lag alert',
  });
  w.close();
}

const dir = mkdtempSync(path.join(tmpdir(), 'backflow-report-bench-'));
try {
  const file = path.join(dir, 'large.backflow');
  let t = performance.now();
  synthesise(file);
  console.log(
    `session: 1 h at 10 s, ${VERTICES} vertices × ${P} subtasks × 12 metrics, ${TMS} TaskManagers, ${(statSync(file).size / 1e6).toFixed(1)} MB, written in ${fmt(performance.now() - t)}`,
  );

  // End to end, as `backflow report --format html` does it.
  const t0 = performance.now();
  const reader = SessionReader.open(file);
  const model = loadReport(reader);
  await writeReport(model, 'html', path.join(dir, 'large.html'));
  reader.close();
  const totalMs = performance.now() - t0;

  // The same by phase, to see where the time goes.
  const r2 = SessionReader.open(file);
  t = performance.now();
  const input = readAnalysisInput(r2);
  const readMs = performance.now() - t;
  t = performance.now();
  const doc = analyzeSession(input);
  const analyzeMs = performance.now() - t;
  t = performance.now();
  const m2 = buildReport({ doc, input, session: r2.info(), annotations: r2.annotations(), generatedAt: Date.now() });
  const buildMs = performance.now() - t;
  t = performance.now();
  const html = renderHtml(m2);
  const renderMs = performance.now() - t;
  r2.close();

  console.log(
    `  read session ${fmt(readMs)} · analyse ${fmt(analyzeMs)} · build model ${fmt(buildMs)} · render HTML ${fmt(renderMs)} (${Math.round(html.length / 1024)} KB)`,
  );
  console.log(
    `  ${model.summary.incidents} incidents of ${model.summary.episodes} episodes (${model.summary.sustained} sustained, first bottleneck: ${model.incidents[0]?.bottleneck?.vertexName ?? 'none'}), ${model.timeline.lanes.length} lanes, ${model.incidents.length} incident sections, ${model.checkpoints.length} checkpoints, ${model.gc.length} GC windows`,
  );
  console.log(
    `HTML report of a 1-hour large session: ${fmt(totalMs)} (goal ≤ ${fmt(GOAL_MS)}: ${totalMs <= GOAL_MS ? 'met' : 'MISSED'})`,
  );
  if (totalMs > GOAL_MS) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}

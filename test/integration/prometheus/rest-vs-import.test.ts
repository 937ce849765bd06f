// The same simulated incident, recorded over REST and imported from a real Prometheus that
// scraped the same cluster meanwhile, gives the same episodes: vertex and class for every episode
// at least two samples long, each covered by the other source's to within one sample.
//
// How the two are made comparable: the story runs ten times faster than real time in steps (every
// 2 s of wall time the model jumps 20 s), and both sources sample 1.5 s after each jump. Prometheus
// scrapes each process at its own phase of the 1 s interval, so a range query's instant combines
// samples up to 1 s apart; between jumps they all show the same model instant, as a REST poll does.
// (Run smoothly at ×10, those phases would mix instants 10 s of the story apart across subtasks.)
// The cluster answers as Flink 1.15, whose ratios come from the time-accounting gauges: the 1.16+
// accumulate* counters count story milliseconds, which a sped-up story cannot give per wall second.
// May differ, and why: where two transients lie a few samples apart, one source may bridge them
// into one episode; vertex names, which the reporter writes with `_` for every character outside
// [a-zA-Z0-9:_]. The bottleneck is compared only for the import given the REST file's job graph
// (--topology-from): without it the import has no edges to walk.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { importPrometheus } from '../../../electron/import/prometheus/importer';
import { Recorder } from '../../../electron/recorder/recorder';
import { readAnalysisInput } from '../../../electron/session/analysis-input';
import { SessionReader, SessionWriter } from '../../../electron/session/index';
import { analyzeSession } from '../../../shared/analysis/index';
import { epochMs } from '../../../shared/time';
import { startScrapedSimulator } from './scraped-simulator';

const JUMP_MS = 20_000;
const WALL_STEP_MS = 2000;
const SAMPLE_AFTER_MS = 1500;
const AFTERMATH_MS = 60_000;
const dir = mkdtempSync(path.join(tmpdir(), 'backflow-rest-vs-import-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const until = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - Date.now())));

function episodes(file: string) {
  const reader = SessionReader.open(file);
  try {
    const doc = analyzeSession(readAnalysisInput(reader), { sustainedAfterMs: (60_000 * WALL_STEP_MS) / JUMP_MS });
    return doc.episodes.map((e) => ({
      vertexId: e.vertexId,
      vertexName: e.vertexName,
      class: e.class,
      bottleneck: e.bottleneck?.vertexId ?? null,
      start: e.start,
      end: e.end,
    }));
  } finally {
    reader.close();
  }
}

function checkpoints(file: string) {
  const reader = SessionReader.open(file);
  try {
    return reader
      .checkpoints({ from: epochMs(0), to: epochMs(Number.MAX_SAFE_INTEGER) })
      .filter((c) => c.status !== 'IN_PROGRESS')
      .sort((a, b) => a.id - b.id);
  } finally {
    reader.close();
  }
}

it('gives the same episodes and checkpoints recorded over REST and imported from Prometheus', async () => {
  const chain = await startScrapedSimulator({
    scenario: 'incident',
    flinkVersion: '1.15',
    clock: 'manual',
    fetchIntervalMs: 1000,
  });
  const restFile = path.join(dir, 'rest.backflow');
  const importFile = path.join(dir, 'import.backflow');
  const withGraphFile = path.join(dir, 'import-graph.backflow');
  const jumps = Math.ceil((chain.cluster.model.groundTruth.durationMs + AFTERMATH_MS) / JUMP_MS);
  const t0 = Date.now() + 1000;
  try {
    const writer = SessionWriter.create(restFile, { appVersion: 'test' });
    const recorder = new Recorder({
      writer,
      targets: [{ connection: { url: chain.cluster.url, retries: 0 }, jobs: [] }],
      intervalMs: WALL_STEP_MS,
      detail: 'hot',
    });
    try {
      for (let k = 0; k < jumps; k++) {
        await until(t0 + k * WALL_STEP_MS);
        chain.cluster.advance(JUMP_MS);
        await until(t0 + k * WALL_STEP_MS + SAMPLE_AFTER_MS);
        await recorder.pollOnce();
      }
    } finally {
      recorder.close();
      writer.close();
    }
    const last = t0 + (jumps - 1) * WALL_STEP_MS + SAMPLE_AFTER_MS;
    await until(last + 1000);
    await importPrometheus({
      connection: { url: chain.prometheus.url },
      out: importFile,
      from: epochMs(t0 + SAMPLE_AFTER_MS),
      to: epochMs(last),
      stepMs: WALL_STEP_MS,
      appVersion: 'test',
    });
    const withGraph = await importPrometheus({
      connection: { url: chain.prometheus.url },
      out: withGraphFile,
      from: epochMs(t0 + SAMPLE_AFTER_MS),
      to: epochMs(last),
      stepMs: WALL_STEP_MS,
      topologyFrom: restFile,
      appVersion: 'test',
    });
    expect([...withGraph.topology.values()].map((t) => t.edges.length > 0)).toEqual([true]);
  } finally {
    await chain.stop();
  }
  // Checkpoints: the import rebuilds each from the JobManager's counters where they grew. The
  // model's checkpoints come every 30 s of the story and the samples 20 s apart, so at most one
  // finishes between two samples and every one the import saw is REST's, by id (the count of
  // finished checkpoints on 1.15), with REST's end-to-end duration
  // (lastCheckpointDuration; REST's trigger and end are rounded separately, hence ±1 ms). Their instants differ: REST gives the story's clock, the import
  // the sample where the counter grew (up to one step after the end), so only durations compare.
  const rc = checkpoints(restFile);
  const ic = checkpoints(importFile);
  console.log(`checkpoints REST ${rc.length}, import ${ic.length}`);
  const completed = (list: typeof rc) => list.filter((c) => c.status === 'COMPLETED');
  expect(completed(ic).length).toBeGreaterThanOrEqual(5);
  const ids = completed(ic).map((c) => c.id);
  const restInRange = (list: typeof rc) => list.filter((c) => c.id >= Math.min(...ids) && c.id <= Math.max(...ids));
  const restDone = completed(restInRange(rc));
  expect(completed(ic).map((c) => c.id)).toEqual(restDone.map((c) => c.id));
  completed(ic).forEach((c, k) =>
    expect(
      Math.abs(c.endTs - c.triggerTs - (restDone[k]!.endTs - restDone[k]!.triggerTs)),
      `checkpoint ${c.id}`,
    ).toBeLessThanOrEqual(1),
  );
  expect(restInRange(ic).filter((c) => c.status === 'FAILED').length).toBe(
    restInRange(rc).filter((c) => c.status === 'FAILED').length,
  );
  const rest = episodes(restFile);
  const imported = episodes(importFile);
  const show = (list: typeof rest) =>
    list.map((e) => `  ${e.vertexName} ${e.class} ${e.start - t0}..${e.end - t0}`).join('\n');
  console.log(`REST:\n${show(rest)}\nimport:\n${show(imported)}`);
  const long = (list: typeof rest) => list.filter((e) => e.end - e.start >= WALL_STEP_MS);
  expect(long(rest).length).toBeGreaterThan(0);
  // Each long episode of one source is covered, to within one sample at each end, by the other's
  // episodes of the same vertex and class that overlap it: one source may bridge two transients
  // a few samples apart that the other keeps apart (seen on REST now and then).
  const covered = (e: (typeof rest)[number], other: typeof rest, what: string) => {
    const twins = other.filter(
      (o) => o.vertexId === e.vertexId && o.class === e.class && o.start <= e.end && e.start <= o.end,
    );
    expect(twins.length, `${what} ${e.vertexName} ${e.class} ${e.start - t0}..${e.end - t0}`).toBeGreaterThan(0);
    expect(Math.min(...twins.map((o) => o.start))).toBeLessThanOrEqual(e.start + WALL_STEP_MS);
    expect(Math.max(...twins.map((o) => o.end))).toBeGreaterThanOrEqual(e.end - WALL_STEP_MS);
  };
  for (const e of long(rest)) covered(e, imported, 'the import has REST episode');
  for (const i of long(imported)) covered(i, rest, 'REST has imported episode');
  // With the REST file's job graph the import walks to the same bottleneck as REST.
  const sustained = (list: typeof rest) =>
    new Set(list.filter((e) => e.class === 'sustained').map((e) => e.bottleneck));
  expect(sustained(rest).size).toBeGreaterThan(0);
  expect([...sustained(rest)].every((b) => b !== null)).toBe(true);
  expect(sustained(episodes(withGraphFile))).toEqual(sustained(rest));
}, 180_000);

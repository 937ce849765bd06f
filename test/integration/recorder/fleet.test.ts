// One recorder, the 20-cluster fleet (simulator in its own process, manual clock), stepped 10 s
// per tick through the incident: the analysis finds the incident on the cluster and job the ground
// truth names, with its bottleneck; recorder CPU per tick stays within 30 % of a core; the heap
// stays flat while the session grows.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Recorder } from '../../../electron/recorder/recorder';
import { readAnalysisInput } from '../../../electron/session/analysis-input';
import { SessionReader, SessionWriter } from '../../../electron/session/index';
import { analyzeSession, type AnalysisDocument } from '../../../shared/analysis/index';
import { startFleetProcess, type FleetProcess } from '../../fixtures/recorder/fleet-process';
import { TempDir } from '../../fixtures/recorder/harness';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const INTERVAL_MS = 10_000;
/** Recording starts half a minute before the incident and ends a minute after it. */
const SKIP_MS = 90_000;
const TICKS = 40;
/** Heap is compared from here on: the first ticks build every cluster's plan and caches. */
const SETTLED_TICK = 10;
const CPU_GOAL_MS = 3_000;

let tmp: TempDir;
let fleet: FleetProcess;
let doc: AnalysisDocument;
const cpuMs: number[] = [];
const requests: number[] = [];
const heapMb: number[] = [];

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

beforeAll(async () => {
  tmp = new TempDir();
  fleet = await startFleetProcess(ROOT);
  const file = tmp.file('fleet.backflow');
  const writer = SessionWriter.create(file, { appVersion: 'fleet-test' });
  const recorder = new Recorder({
    writer,
    targets: fleet.urls.map((url) => ({ connection: { url, retries: 0 }, jobs: [] })),
    intervalMs: INTERVAL_MS,
    detail: 'hot',
    clock: () => fleet.now(),
  });
  await fleet.advance(SKIP_MS);
  try {
    for (let i = 0; i < TICKS; i++) {
      const c0 = process.cpuUsage();
      await recorder.pollOnce();
      const c = process.cpuUsage(c0);
      cpuMs.push((c.user + c.system) / 1000);
      requests.push(recorder.status().clusters.reduce((n, s) => n + s.lastRequests, 0));
      gc();
      heapMb.push(process.memoryUsage().heapUsed / 1024 / 1024);
      await fleet.advance(INTERVAL_MS);
    }
  } finally {
    recorder.close();
    writer.close();
  }
  const reader = SessionReader.open(file);
  doc = analyzeSession(readAnalysisInput(reader));
  reader.close();
}, 600_000);

afterAll(async () => {
  await fleet?.close();
  tmp?.remove();
});

it('finds the incident on the right cluster and job, bottleneck named, and nothing sustained elsewhere', () => {
  const truth = fleet.truth.incident;
  const clusterIndex = Number(truth.cluster.slice(-2)) - 1;
  const url = fleet.urls[clusterIndex]!;
  const sustained = doc.incidents.filter((i) => i.class === 'sustained');
  expect(sustained.length).toBeGreaterThanOrEqual(1);
  const lead = sustained[0]!;
  expect(lead.cluster).toBe(url);
  expect(lead.jobId).toBe(truth.jobId);
  expect(lead.bottleneck?.vertexId).toBe(truth.vertexId);
  expect(lead.bottleneck?.vertexName).toBe(truth.vertexName);
  for (const i of sustained) expect({ cluster: i.cluster, job: i.jobId }).toEqual({ cluster: url, job: truth.jobId });
  console.log(
    `fleet incident: ${truth.cluster} (${url}) ${truth.jobName}, bottleneck ${lead.bottleneck?.vertexName}; ` +
      `${doc.episodes.length} episodes, ${sustained.length} sustained incident(s)`,
  );
});

it('records 20 clusters within 30 % of one core per 10 s tick', () => {
  const steady = cpuMs.slice(1).sort((a, b) => a - b);
  const median = steady[Math.floor(steady.length / 2)]!;
  console.log(
    `fleet recorder CPU per tick: first ${cpuMs[0]!.toFixed(0)} ms, median ${median.toFixed(0)} ms, max ${Math.max(...steady).toFixed(0)} ms; ` +
      `requests per tick: first ${requests[0]}, median ${[...requests.slice(1)].sort((a, b) => a - b)[Math.floor(steady.length / 2)]}`,
  );
  expect(median).toBeLessThan(CPU_GOAL_MS);
  expect(cpuMs[0]!).toBeLessThan(2 * CPU_GOAL_MS);
});

it('keeps the heap flat over the recording', () => {
  const settled = heapMb.slice(SETTLED_TICK);
  const half = Math.floor(settled.length / 2);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const growth = mean(settled.slice(half)) - mean(settled.slice(0, half));
  console.log(
    `fleet heap after GC: tick ${SETTLED_TICK} ${settled[0]!.toFixed(1)} MB, last ${settled.at(-1)!.toFixed(1)} MB, ` +
      `max ${Math.max(...settled).toFixed(1)} MB; second half − first half ${growth.toFixed(2)} MB over ${half} ticks`,
  );
  // A leak of a few kB per cluster and tick would show here as several MB.
  expect(growth).toBeLessThan(4);
  expect(Math.max(...settled)).toBeLessThan(settled[0]! + 16);
});

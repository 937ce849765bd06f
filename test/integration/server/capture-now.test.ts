// "Capture now" over real HTTP while this process records the session (as `backflow demo --serve`
// does): the served session says it can capture; a request for a vertex is captured from the next
// tick on (thread dumps at once, flame graphs once sampled), a second one within 30 s is refused,
// one after is taken (the 10-minute automatic limit does not apply); when recording ends, or for a
// session this process does not record, the button's call is refused.

import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CaptureEvidenceResult, EvidenceListResult, SessionInfoResult } from '../../../shared/api';
import { startServer, type ServedSession } from '../../../electron/server/server';
import { createSimulation } from '../../../electron/simulator/model/index';
import type { SimulatedCluster } from '../../../electron/simulator/index';
import { startSim, steppedRecording, T0, type SteppedRecording } from '../../fixtures/recorder/harness';

let dir: string;
let cluster: SimulatedCluster;
let rec: SteppedRecording;
let served: ServedSession;
let recording = true;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'backflow-capture-now-'));
  const model = createSimulation({ scenario: 'healthy', seed: 7, startTime: T0 });
  cluster = await startSim({ scenario: 'healthy', model });
  rec = steppedRecording({ file: path.join(dir, 'live.backflow'), targets: [{ url: cluster.url }], models: [model] });
  const ui = path.join(dir, 'ui');
  mkdirSync(ui);
  writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>ui</title>');
  served = await startServer({
    sessionPath: rec.file,
    port: 0,
    staticRoot: ui,
    captureEvidence: { active: () => recording, request: (r) => rec.recorder.requestEvidence(r) },
  });
});

afterAll(async () => {
  await served?.close();
  rec?.finish().close();
  await cluster?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function api<T>(method: string, params: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${served.url}api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-backflow-token': served.token },
    body: JSON.stringify(params),
  });
  return { status: res.status, body: (await res.json()) as T };
}

it('captures a vertex on request, at most once per 30 s, and only while recording', async () => {
  for (let i = 0; i < 2; i++) await rec.step();
  const info = (await api<SessionInfoResult>('sessionInfo', {})).body;
  expect(info.canCapture).toBe(true);
  const sink = info.vertices.find((v) => v.name.startsWith('Sink'))!;
  const at = { clusterId: sink.clusterId, jobId: sink.jobId, vertexId: sink.vertexId };

  // A healthy job: nothing was captured by itself.
  expect((await api<EvidenceListResult>('evidence', {})).body.entries).toEqual([]);
  const asked = await api<CaptureEvidenceResult>('captureEvidence', at);
  expect(asked.status).toBe(200);
  expect(asked.body).toEqual({
    accepted: true,
    message: 'flame graphs and thread dumps will be captured from the next poll on',
  });

  // Thread dumps on the next tick while the sampling runs, flame graphs a tick later.
  await rec.step();
  await rec.step();
  const first = (await api<EvidenceListResult>('evidence', at)).body.entries;
  expect(first.filter((e) => e.kind === 'thread-dump').length).toBeGreaterThanOrEqual(1);
  expect(first.filter((e) => e.kind === 'flamegraph').map((e) => [e.type, e.status])).toEqual([
    ['ON_CPU', 'captured'],
    ['OFF_CPU', 'captured'],
  ]);

  const again = await api<CaptureEvidenceResult>('captureEvidence', at);
  expect(again.body.accepted).toBe(false);
  expect(again.body.message).toMatch(/^captured moments ago: ask again in \d+ s$/);

  for (let i = 0; i < 2; i++) await rec.step();
  expect((await api<CaptureEvidenceResult>('captureEvidence', at)).body.accepted).toBe(true);
  await rec.step();
  await rec.step();
  const both = (await api<EvidenceListResult>('evidence', at)).body.entries;
  expect(both.filter((e) => e.kind === 'flamegraph')).toHaveLength(4);

  const unknown = await api<{ error: string }>('captureEvidence', { ...at, vertexId: 'nope' });
  expect(unknown.status).toBe(404);

  recording = false;
  expect((await api<SessionInfoResult>('sessionInfo', {})).body.canCapture).toBe(false);
  const after = await api<{ error: string }>('captureEvidence', at);
  expect(after.status).toBe(409);
  expect(after.body.error).toMatch(/not being recorded by this process/);
}, 60_000);

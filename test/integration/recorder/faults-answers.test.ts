// A JobManager (or the proxy in front of it) that answers badly: each bad answer becomes one
// recorded error tick with a specific reason, and the next good answer is recorded normally.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FlinkConnectionOptions } from '../../../electron/flink/index';
import { CONNECTION_DEFAULTS } from '../../../electron/flink/index';
import type { SimFault, SimulatedCluster } from '../../../electron/simulator/index';
import { allTicks, startSim, steppedRecording, TempDir } from '../../fixtures/recorder/harness';
import { ASK_TIMEOUT_SUMMARY, ASK_TIMEOUT_TRACE, flink500 } from '../../unit/flink/canned';
import { epochMs } from '../../../shared/time';

let sim: SimulatedCluster;
let tmp: TempDir;
beforeAll(async () => {
  sim = await startSim();
  tmp = new TempDir();
});
afterAll(async () => {
  await sim.close();
  tmp.remove();
});
beforeEach(() => sim.clearFaults());

/**
 * Two good ticks, then `fault` armed on every cluster-level job listing, one more tick (the one
 * under test), the fault cleared and a last tick that must be ok again.
 */
async function tickWithFault(name: string, fault: SimFault, connection: Partial<FlinkConnectionOptions> = {}) {
  const rec = steppedRecording({
    file: tmp.file(`${name}.backflow`),
    targets: [{ url: sim.url, connection }],
    models: [sim.model],
  });
  await rec.step();
  await rec.step();
  sim.injectFault(fault);
  await rec.step();
  sim.clearFaults();
  await rec.step();
  const reader = rec.finish();
  const ticks = allTicks(reader);
  const vertices = reader.vertices();
  const lastFrames = vertices.map((v) => reader.stateAt(ticks[3]!.ts).filter((f) => f.vertexId === v.vertexId).length);
  reader.close();
  expect(ticks).toHaveLength(4);
  expect(ticks[0]!.status).toBe('ok');
  expect(ticks[3]!.status).toBe('ok');
  expect(lastFrames.every((n) => n === 1)).toBe(true);
  return ticks[2]!;
}

const OVERVIEW = '/jobs/overview';

describe('bad answers become specific error ticks', () => {
  it('a response slower than the client deadline is a timeout', async () => {
    const t = await tickWithFault(
      'timeout',
      { kind: 'delay', ms: 1500, pathPrefix: OVERVIEW, times: 1 },
      { timeoutMs: 300 },
    );
    expect(t.status).toBe('error');
    expect(t.error).toBe(`GET ${OVERVIEW}: no answer within 300 ms`);
  });

  it('a response slower than usual but within the deadline is recorded normally', async () => {
    const t = await tickWithFault(
      'slow',
      { kind: 'delay', ms: 150, pathPrefix: OVERVIEW, times: 1 },
      { timeoutMs: 1000 },
    );
    expect(t.status).toBe('ok');
    expect(t.error).toBeNull();
    // The latency column shows the slowness.
    expect(t.latencyMs).toBeGreaterThanOrEqual(150);
  });

  it("a proxy's HTML page is named as such", async () => {
    const t = await tickWithFault('html', { kind: 'html', pathPrefix: OVERVIEW, times: 1 });
    expect(t.status).toBe('error');
    expect(t.error).toBe(`GET ${OVERVIEW}: proxy answered an HTML page (status 200), not JSON`);
  });

  it.each([
    [401, 'authentication'],
    [403, 'authorization'],
  ])('status %i says %s failed at the proxy', async (status, what) => {
    const t = await tickWithFault(`auth${status}`, { kind: 'status', status, pathPrefix: OVERVIEW, times: 1 });
    expect(t.status).toBe('error');
    expect(t.error).toContain(`${what} failed at the proxy in front of the JobManager (status ${status})`);
  });

  it('a transient 500 is retried and the tick is ok', async () => {
    const before = sim.requestCount();
    const t = await tickWithFault(
      '500-clears',
      { kind: 'status', status: 500, pathPrefix: OVERVIEW, times: 2 },
      { retries: 2 },
    );
    expect(t.status).toBe('ok');
    expect(t.error).toBeNull();
    // The two failed attempts were real requests, counted in the tick.
    expect(sim.requestCount() - before).toBeGreaterThan(2);
  });

  it('a 500 that outlasts the retries is an error tick with the status and the server-side cause Flink sent', async () => {
    const t = await tickWithFault(
      '500-stays',
      { kind: 'status', status: 500, body: flink500(ASK_TIMEOUT_TRACE), pathPrefix: OVERVIEW, times: 3 },
      { retries: 2 },
    );
    expect(t.status).toBe('error');
    // errors[0] is only "Internal server error."; errors[1] (the trace) says what failed.
    expect(t.error).toBe(`GET ${OVERVIEW}: server answered status 500 (${ASK_TIMEOUT_SUMMARY})`);
  });

  it('a body over the size cap is too large, not parsed', async () => {
    const cap = CONNECTION_DEFAULTS.maxBodyBytes;
    const t = await tickWithFault('oversized', { kind: 'oversized', bytes: cap + 1, pathPrefix: OVERVIEW, times: 1 });
    expect(t.status).toBe('error');
    expect(t.error).toBe(`GET ${OVERVIEW}: response body exceeds the ${cap}-byte limit (status 200)`);
  });

  it('a body cut off mid-JSON is invalid JSON', async () => {
    const t = await tickWithFault('malformed', { kind: 'malformed-json', pathPrefix: OVERVIEW, times: 1 });
    expect(t.status).toBe('error');
    expect(t.error).toMatch(new RegExp(`^GET ${OVERVIEW}: response is not valid JSON \\(.+\\)$`));
  });

  it('a connection dropped without an answer says the JobManager cannot be reached', async () => {
    const t = await tickWithFault('dropped', { kind: 'drop-connection', pathPrefix: OVERVIEW, times: 1 });
    expect(t.status).toBe('error');
    expect(t.error).toBe(`GET ${OVERVIEW}: cannot reach ${sim.url}: ECONNRESET`);
  });

  it('a job whose checkpoint statistics answer 404 "Checkpointing has not been enabled." is still recorded, without checkpoints', async () => {
    const job = sim.model.jobs[0]!;
    sim.injectFault({
      kind: 'status',
      status: 404,
      body: JSON.stringify({ errors: ['Checkpointing has not been enabled.'] }),
      pathPrefix: `/jobs/${job.jobId}/checkpoints`,
    });
    const rec = steppedRecording({
      file: tmp.file('no-checkpointing.backflow'),
      targets: [{ url: sim.url }],
      models: [sim.model],
    });
    for (let i = 0; i < 3; i++) await rec.step();
    sim.clearFaults();
    const reader = rec.finish();
    const ticks = allTicks(reader);
    expect(ticks.map((t) => [t.status, t.error])).toEqual([
      ['ok', null],
      ['ok', null],
      ['ok', null],
    ]);
    const last = ticks[2]!;
    expect(
      new Set(
        reader
          .stateAt(last.ts)
          .filter((f) => f.ts === last.ts)
          .map((f) => f.vertexId),
      ),
    ).toEqual(new Set(job.vertices.map((v) => v.id)));
    expect(reader.checkpoints({ from: epochMs(0), to: last.ts })).toEqual([]);
    reader.close();
  });

  it("one vertex's metrics answering a proxy error page makes the tick partial, naming the vertex; the rest is recorded", async () => {
    const job = sim.model.jobs[0]!;
    const vertex = job.vertices[1]!;
    const rec = steppedRecording({
      file: tmp.file('partial.backflow'),
      targets: [{ url: sim.url }],
      models: [sim.model],
    });
    await rec.step();
    sim.injectFault({
      kind: 'html',
      status: 502,
      pathPrefix: `/jobs/${job.jobId}/vertices/${vertex.id}/subtasks/metrics`,
    });
    await rec.step();
    sim.clearFaults();
    const reader = rec.finish();
    const t = allTicks(reader)[1]!;
    expect(t.status).toBe('partial');
    // Long vertex names are shortened in the message; the path names the vertex exactly.
    expect(t.error).toContain(vertex.name.slice(0, 40));
    expect(t.error).toContain(
      `: GET /jobs/${job.jobId}/vertices/${vertex.id}/subtasks/metrics: server answered status 502 (proxy HTML page)`,
    );
    // Its per-subtask backpressure (another endpoint) is still recorded; only its aggregates are missing.
    const frames = reader.stateAt(t.ts).filter((f) => f.ts === t.ts);
    expect(frames.map((f) => f.vertexId).sort()).toEqual(job.vertices.map((v) => v.id).sort());
    const aggregated = new Set(reader.vertexAggregates({ from: t.ts, to: t.ts }).map((a) => a.vertexId));
    expect([...aggregated].sort()).toEqual(
      job.vertices
        .map((v) => v.id)
        .filter((id) => id !== vertex.id)
        .sort(),
    );
    reader.close();
  });
});

// The client's flame graph and thread dump calls against the simulated cluster of each version
// that has them: the "waiting" placeholder, then a tree; thread states parsed; errors as for any
// other endpoint (a TaskManager that is gone is 'not-found').
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlinkApiError, FlinkClient } from '../../../electron/flink';
import { SIMULATED_VERSIONS, startSimulatedCluster, type SimulatedCluster } from '../../../electron/simulator';
import { PROFILES } from '../../../electron/simulator/versions/profile';

const WITH_EVIDENCE = SIMULATED_VERSIONS.filter((v) => PROFILES[v].flameGraph);

describe.each(WITH_EVIDENCE)('simulated Flink %s', (version) => {
  let cluster: SimulatedCluster;
  let client: FlinkClient;
  beforeAll(async () => {
    cluster = await startSimulatedCluster({ scenario: 'slow-sink', flinkVersion: version });
    cluster.advance(120_000);
    client = new FlinkClient({ url: cluster.url, retries: 0 });
    await client.detectVersion();
  });
  afterAll(async () => {
    client.close();
    await cluster.close();
  });

  it('samples, then returns the tree; thread dumps parse with states', async () => {
    const job = cluster.model.jobs[0]!;
    const sink = job.vertices.find((v) => v.isSink)!;
    expect(await client.getFlameGraph(job.jobId, sink.id, 'ON_CPU')).toEqual({ status: 'waiting' });
    cluster.advance(6_000);
    const answer = await client.getFlameGraph(job.jobId, sink.id, 'ON_CPU');
    expect(answer.status).toBe('ready');
    if (answer.status !== 'ready') return;
    expect(answer.graph.cut).toBeNull();
    const flat = JSON.stringify(answer.graph.root);
    // A slow sink waits for its external system in a socket read, which the JVM counts as running.
    expect(flat).toContain('java.net.SocketInputStream.socketRead0:-2');
    const tm = cluster.model.taskManagers[0]!.id;
    const dump = await client.getThreadDump(tm);
    expect(dump.threads.length).toBeGreaterThan(4);
    expect(dump.threads.every((t) => t.state !== null)).toBe(true);
    const gone = await client.getThreadDump('gone:1-abc').catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(FlinkApiError);
    expect((gone as FlinkApiError).kind).toBe('not-found');
  });
});

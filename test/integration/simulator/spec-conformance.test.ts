// Every endpoint the simulator serves, for every version profile, validated against the spec
// Flink published for that version (strict on unknown fields; see spec-validator.ts).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIMULATED_VERSIONS } from '../../../electron/simulator';
import { endpointCalls, specViolations } from './endpoint-calls';
import { fixtureCluster, get } from './helpers';

describe.each(SIMULATED_VERSIONS.map((v) => [v]))('Flink %s responses match the published spec', (version) => {
  let cluster: Awaited<ReturnType<typeof fixtureCluster>>;
  beforeAll(async () => {
    cluster = await fixtureCluster({ flinkVersion: version });
    // Past the history cap (a checkpoint every 10 s), with completed, failed and in-progress ones.
    cluster.advance(125_000);
    // 1.12 answers "deprecated" until a backpressure sample has run; sample once so "ok" is validated too.
    if (version === '1.12') {
      for (const v of cluster.model.jobs[0]!.vertices)
        await get(cluster, `/jobs/${cluster.model.jobs[0]!.jobId}/vertices/${v.id}/backpressure`);
      cluster.advance(6000);
    }
  });
  afterAll(() => cluster.close());

  it('validates every endpoint and every vertex, checkpoint and TaskManager', async () => {
    const calls = endpointCalls(cluster.model, version);
    expect(calls.length).toBeGreaterThan(60);
    const problems = await specViolations(cluster, version, calls);
    expect(problems.join('\n')).toBe('');
  });
});

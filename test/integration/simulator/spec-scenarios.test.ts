// The real scenarios (not just the fixture) produce spec-conformant answers: every scenario is
// served under one version profile, rotating so that each profile sees one or two scenarios.
// (spec-conformance.test.ts covers every endpoint of every profile exhaustively on the fixture.)

import { afterEach, describe, expect, it } from 'vitest';
import { SIMULATED_VERSIONS, SCENARIO_NAMES, startSimulatedCluster } from '../../../electron/simulator';
import type { SimulatedVersion, SimulatedCluster } from '../../../electron/simulator';
import { epochMs } from '../../../shared/time';
import { endpointCalls, specViolations } from './endpoint-calls';

const START = epochMs(1_760_000_000_000);
const cases = SCENARIO_NAMES.map((s, i): [string, SimulatedVersion] => [
  s,
  SIMULATED_VERSIONS[i % SIMULATED_VERSIONS.length]!,
]);

describe('real scenarios against the published specs', () => {
  let cluster: SimulatedCluster | null = null;
  afterEach(async () => {
    await cluster?.close();
    cluster = null;
  });

  it.each(cases)('%s on Flink %s', async (scenario, version) => {
    cluster = await startSimulatedCluster({
      scenario,
      flinkVersion: version,
      seed: 7,
      startTime: START,
      clock: 'manual',
    });
    cluster.advance(95_000);
    const problems = await specViolations(
      cluster,
      version,
      endpointCalls(cluster.model, version, { checkpoints: 2, vertices: 4 }),
    );
    expect(problems.join('\n')).toBe('');
  });
});

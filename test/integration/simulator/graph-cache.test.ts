// Job details and checkpoint statistics come from Flink's ExecutionGraph cache and lag the job by
// up to web.refresh-interval (3 s); /jobs/overview and /jobs/:jid/status do not.

import { describe, expect, it } from 'vitest';
import { FIXTURE_JOB_ID } from '../../fixtures/sim-fixture';
import { fixtureCluster, getJson } from './helpers';

const J = `/jobs/${FIXTURE_JOB_ID}`;

describe('ExecutionGraph cache', () => {
  it('serves /jobs/:jid from a 3 s cache while status and overview are live', async () => {
    const c = await fixtureCluster({ flinkVersion: '1.18' });
    try {
      expect((await getJson(c, J)).state).toBe('RUNNING');
      const checkpointsBefore = (await getJson(c, `${J}/checkpoints`)).counts.total;
      c.fixture.jobs[0]!.state = 'FAILING';
      c.advance(2900);
      expect((await getJson(c, J)).state).toBe('RUNNING');
      expect((await getJson(c, `/v1${J}`)).state).toBe('RUNNING');
      expect((await getJson(c, `${J}/status`)).status).toBe('FAILING');
      expect((await getJson(c, '/jobs/overview')).jobs[0].state).toBe('FAILING');
      c.advance(20_000);
      expect((await getJson(c, J)).state).toBe('FAILING');
      expect((await getJson(c, `${J}/checkpoints`)).counts.total).toBeGreaterThan(checkpointsBefore);
    } finally {
      await c.close();
    }
  });
});

// Every simulated release agrees with the release table (shared/flink-versions.ts): what it
// answers on the wire — metric ids, endpoints, fields, smoothing — is there exactly when the
// table says its release has the feature. A feature the simulator shows gets a probe here; the
// metric ids the table lists are checked for every feature that lists them.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capabilitiesOf } from '../../../electron/flink/version';
import { SIMULATED_VERSIONS, type SimulatedVersion } from '../../../electron/simulator';
import { PROFILES } from '../../../electron/simulator/versions/profile';
import {
  FLINK_FEATURE_NAMES,
  FLINK_FEATURES,
  featuresOf,
  parseFlinkVersion,
  type FeatureEntry,
  type FeatureMetrics,
  type FlinkFeature,
} from '../../../shared/flink-versions';
import { FIXTURE_JOB_ID, MAP_ID } from '../../fixtures/sim-fixture';
import { fixtureCluster, get, getJson } from './helpers';

const J = `/jobs/${FIXTURE_JOB_ID}`;
type Cluster = Awaited<ReturnType<typeof fixtureCluster>>;
const clusters = new Map<SimulatedVersion, Cluster>();

beforeAll(async () => {
  for (const v of SIMULATED_VERSIONS) {
    const c = await fixtureCluster({ flinkVersion: v });
    c.advance(15_000);
    clusters.set(v, c);
  }
});
afterAll(async () => {
  for (const c of clusters.values()) await c.close();
});

const tmPath = (c: Cluster) => `/taskmanagers/${encodeURIComponent(c.model.taskManagers[0]!.id)}`;
const has = (o: unknown, key: string) => typeof o === 'object' && o !== null && key in o;

/** The `/metrics` list a scope's ids are registered in. */
const METRIC_LISTS: Record<keyof FeatureMetrics, (c: Cluster) => string> = {
  task: () => `${J}/vertices/${MAP_ID}/subtasks/0/metrics`,
  taskManager: (c) => `${tmPath(c)}/metrics`,
  job: () => `${J}/metrics`,
  jobManager: () => '/jobmanager/metrics',
};

/** What the simulator shows of a feature, observed over HTTP. */
const PROBES: Partial<Record<FlinkFeature, (c: Cluster) => Promise<boolean>>> = {
  // Sampling answers "deprecated" to the first request and starts sampling.
  metricBackpressure: async (c) => (await getJson(c, `${J}/vertices/${MAP_ID}/backpressure`)).status === 'ok',
  // The fixture's shares of a subtask differ between the last 5 s and the last 60 s.
  gauges60s: async (c) => {
    const v = await getJson<{ value: string }[]>(
      c,
      `${J}/vertices/${MAP_ID}/subtasks/2/metrics?get=idleTimeMsPerSecond`,
    );
    const sub = c.fixture.jobs[0]!.vertices.find((x) => x.id === MAP_ID)!.subtasks[2]!;
    expect(Math.round(sub.shares60s.idle)).not.toBe(Math.round(sub.shares5s.idle));
    return Number(v[0]!.value) === Math.round(sub.shares60s.idle);
  },
  camelBackpressureLevel: async (c) => {
    if ((await getJson(c, `${J}/vertices/${MAP_ID}/backpressure`)).status !== 'ok') c.advance(10_000);
    return has(await getJson(c, `${J}/vertices/${MAP_ID}/backpressure`), 'backpressureLevel');
  },
  skew: async (c) =>
    (await get(c, `${J}/vertices/${MAP_ID}/subtasks/metrics?get=idleTimeMsPerSecond&agg=skew`)).status === 200,
  jobStatusEndpoint: async (c) => (await get(c, `${J}/status`)).status === 200,
  jobMaxParallelism: async (c) => has(await getJson(c, J), 'maxParallelism'),
  jobType: async (c) => has(await getJson(c, J), 'job-type'),
  adaptiveGraph: async (c) => has(await getJson(c, J), 'pending-operators'),
  initializingState: async (c) => has((await getJson(c, J))['status-counts'], 'INITIALIZING'),
  subtaskHost: async (c) => has((await getJson(c, `${J}/vertices/${MAP_ID}`)).subtasks[0], 'host'),
  subtaskEndpoint: async (c) => has((await getJson(c, `${J}/vertices/${MAP_ID}`)).subtasks[0], 'endpoint'),
  subtaskStatusDuration: async (c) => has((await getJson(c, `${J}/vertices/${MAP_ID}`)).subtasks[0], 'status-duration'),
  legacyExceptions: async (c) => has(await getJson(c, `${J}/exceptions`), 'all-exceptions'),
  exceptionHistory: async (c) => has(await getJson(c, `${J}/exceptions`), 'exceptionHistory'),
  checkpointConfigV2: async (c) => has(await getJson(c, `${J}/checkpoints/config`), 'checkpoints_after_tasks_finish'),
  blocklist: async (c) => has(await getJson(c, '/overview'), 'taskmanagers-blocked'),
  configWebCancel: async (c) => has((await getJson(c, '/config')).features, 'web-cancel'),
  configWebHistory: async (c) => has((await getJson(c, '/config')).features, 'web-history'),
  configWebRescale: async (c) => has((await getJson(c, '/config')).features, 'web-rescale'),
  pekkoRpc: async (c) => ((await getJson(c, '/taskmanagers')).taskmanagers[0].path as string).startsWith('pekko.'),
  tmJmxPort: async (c) => has((await getJson(c, '/taskmanagers')).taskmanagers[0], 'jmxPort'),
  tmAssignedTasks: async (c) => has((await getJson(c, '/taskmanagers')).taskmanagers[0], 'assignedTasks'),
  schedulerType: async (c) =>
    has(await getJson(c, J), 'schedulerType') && has((await getJson(c, '/jobs/overview')).jobs[0], 'jobType'),
  applicationId: async (c) => has(await getJson(c, J), 'application-id'),
  tmAllocatedSlots: async (c) => has(await getJson(c, tmPath(c)), 'allocatedSlots'),
  tmMemorySegments: async (c) => has((await getJson(c, tmPath(c))).metrics, 'memorySegmentsAvailable'),
};

describe.each(SIMULATED_VERSIONS.map((v) => [v]))('simulated Flink %s agrees with the release table', (version) => {
  const release = parseFlinkVersion(PROFILES[version].release)!;
  const expected = featuresOf(release);

  it('reports a release of its line, and its profile is that release’s row of the table', async () => {
    const c = clusters.get(version)!;
    const reported = parseFlinkVersion((await getJson(c, '/config'))['flink-version']);
    expect(`${reported?.major}.${reported?.minor}`).toBe(version);
    const { version: _id, release: _release, revision: _revision, ...features } = PROFILES[version];
    expect(features).toEqual(expected);
    // The client reads the same row for the version the cluster reports.
    expect(capabilitiesOf(reported)).toMatchObject(expected);
  });

  it('registers each listed metric id exactly while the table has its feature', async () => {
    const c = clusters.get(version)!;
    const lists = new Map<string, Set<string>>();
    const list = async (path: string) => {
      if (!lists.has(path)) lists.set(path, new Set((await getJson<{ id: string }[]>(c, path)).map((m) => m.id)));
      return lists.get(path)!;
    };
    const wrong: string[] = [];
    for (const f of FLINK_FEATURE_NAMES) {
      const e: FeatureEntry = FLINK_FEATURES[f];
      for (const [scope, ids] of Object.entries(e.metrics ?? {}) as Array<[keyof FeatureMetrics, readonly string[]]>) {
        const present = await list(METRIC_LISTS[scope](c));
        for (const id of ids)
          if (present.has(id) !== expected[f])
            wrong.push(`${f}: ${scope} ${id} ${present.has(id) ? 'present' : 'missing'}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('shows every probed feature exactly when the table has it', async () => {
    const c = clusters.get(version)!;
    const wrong: string[] = [];
    for (const [f, probe] of Object.entries(PROBES) as Array<[FlinkFeature, (c: Cluster) => Promise<boolean>]>) {
      const seen = await probe(c);
      if (seen !== expected[f]) wrong.push(`${f}: table ${expected[f]}, wire ${seen}`);
    }
    expect(wrong).toEqual([]);
  });
});

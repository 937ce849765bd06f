// Jobs that take no checkpoints, over real HTTP as a JobManager writes them: a streaming job
// without periodic checkpoints reports `interval` 9223372036854775807 (Java's Long.MAX_VALUE, a
// JSON number beyond 2^53), and a job without any checkpoint settings answers 404 on both
// checkpoint endpoints. Neither is an error, and the interval is never shown as 9.2e18 ms.

import { afterEach, describe, expect, it } from 'vitest';
import { FlinkApiError, FlinkClient } from '../../../electron/flink';
import { checkpointConfig, JOB } from '../../unit/flink/canned';
import { sendJson, startFakeJobManager, type FakeJobManager, type Handler } from './fake-jobmanager';

let servers: FakeJobManager[] = [];
let clients: FlinkClient[] = [];
afterEach(async () => {
  for (const c of clients) c.close();
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
  clients = [];
});

async function setup(handler: Handler) {
  const server = await startFakeJobManager(handler);
  servers.push(server);
  const client = new FlinkClient({ url: server.url, retries: 0 });
  clients.push(client);
  return client;
}

/** Sends JSON text as is: JSON.stringify cannot write 9223372036854775807, Jackson does. */
function sendRaw(res: Parameters<Handler>[1], text: string, status = 200): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

const configText = (interval: string) =>
  JSON.stringify({ ...checkpointConfig, interval: 0 }).replace('"interval":0', `"interval":${interval}`);

describe('checkpointing off', () => {
  it('interval Long.MAX_VALUE on the wire → not periodic, no interval (never 9.2e18 ms)', async () => {
    const text = configText('9223372036854775807');
    expect(text).toContain('"interval":9223372036854775807');
    const client = await setup((_q, res) => sendRaw(res, text));
    const cfg = await client.getCheckpointConfig(JOB);
    expect(cfg).toMatchObject({ periodic: false, intervalMs: null, timeoutMs: 600000, mode: 'exactly_once' });
  });

  it('a real interval stays exact', async () => {
    const client = await setup((_q, res) => sendRaw(res, configText('180000')));
    expect(await client.getCheckpointConfig(JOB)).toMatchObject({ periodic: true, intervalMs: 180000 });
  });

  it('a job without checkpoint settings: 404 on /checkpoints/config → null, on /checkpoints → no statistics', async () => {
    const client = await setup((req, res) => {
      if (req.url?.endsWith('/checkpoints/config'))
        sendJson(res, { errors: [`Checkpointing is not enabled for this job (${JOB}).`] }, 404);
      else sendJson(res, { errors: ['Checkpointing has not been enabled.'] }, 404);
    });
    expect(await client.getCheckpointConfig(JOB)).toBeNull();
    const stats = await client.getCheckpoints(JOB);
    expect(stats).toEqual({
      enabled: false,
      counts: { restored: 0, total: 0, inProgress: 0, completed: 0, failed: 0 },
      latestCompletedId: null,
      latestFailedId: null,
      restored: null,
      history: [],
    });
  });

  it('also when the 404 carries the RestHandlerException as a stack trace (newer versions)', async () => {
    const trace =
      'org.apache.flink.runtime.rest.handler.RestHandlerException: Checkpointing has not been enabled.\n\tat org.apache.flink.runtime.rest.handler.job.checkpoints.CheckpointingStatisticsHandler.createCheckpointingStatistics(CheckpointingStatisticsHandler.java:133)\n';
    const client = await setup((_q, res) => sendJson(res, { errors: [trace] }, 404));
    expect((await client.getCheckpoints(JOB)).enabled).toBe(false);
  });

  it('a job that is gone still fails as not-found', async () => {
    const client = await setup((_q, res) => sendJson(res, { errors: [`Job ${JOB} not found`] }, 404));
    const err = await client.getCheckpoints(JOB).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FlinkApiError);
    expect(err).toMatchObject({ kind: 'not-found', serverMessage: `Job ${JOB} not found` });
    await expect(client.getCheckpointConfig(JOB)).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('statistics of a checkpointing job say enabled', async () => {
    const client = await setup((_q, res) =>
      sendJson(res, {
        counts: { restored: 0, total: 0, in_progress: 0, completed: 0, failed: 0 },
        latest: { completed: null, savepoint: null, failed: null, restored: null },
        history: [],
      }),
    );
    expect((await client.getCheckpoints(JOB)).enabled).toBe(true);
  });
});

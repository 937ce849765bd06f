// Child process for the kill -9 test (bundled with esbuild by crash.test.ts): records ticks of a
// 4-vertex job as fast as it can and prints "committed <i>" after each writeTick returns.

import { SessionWriter } from '../../../electron/session';
import { frame, T0, tickTs, vertexInfo } from './synthetic';

const path = process.argv[2]!;
const w = SessionWriter.create(path, { appVersion: 'crash-test' });
const c = w.addCluster({
  url: 'http://127.0.0.1:8081',
  flinkVersion: '1.20.0',
  fetchIntervalMs: 10_000,
  pollIntervalMs: 10_000,
});
w.upsertJob({ clusterId: c, jobId: 'j', name: 'job' }, T0);
w.upsertVertices(
  T0,
  [0, 1, 2, 3].map((v) => vertexInfo(c, 'j', v, 32)),
);
for (let i = 0; ; i++) {
  w.writeTick({
    tick: {
      clusterId: c,
      ts: tickTs(i),
      status: 'ok',
      latencyMs: 5 as never,
      serverTs: null,
      fresh: true,
      requests: 3,
      error: null,
    },
    vertexFrames: [0, 1, 2, 3].map((v) => frame(c, 'j', v, 32, i)),
  });
  process.stdout.write(`committed ${i}\n`);
}

// `backflow analyze` in-process on small hand-written sessions: the range flags and their errors.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { CliIo } from '../../../electron/cli/command';
import { runCli } from '../../../electron/cli/main';
import { SessionWriter } from '../../../electron/session/index';
import { durationMs, epochMs } from '../../../shared/time';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'backflow-analyze-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function capture(): { io: CliIo; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      status: () => {},
      isTty: false,
      env: {},
      interrupted: new Promise(() => {}),
    },
  };
}

function sessionWithTicks(n: number): string {
  const file = path.join(dir, `s${n}.backflow`);
  const w = SessionWriter.create(file, { appVersion: 'test' });
  const clusterId = w.addCluster({
    url: 'http://jm:8081',
    flinkVersion: '1.20.1',
    fetchIntervalMs: 10_000,
    pollIntervalMs: 10_000,
  });
  for (let i = 0; i < n; i++) {
    w.writeTick({
      tick: {
        clusterId,
        ts: epochMs(1_000_000 + i * 10_000),
        status: 'ok',
        latencyMs: durationMs(5),
        serverTs: null,
        fresh: true,
        requests: 3,
        error: null,
      },
    });
  }
  w.close();
  return file;
}

it('analyses a session of a single tick without complaining about a range nobody gave', async () => {
  const c = capture();
  expect(await runCli(['analyze', sessionWithTicks(1), '--json'], c.io)).toBe(0);
  const doc = JSON.parse(c.out.join('\n'));
  expect(doc.session).toMatchObject({ start: 1_000_000, end: 1_000_000 });
  expect(doc.episodes).toEqual([]);
});

it('rejects a reversed range and an unparseable time with one line each', async () => {
  const file = sessionWithTicks(5);
  const reversed = capture();
  expect(await runCli(['analyze', file, '--from', '+30s', '--to', '+10s'], reversed.io)).toBe(2);
  expect(reversed.err).toEqual(['backflow analyze: --from must be before --to']);
  const bad = capture();
  expect(await runCli(['analyze', file, '--from', 'yesterday'], bad.io)).toBe(2);
  expect(bad.err).toEqual([
    'backflow analyze: --from: invalid time "yesterday": use ISO-8601, epoch ms or +offset like +5m',
  ]);
});

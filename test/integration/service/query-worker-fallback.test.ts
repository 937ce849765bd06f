// When the query worker cannot start or dies, the service answers in its own thread: said once
// in a log line, no call left waiting, answers as without a worker. A call the worker was working
// on when it died fails with a clear error (it may be what killed it); later calls are answered.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService, type Service } from '../../../electron/service/service';
import { SessionReader } from '../../../electron/session/reader';
import { POLL_MS, T0, TICKS, writeSession } from '../../e2e/fixtures/make-session';

let dir: string;
let reader: SessionReader;
let inThread: Service;
const overview = { from: T0, to: T0 + TICKS * POLL_MS, buckets: 50 };

/** A worker entry in `dir` with this body. */
function script(name: string, body: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, `import { parentPort } from 'node:worker_threads';\n${body}\n`);
  return file;
}

function withWorker(worker: string): { service: Service; log: string[] } {
  const log: string[] = [];
  return { service: createService(reader, { worker, log: (l) => log.push(l) }), log };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'backflow-query-fallback-'));
  const file = path.join(dir, 's.backflow');
  writeSession(file);
  reader = SessionReader.open(file);
  inThread = createService(reader, { worker: null });
});

afterAll(() => {
  inThread.close();
  reader.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('query worker fallback', () => {
  it.each([
    [
      'fails while starting',
      () => script('throws.mjs', "throw new Error('boom at start');"),
      /failed \(.*boom at start/,
    ],
    ['does not exist', () => path.join(dir, 'missing.mjs'), /failed \(/],
  ])('answers in this thread when the worker %s', async (_, worker, said) => {
    const { service, log } = withWorker(worker());
    try {
      // Asked before the failure is known: answered here, not left waiting.
      const early = await service.answer('overview', overview);
      expect(early).toBe(await inThread.answer('overview', overview));
      expect(await service.answer('analysis', {})).toBe(await inThread.answer('analysis', {}));
      expect(log).toHaveLength(1);
      expect(log[0]).toMatch(said);
      expect(log[0]).toMatch(/answering every call in the main thread/);
    } finally {
      service.close();
    }
  });

  it('fails the call a worker died on, and answers the next ones here', async () => {
    const dies = script(
      'dies.mjs',
      'parentPort.postMessage({ ready: true });\nparentPort.on("message", () => process.exit(3));',
    );
    const { service, log } = withWorker(dies);
    try {
      await new Promise((r) => setTimeout(r, 300)); // let it say it is ready
      await expect(service.answer('overview', overview)).rejects.toThrow(/exited \(code 3\).*overview/);
      expect(await service.answer('overview', overview)).toBe(await inThread.answer('overview', overview));
      expect(log).toEqual([expect.stringMatching(/query worker exited \(code 3\)/)]);
    } finally {
      service.close();
    }
  });

  it('answers small calls and writes in this thread without asking the worker', async () => {
    // A worker that never answers: small calls must not depend on it.
    const { service } = withWorker(script('silent.mjs', 'parentPort.on("message", () => {});'));
    try {
      expect(await service.answer('sessionInfo', {})).toBe(await inThread.answer('sessionInfo', {}));
      expect(await service.answer('tickNear', { at: T0, step: 1 })).toBe(
        await inThread.answer('tickNear', { at: T0, step: 1 }),
      );
      const pending = service.answer('overview', overview);
      service.close();
      // Closing never leaves a call waiting.
      await expect(pending).rejects.toThrow(/closed before overview/);
    } finally {
      service.close();
    }
  });
});

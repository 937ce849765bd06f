import { describe, expect, it } from 'vitest';
import { ApiNotFoundError, MAX_ANSWER_BYTES, type ApiHandlers } from '../../../shared/api';
import { SessionFileError } from '../../../electron/session/errors';
import { DEMO_SCENARIOS, type DesktopActions } from '../../../shared/desktop-bridge';
import { isAppUrl } from '../../../electron/shell/app-protocol';
import { CredentialError } from '../../../electron/shell/credentials';
import { createIpcRouter, RefusedError } from '../../../electron/shell/ipc';

const ours = { senderFrame: { url: 'app://backflow/index.html#from=1' } };

function setup(handlers: Partial<ApiHandlers> | null = {}) {
  const called: string[] = [];
  const api = handlers
    ? (new Proxy(handlers, {
        // Plain handlers: no `answer` of their own (the router encodes their values).
        get: (t, p: string) =>
          p === 'answer'
            ? undefined
            : (params: unknown) => {
                called.push(p);
                const h = (t as Record<string, ((x: unknown) => unknown) | undefined>)[p];
                return h ? h(params) : { method: p, params };
              },
      }) as ApiHandlers)
    : null;
  const actionCalls: unknown[][] = [];
  const actions = new Proxy({} as DesktopActions, {
    get: (_t, p: string) => async (arg: unknown) => {
      actionCalls.push([p, arg]);
      if (p === 'saveCredential') throw new CredentialError('the OS offers no encryption for saved secrets here');
      if (p === 'stopRecording') throw new RefusedError('not recording');
      return `${p} done`;
    },
  });
  const router = createIpcRouter({ api: () => api, actions, isTrustedUrl: isAppUrl });
  return { router, called, actionCalls };
}

describe('IPC router', () => {
  it('calls the handler with validated params and returns its value', async () => {
    const { router, called } = setup();
    const r = await router.api(ours, 'tickNear', { at: 1000, step: 1 });
    expect(r).toEqual({ ok: true, value: { method: 'tickNear', params: { at: 1000, step: 1 } } });
    expect(called).toEqual(['tickNear']);
  });

  it('rejects malformed params with the contract validation message, before any handler runs', async () => {
    const { router, called } = setup();
    expect(await router.api(ours, 'overview', { from: 10, to: 5, buckets: 100 })).toEqual({
      ok: false,
      kind: 'params',
      message: 'overview: to: from must be before to',
    });
    const extra = await router.api(ours, 'sessionInfo', { path: '/etc/passwd' });
    expect(extra).toMatchObject({ ok: false, kind: 'params' });
    expect(extra.ok === false && extra.message).toMatch(/^sessionInfo: .*path/);
    expect(await router.api(ours, 'overview', { from: 0, to: 5, buckets: 1e9 })).toMatchObject({
      ok: false,
      kind: 'params',
      message: expect.stringMatching(/^overview: buckets: /),
    });
    expect(called).toEqual([]);
  });

  it('answers like the HTTP bridge: the whole note on demand, over-budget answers and folders refused', async () => {
    const note = { id: 7, text: 'x'.repeat(100) };
    const { router } = setup({
      annotation: (() => note) as never,
      annotations: (() => ({ annotations: [], blob: 'y'.repeat(MAX_ANSWER_BYTES + 1) })) as never,
      sessionInfo: () => {
        throw new SessionFileError(
          'io',
          'reading /home/ops/incidents/x.backflow failed: disk I/O error',
          '/home/ops/incidents/x.backflow',
        );
      },
    });
    expect(await router.api(ours, 'annotation', { id: 7 })).toEqual({ ok: true, value: note });
    expect(await router.api(ours, 'annotations', {})).toMatchObject({
      ok: false,
      kind: 'refused',
      message: expect.stringMatching(
        /^annotations: the answer would be over 16\.0 MB, more than the 16\.0 MB one answer may carry/,
      ),
    });
    expect(await router.api(ours, 'sessionInfo', {})).toEqual({
      ok: false,
      kind: 'failed',
      message: 'reading x.backflow failed: disk I/O error',
    });
  });

  it('rejects unknown methods, including prototype names', async () => {
    const { router } = setup();
    expect(await router.api(ours, 'constructor', {})).toEqual({
      ok: false,
      kind: 'params',
      message: 'unknown API method "constructor"',
    });
    expect(await router.api(ours, 42, {})).toEqual({ ok: false, kind: 'params', message: 'unknown API method "42"' });
  });

  it('refuses calls from foreign or vanished frames', async () => {
    const { router, called, actionCalls } = setup();
    for (const url of [
      'https://evil.example/',
      'file:///tmp/x.html',
      'app://other/index.html',
      'http://127.0.0.1:5173/',
    ]) {
      const r = await router.api({ senderFrame: { url } }, 'sessionInfo', {});
      expect(r).toEqual({ ok: false, kind: 'refused', message: `IPC refused: sender "${url}" is not a Backflow page` });
    }
    expect(await router.api({ senderFrame: null }, 'sessionInfo', {})).toMatchObject({ ok: false, kind: 'refused' });
    expect(
      await router.action({ senderFrame: { url: 'https://evil.example/' } }, 'openSessionDialog', undefined),
    ).toMatchObject({ ok: false, kind: 'refused' });
    expect(called).toEqual([]);
    expect(actionCalls).toEqual([]);
  });

  it('says when no session is open', async () => {
    const { router } = setup(null);
    expect(await router.api(ours, 'sessionInfo', {})).toEqual({
      ok: false,
      kind: 'refused',
      message: 'no session is open: open a session file or start a recording',
    });
  });

  it('maps not-found and unexpected errors, and sends NaN as null like the HTTP bridge', async () => {
    const { router } = setup({
      jobGraph: () => {
        throw new ApiNotFoundError('no job j in cluster 1');
      },
      subtaskValues: () => {
        throw new Error('disk I/O error');
      },
      tickNear: () => ({ ts: Number.NaN }),
    });
    expect(await router.api(ours, 'jobGraph', { clusterId: 1, jobId: 'j', at: 0 })).toEqual({
      ok: false,
      kind: 'not-found',
      message: 'no job j in cluster 1',
    });
    expect(await router.api(ours, 'subtaskValues', { clusterId: 1, jobId: 'j', vertexId: 'v', at: 0 })).toEqual({
      ok: false,
      kind: 'failed',
      message: 'disk I/O error',
    });
    expect(await router.api(ours, 'tickNear', { at: 0, step: 0 })).toEqual({ ok: true, value: { ts: null } });
  });

  it('validates desktop action arguments', async () => {
    const { router, actionCalls } = setup();
    expect(await router.action(ours, 'openRecent', '../../etc/passwd')).toEqual({
      ok: false,
      kind: 'params',
      message: 'openRecent: (argument): must be an id from recentSessions',
    });
    expect(await router.action(ours, 'openSessionDialog', { path: '/x' })).toMatchObject({ ok: false, kind: 'params' });
    expect(
      await router.action(ours, 'startRecording', {
        url: 'http://jm:8081',
        intervalMs: 10,
        jobs: [],
        detail: 'hot',
        useSavedCredential: false,
      }),
    ).toMatchObject({
      ok: false,
      kind: 'params',
      message: expect.stringMatching(/^startRecording: intervalMs: /),
    });
    expect(await router.action(ours, 'rmrf', undefined)).toEqual({
      ok: false,
      kind: 'params',
      message: 'unknown desktop action "rmrf"',
    });
    expect(actionCalls).toEqual([]);
    expect(await router.action(ours, 'openRecent', '0123456789abcdef')).toEqual({ ok: true, value: 'openRecent done' });
  });

  it('validates the demo recording request: an optional known scenario, nothing else', async () => {
    const { router, actionCalls } = setup();
    expect(await router.action(ours, 'startDemoRecording', { scenario: 'large' })).toEqual({
      ok: false,
      kind: 'params',
      message: `startDemoRecording: scenario: must be one of the demo scenarios: ${DEMO_SCENARIOS.join(', ')}`,
    });
    expect(await router.action(ours, 'startDemoRecording', { scenario: '../../etc/passwd' })).toMatchObject({
      ok: false,
      kind: 'params',
    });
    expect(
      await router.action(ours, 'startDemoRecording', { scenario: 'incident', out: '/tmp/x.backflow' }),
    ).toMatchObject({
      ok: false,
      kind: 'params',
      message: expect.stringMatching(/^startDemoRecording: .*out/),
    });
    expect(await router.action(ours, 'startDemoRecording', undefined)).toMatchObject({
      ok: false,
      kind: 'params',
      message: expect.stringMatching(/^startDemoRecording: \(argument\): /),
    });
    expect(await router.action(ours, 'startDemoRecording', 'incident')).toMatchObject({ ok: false, kind: 'params' });
    expect(actionCalls).toEqual([]);

    expect(await router.action(ours, 'startDemoRecording', {})).toEqual({ ok: true, value: 'startDemoRecording done' });
    expect(await router.action(ours, 'startDemoRecording', { scenario: 'gc-pauses' })).toEqual({
      ok: true,
      value: 'startDemoRecording done',
    });
    expect(actionCalls).toEqual([
      ['startDemoRecording', {}],
      ['startDemoRecording', { scenario: 'gc-pauses' }],
    ]);
  });

  it('reports refusals from actions as refused, with their message', async () => {
    const { router } = setup();
    expect(await router.action(ours, 'saveCredential', { url: 'http://jm:8081', bearerToken: 't' })).toEqual({
      ok: false,
      kind: 'refused',
      message: 'the OS offers no encryption for saved secrets here',
    });
    expect(await router.action(ours, 'stopRecording', undefined)).toEqual({
      ok: false,
      kind: 'refused',
      message: 'not recording',
    });
  });
});

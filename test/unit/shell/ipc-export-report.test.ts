// The export dialog's desktop action over IPC: only a well-formed request reaches the shell, and
// the report's range, parts and format arrive exactly as the renderer chose them.
import { describe, expect, it } from 'vitest';
import type { DesktopActions, ExportReportRequest } from '../../../shared/desktop-bridge';
import { isAppUrl } from '../../../electron/shell/app-protocol';
import { createIpcRouter } from '../../../electron/shell/ipc';

const ours = { senderFrame: { url: 'app://backflow/index.html' } };
const include = { transientEpisodes: false, annotations: true, checkpointTable: true, gcTable: false };
const good: ExportReportRequest = { from: 1000, to: 5000, sustainedAfterMs: 30_000, include, format: 'pdf' };

function setup() {
  const calls: unknown[] = [];
  const actions = {
    exportReport: async (req: ExportReportRequest) => (calls.push(req), 'run-report.pdf'),
  } as unknown as DesktopActions;
  return { router: createIpcRouter({ api: () => null, actions, isTrustedUrl: isAppUrl }), calls };
}

describe('exportReport over IPC', () => {
  it('passes a valid request through unchanged and returns the file name', async () => {
    const { router, calls } = setup();
    expect(await router.action(ours, 'exportReport', good)).toEqual({ ok: true, value: 'run-report.pdf' });
    expect(calls).toEqual([good]);
  });

  it.each([
    ['an unknown format', { ...good, format: 'docx' }, /^exportReport: format: /],
    ['an empty range', { ...good, from: 5000, to: 5000 }, /^exportReport: to: from must be before to/],
    [
      'a missing content switch',
      { ...good, include: { transientEpisodes: true, annotations: true, checkpointTable: true } },
      /^exportReport: include\.gcTable: /,
    ],
    ['an extra field (a path)', { ...good, out: '/etc/passwd' }, /^exportReport: .*out/],
    ['a negative instant', { ...good, from: -1 }, /^exportReport: from: /],
    ['no argument', undefined, /^exportReport: /],
  ])('refuses %s before the shell is asked', async (_what, arg, message) => {
    const { router, calls } = setup();
    const r = await router.action(ours, 'exportReport', arg);
    expect(r).toMatchObject({ ok: false, kind: 'params' });
    expect(r.ok === false && r.message).toMatch(message);
    expect(calls).toEqual([]);
  });

  it('refuses a request from a page that is not ours', async () => {
    const { router, calls } = setup();
    expect(await router.action({ senderFrame: { url: 'https://evil.example/' } }, 'exportReport', good)).toMatchObject({
      ok: false,
      kind: 'refused',
    });
    expect(calls).toEqual([]);
  });
});

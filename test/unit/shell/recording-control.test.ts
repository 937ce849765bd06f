// The two ways to start recording from the window — a real cluster and the demo cluster — with a
// stand-in recorder: both end by opening the file live, and both refuse the same way.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordingState } from '../../../shared/desktop-bridge';
import { RefusedError } from '../../../electron/shell/ipc';
import type { RecordingJob } from '../../../electron/shell/recorder-worker';
import { recordingActions, type RecordingControlDeps } from '../../../electron/shell/recording-control';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'backflow-recording-control-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function setup(opts: { savePath?: string | null; failStart?: string; credential?: boolean } = {}) {
  const jobs: RecordingJob[] = [];
  const opened: string[] = [];
  let file: string | null = null;
  const state = (): RecordingState => ({
    recording: file !== null,
    fileName: file && path.basename(file),
    ticks: 0,
    lastError: null,
    demo: null,
  });
  const deps: RecordingControlDeps = {
    recording: {
      get recordingFile() {
        return file;
      },
      start: async (job) => {
        if (opts.failStart) throw new Error(opts.failStart);
        jobs.push(job);
        file = job.out;
        return state();
      },
      stop: async () => {
        file = null;
        return state();
      },
      state,
    },
    credentials: {
      get: () => (opts.credential ? { bearerToken: 't0k' } : null),
      save: () => undefined,
      urls: () => [],
      forget: () => undefined,
    },
    window: { askSavePath: async () => (opts.savePath === undefined ? path.join(dir, 'mine') : opts.savePath) },
    openFile: async (f) => {
      opened.push(f);
      return true;
    },
    demoFolder: path.join(dir, 'sessions'),
    documentsFolder: () => dir,
    appVersion: '9.9.9',
    now: () => new Date('2026-03-04T05:06:07Z'),
  };
  return { actions: recordingActions(deps), jobs, opened };
}

const cluster = {
  url: 'http://jm:8081',
  intervalMs: 5000,
  jobs: [],
  detail: 'hot' as const,
  useSavedCredential: false,
};

describe('recording from the window', () => {
  it('records a cluster into the chosen file, adding the extension, and opens it live', async () => {
    const { actions, jobs, opened } = setup();
    const s = await actions.startRecording(cluster);
    const out = path.join(dir, 'mine.backflow');
    expect(jobs).toEqual([
      expect.objectContaining({
        out,
        targets: [{ connection: { url: 'http://jm:8081' }, jobs: [] }],
        intervalMs: 5000,
        appVersion: '9.9.9',
      }),
    ]);
    expect(opened).toEqual([out]);
    expect(s).toMatchObject({ recording: true, fileName: 'mine.backflow' });
  });

  it('records the demo into the sessions folder the same way', async () => {
    const { actions, jobs, opened } = setup();
    const s = await actions.startDemoRecording({});
    expect(jobs[0]).toMatchObject({ demo: { scenario: expect.any(String) }, detail: 'hot', appVersion: '9.9.9' });
    expect(path.dirname(jobs[0]!.out)).toBe(path.join(dir, 'sessions'));
    expect(path.basename(jobs[0]!.out)).toMatch(/^demo-.*-20260304-050607\.backflow$/);
    expect(opened).toEqual([jobs[0]!.out]);
    expect(s.recording).toBe(true);
  });

  it('uses the saved credential, and refuses when there is none', async () => {
    const withCred = setup({ credential: true });
    await withCred.actions.startRecording({ ...cluster, useSavedCredential: true });
    expect(withCred.jobs[0]!.targets![0]!.connection).toEqual({ url: 'http://jm:8081', bearerToken: 't0k' });
    await expect(setup().actions.startRecording({ ...cluster, useSavedCredential: true })).rejects.toThrow(
      /no saved credential for http:\/\/jm:8081/,
    );
  });

  it('answers null when the user cancels where to record', async () => {
    const { actions, jobs } = setup({ savePath: null });
    expect(await actions.startRecording(cluster)).toBeNull();
    expect(jobs).toEqual([]);
  });

  it('refuses a second recording, and a recorder that cannot start, without opening anything', async () => {
    const one = setup();
    await one.actions.startDemoRecording({});
    await expect(one.actions.startRecording(cluster)).rejects.toThrow(/already recording into demo-/);
    const broken = setup({ failStart: 'the disk is full' });
    for (const start of [() => broken.actions.startRecording(cluster), () => broken.actions.startDemoRecording({})]) {
      const err = await start().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RefusedError);
      expect((err as Error).message).toBe('the disk is full');
    }
    expect(broken.opened).toEqual([]);
  });
});

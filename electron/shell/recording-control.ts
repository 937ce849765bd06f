// Recording from the window: a real cluster into a file the user picks, or the built-in demo
// cluster into userData/sessions. Both end the same way (recordInto): the recorder thread starts
// and the file opens live in the window; a failure to start is said as a refusal, not a crash.

import { existsSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { DEFAULT_DEMO_SCENARIO, type DesktopActions, type RecordingState } from '../../shared/desktop-bridge';
import { errorText } from '../../shared/error-text';
import type { ClusterTarget } from '../recorder/cluster-poller';
import type { CredentialStore } from './credentials';
import type { ShellElectron } from './electron-like';
import { DEMO_INTERVAL_MS, DEMO_SPEED, demoSessionFile, fileStamp } from './first-launch';
import { RefusedError } from './ipc';
import type { MainWindow } from './main-window';
import { notificationText, type SustainedNotice } from './notification';
import { isSessionFileName, SESSION_EXTENSION } from './open-args';
import type { RecordingJob } from './recorder-worker';
import type { RecordingHost } from './recording-host';
import { SESSION_FILTERS } from './session-opener';

export type RecordingActions = Pick<
  DesktopActions,
  | 'startRecording'
  | 'startDemoRecording'
  | 'stopRecording'
  | 'recordingState'
  | 'saveCredential'
  | 'savedCredentialUrls'
  | 'forgetCredential'
>;

export interface RecordingControlDeps {
  recording: Pick<RecordingHost, 'recordingFile' | 'start' | 'stop' | 'state'>;
  credentials: Pick<CredentialStore, 'get' | 'save' | 'urls' | 'forget'>;
  window: Pick<MainWindow, 'askSavePath'>;
  openFile(file: string): Promise<boolean>;
  /** Where the demo records (the user never picked a place for it). */
  demoFolder: string;
  /** Where the Record into dialog starts. */
  documentsFolder(): string;
  appVersion: string;
  now(): Date;
}

export function recordingActions(deps: RecordingControlDeps): RecordingActions {
  const { recording, credentials } = deps;
  const refuseWhileRecording = () => {
    if (recording.recordingFile)
      throw new RefusedError(`already recording into ${path.basename(recording.recordingFile)}; stop it first`);
  };
  const origin = () => ({ appVersion: deps.appVersion, hostName: hostname() });

  /** Starts the recorder thread on the job `makeJob` builds, then opens its file live. */
  const recordInto = async (makeJob: () => RecordingJob): Promise<RecordingState> => {
    let out: string;
    try {
      const job = makeJob();
      out = job.out;
      await recording.start(job);
    } catch (e) {
      throw new RefusedError(errorText(e));
    }
    await deps.openFile(out);
    return recording.state();
  };

  return {
    async startRecording(req) {
      refuseWhileRecording();
      const connection: ClusterTarget['connection'] = { url: req.url };
      if (req.useSavedCredential) {
        const cred = credentials.get(req.url);
        if (!cred) throw new RefusedError(`no saved credential for ${req.url}`);
        Object.assign(connection, cred);
      }
      const file = await deps.window.askSavePath({
        title: 'Record into',
        defaultPath: path.join(deps.documentsFolder(), `backflow-${fileStamp(deps.now())}${SESSION_EXTENSION}`),
        filters: SESSION_FILTERS,
      });
      if (!file) return null;
      const out = isSessionFileName(file) ? file : `${file}${SESSION_EXTENSION}`;
      return recordInto(() => ({
        out,
        targets: [{ connection, jobs: req.jobs }],
        intervalMs: req.intervalMs,
        detail: req.detail,
        ...origin(),
      }));
    },
    async startDemoRecording(req) {
      refuseWhileRecording();
      const scenario = req.scenario ?? DEFAULT_DEMO_SCENARIO;
      return recordInto(() => {
        mkdirSync(deps.demoFolder, { recursive: true });
        const out = demoSessionFile(deps.demoFolder, scenario, deps.now(), existsSync);
        return { out, demo: { scenario, speed: DEMO_SPEED }, intervalMs: DEMO_INTERVAL_MS, detail: 'hot', ...origin() };
      });
    },
    stopRecording: async () => recording.stop(),
    recordingState: async () => recording.state(),
    saveCredential: async (input) => credentials.save(input),
    savedCredentialUrls: async () => credentials.urls(),
    forgetCredential: async (url) => credentials.forget(url),
  };
}

/** A notice of a sustained episode as an OS notification; clicking it brings the window up. */
export function notifySustained(
  el: Pick<ShellElectron, 'Notification'>,
  focus: () => void,
): (n: SustainedNotice) => void {
  return (n) => {
    if (!el.Notification.isSupported()) return;
    const note = new el.Notification(notificationText(n));
    note.on('click', focus);
    note.show();
  };
}

/** The very first launch opens the window on the demo recording; on failure, the start screen and the reason. */
export async function recordDemoAtFirstLaunch(
  actions: Pick<RecordingActions, 'startDemoRecording'>,
  window: Pick<MainWindow, 'current' | 'create' | 'showError'>,
): Promise<void> {
  try {
    await actions.startDemoRecording({});
  } catch (e) {
    if (!window.current) window.create();
    window.showError('Could not record the demo cluster', errorText(e));
  }
}

// Electron main process entry (bundled to out/main/main.cjs). The same file is the recorder
// thread's entry: started as a worker with the recorder role, it records and never touches
// Electron. All app logic lives in shell/, which is tested under plain Node.
import path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { APP_VERSION } from './version';
import { RECORDER_WORKER_ROLE, runRecording, type RecorderPort, type RecordingJob } from './shell/recorder-worker';
import type { RecorderThread } from './shell/recording-host';
import { startShell } from './shell/app-shell';
import type * as ElectronModule from 'electron';

interface RecorderWorkerData {
  role: typeof RECORDER_WORKER_ROLE;
  job: RecordingJob;
}

const data = workerData as RecorderWorkerData | null;
if (!isMainThread && data?.role === RECORDER_WORKER_ROLE && parentPort) {
  void runRecording(data.job, parentPort as unknown as RecorderPort);
} else {
  // Loaded lazily: the recorder thread (and plain Node) must not require Electron.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const electron = require('electron') as typeof ElectronModule;
  startShell(electron, {
    argv: process.argv,
    cwd: process.cwd(),
    platform: process.platform,
    preloadPath: path.join(__dirname, '../preload/preload.cjs'),
    rendererRoot: path.join(__dirname, '../renderer'),
    appVersion: APP_VERSION,
    spawnRecorder: (job) =>
      new Worker(__filename, {
        workerData: { role: RECORDER_WORKER_ROLE, job } satisfies RecorderWorkerData,
      }) as unknown as RecorderThread,
  });
}

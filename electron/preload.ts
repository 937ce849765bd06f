// Sandboxed preload (bundled to CommonJS): exposes the narrow `window.backflow` bridge and
// nothing else. All logic lives in shell/preload-api.ts, which is tested under Node.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createPreloadApi, watchDroppedFiles } from './shell/preload-api';

contextBridge.exposeInMainWorld('backflow', createPreloadApi(ipcRenderer));
watchDroppedFiles(window, (f) => webUtils.getPathForFile(f as File), ipcRenderer);

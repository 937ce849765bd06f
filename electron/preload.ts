// Sandboxed preload (bundled to CommonJS): exposes the narrow `window.backflow` bridge and
// nothing else. All logic lives in shell/preload-api.ts, which is tested under Node.
import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadApi } from './shell/preload-api';

contextBridge.exposeInMainWorld('backflow', createPreloadApi(ipcRenderer));

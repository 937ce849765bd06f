// The session file: one SQLite file per recording. Everything else goes through this module.

export { SessionFileError, type SessionFileErrorKind } from './errors';
export {
  SessionWriter,
  KEY_FRAME_INTERVAL,
  type ClusterPatch,
  type NewCluster,
  type NewSessionHeader,
  type WriteObserver,
  type WriterOptions,
} from './writer';
export { SessionReader } from './reader';
export { saveCopy, exportSlice } from './copy';
export { sanitizeClusterUrl } from './url';
export { FORMAT_VERSION, APPLICATION_ID } from './schema';
export type * from './types';

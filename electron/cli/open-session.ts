import { SessionFileError, SessionReader } from '../session/index';
import { UsageError } from './command';

/** Opens a session read-only; a missing, foreign or damaged file is a one-line UsageError. */
export function openSession(file: string | undefined): SessionReader {
  if (!file) throw new UsageError('give a session file');
  try {
    return SessionReader.open(file);
  } catch (e) {
    if (e instanceof SessionFileError) throw new UsageError(e.message);
    throw e;
  }
}

import { SessionReader } from '../session/index';
import { UsageError } from './command';

/** Opens a session read-only; a missing, foreign or damaged file throws its SessionFileError (exit 3). */
export function openSession(file: string | undefined): SessionReader {
  if (!file) throw new UsageError('give a session file');
  return SessionReader.open(file);
}

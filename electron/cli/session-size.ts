import { statSync } from 'node:fs';

/** Bytes of a session file including its write-ahead log (what is on disk right now). */
export function sessionBytes(file: string): number {
  let n = 0;
  for (const f of [file, `${file}-wal`]) {
    try {
      n += statSync(f).size;
    } catch {
      // not there (yet)
    }
  }
  return n;
}

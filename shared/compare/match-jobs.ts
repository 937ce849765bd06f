// Pairs the jobs of two sessions by name: job ids change with every submission, names are what a
// team keeps. A name held by several jobs of one session (resubmitted within the recording, or on
// two clusters) pairs in the order the session lists them; the rest are returned unpaired.

import type { JobInfo } from '../model';

export interface JobPair {
  name: string;
  a: JobInfo;
  b: JobInfo;
}

export interface JobMatch {
  pairs: JobPair[];
  onlyA: JobInfo[];
  onlyB: JobInfo[];
}

export function matchJobs(a: readonly JobInfo[], b: readonly JobInfo[]): JobMatch {
  const waiting = new Map<string, JobInfo[]>();
  for (const j of b) waiting.set(j.name, [...(waiting.get(j.name) ?? []), j]);
  const pairs: JobPair[] = [];
  const onlyA: JobInfo[] = [];
  for (const j of a) {
    const other = waiting.get(j.name)?.shift();
    if (other) pairs.push({ name: j.name, a: j, b: other });
    else onlyA.push(j);
  }
  return { pairs, onlyA, onlyB: [...waiting.values()].flat() };
}

// The Open Recent list: newest first, at most MAX_RECENT, no duplicates, persisted in userData.
// Files that disappeared are dropped when the list is read. The renderer sees opaque ids and
// file names only; the paths stay in the main process.

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { RecentSessionEntry } from '../../shared/desktop-bridge';
import { readJsonFile, writeJsonFile } from './json-store';

export const MAX_RECENT = 10;

const fileSchema = z.object({ paths: z.array(z.string().min(1)) });

export function recentId(file: string): string {
  return createHash('sha256').update(file).digest('hex').slice(0, 16);
}

export class RecentSessions {
  private paths: string[];

  constructor(
    private readonly file: string,
    private readonly exists: (p: string) => boolean = existsSync,
  ) {
    const parsed = fileSchema.safeParse(readJsonFile(file));
    this.paths = parsed.success ? [...new Set(parsed.data.paths)].slice(0, MAX_RECENT) : [];
  }

  /** Existing files, newest first (prunes and persists missing ones). */
  list(): string[] {
    const kept = this.paths.filter((p) => this.exists(p));
    if (kept.length !== this.paths.length) {
      this.paths = kept;
      this.save();
    }
    return [...this.paths];
  }

  entries(): RecentSessionEntry[] {
    return this.list().map((p) => ({ id: recentId(p), fileName: path.basename(p) }));
  }

  pathOf(id: string): string | null {
    return this.list().find((p) => recentId(p) === id) ?? null;
  }

  add(file: string): void {
    this.paths = [file, ...this.paths.filter((p) => p !== file)].slice(0, MAX_RECENT);
    this.save();
  }

  clear(): void {
    this.paths = [];
    this.save();
  }

  private save(): void {
    writeJsonFile(this.file, { paths: this.paths });
  }
}

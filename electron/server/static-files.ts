// Serves the built renderer (out/renderer) read-only. Paths are resolved inside the root and
// anything escaping it, hidden, or unknown is a 404: the server never exposes other files.

import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

export interface StaticFile {
  body: Buffer;
  type: string;
  /** Hashed asset names never change content, so they may be cached; index.html may not. */
  immutable: boolean;
}

export async function readStatic(root: string, urlPath: string): Promise<StaticFile | null> {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (rel === '/' || rel === '') rel = '/index.html';
  if (rel.includes('\0') || rel.split('/').some((seg) => seg.startsWith('.'))) return null;
  const abs = path.resolve(root, `.${rel}`);
  if (abs !== root && !abs.startsWith(root + path.sep)) return null;
  const type = TYPES[path.extname(abs).toLowerCase()];
  if (!type) return null;
  try {
    const st = await stat(abs);
    if (!st.isFile()) return null;
    return { body: await readFile(abs), type, immutable: rel.startsWith('/assets/') };
  } catch {
    return null;
  }
}

// The house rules of the layers (renderer → shared ← electron), checked on the source so an
// import in the wrong direction fails the build instead of waiting for a review.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(root, dir))) {
    const rel = path.join(dir, name);
    if (statSync(path.join(root, rel)).isDirectory()) out.push(...sources(rel));
    else if (/\.(ts|svelte)$/.test(name)) out.push(rel);
  }
  return out;
}

/** Every module specifier a file imports (static, dynamic and re-exports). */
function imports(file: string): string[] {
  const text = readFileSync(path.join(root, file), 'utf8');
  return [...text.matchAll(/(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (m) => m[1] ?? m[2]!,
  );
}

const resolvedTop = (file: string, spec: string): string =>
  spec.startsWith('.')
    ? path.relative(root, path.resolve(path.dirname(path.join(root, file)), spec)).split(path.sep)[0]!
    : spec;

describe('layers', () => {
  it('shared/ imports neither electron/ nor renderer/, nor Node or Electron APIs', () => {
    const bad = sources('shared').flatMap((f) =>
      imports(f)
        .filter(
          (s) =>
            ['electron', 'renderer'].includes(resolvedTop(f, s)) ||
            s.startsWith('node:') ||
            s === 'electron' ||
            s === 'better-sqlite3',
        )
        .map((s) => `${f} → ${s}`),
    );
    expect(bad).toEqual([]);
  });

  it('renderer/ reaches the main side only through shared/', () => {
    const bad = sources('renderer/src').flatMap((f) =>
      imports(f)
        .filter(
          (s) =>
            resolvedTop(f, s) === 'electron' || s.startsWith('node:') || s === 'electron' || s === 'better-sqlite3',
        )
        .map((s) => `${f} → ${s}`),
    );
    expect(bad).toEqual([]);
  });

  it('only the Electron shell imports the electron module', () => {
    const shell = (f: string) =>
      f.startsWith('electron/shell/') || f === 'electron/main.ts' || f === 'electron/preload.ts';
    const bad = sources('electron').filter((f) => !shell(f) && imports(f).includes('electron'));
    expect(bad).toEqual([]);
  });

  it('electron/ never imports the renderer', () => {
    const bad = sources('electron').flatMap((f) =>
      imports(f)
        .filter((s) => resolvedTop(f, s) === 'renderer')
        .map((s) => `${f} → ${s}`),
    );
    expect(bad).toEqual([]);
  });
});

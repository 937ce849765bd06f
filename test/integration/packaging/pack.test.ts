// Packs the desktop app offline exactly as `npm run dist` would lay it out (electron-builder
// --dir, with the native rebuild off and a stub Electron binary, since neither Electron nor a
// network exists here) and checks the result, so the packaging config cannot silently rot.
import { listPackage, extractFile } from '@electron/asar';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');
const require = createRequire(import.meta.url);
// The worker entry (analysis and heavy queries off the main process) is found beside out/main.
const BUILT = [
  'out/main/main.cjs',
  'out/preload/preload.cjs',
  'out/renderer/index.html',
  'out/cli/analysis-worker.mjs',
];

let tmp: string;
let resources: string;
let entries: string[];

beforeAll(() => {
  if (!BUILT.every((f) => existsSync(path.join(root, f)))) {
    const b = spawnSync(process.execPath, ['scripts/build.mjs', '--quiet'], { cwd: root, encoding: 'utf8' });
    if (b.status !== 0) throw new Error(`build failed:\n${b.stdout}\n${b.stderr}`);
  }
  tmp = mkdtempSync(path.join(tmpdir(), 'backflow-pack-'));
  const electronDist = path.join(tmp, 'electron-dist');
  mkdirSync(electronDist);
  writeFileSync(path.join(electronDist, 'electron'), '#!/bin/sh\nexit 0\n');
  chmodSync(path.join(electronDist, 'electron'), 0o755);
  const r = spawnSync(
    process.execPath,
    [
      'node_modules/electron-builder/cli.js',
      '--dir',
      '--linux',
      '--x64',
      '--publish',
      'never',
      '-c.npmRebuild=false',
      `-c.electronDist=${electronDist}`,
      `-c.directories.output=${path.join(tmp, 'dist')}`,
    ],
    { cwd: root, encoding: 'utf8', env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' } },
  );
  if (r.status !== 0) throw new Error(`electron-builder failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  resources = path.join(tmp, 'dist', 'linux-unpacked', 'resources');
  entries = listPackage(path.join(resources, 'app.asar'), { isPack: false }).map((e) => e.replace(/\\/g, '/'));
}, 120_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('packaged app (electron-builder --dir, offline)', () => {
  it('holds the built main, preload and renderer in app.asar, identical to out/', () => {
    for (const f of BUILT) {
      expect(entries, f).toContain(`/${f}`);
      expect(extractFile(path.join(resources, 'app.asar'), f).equals(readFileSync(path.join(root, f))), f).toBe(true);
    }
    expect(entries.some((e) => e.startsWith('/out/renderer/assets/') && e.endsWith('.js'))).toBe(true);
  });

  it('starts from the package.json main and ships no sources, maps, tests or CLI', () => {
    const pkg = JSON.parse(extractFile(path.join(resources, 'app.asar'), 'package.json').toString('utf8')) as {
      main: string;
    };
    expect(pkg.main).toBe('out/main/main.cjs');
    expect(entries).toContain(`/${pkg.main}`);
    const own = entries.filter((e) => !e.startsWith('/node_modules/'));
    expect(own.filter((e) => e.endsWith('.map'))).toEqual([]);
    expect(own.filter((e) => /^\/(electron|shared|renderer|test|scripts|build)\//.test(e))).toEqual([]);
    // Of the CLI, only the worker entry the desktop app starts.
    expect(own.filter((e) => e.startsWith('/out/cli/') && e !== '/out/cli')).toEqual(['/out/cli/analysis-worker.mjs']);
  });

  it('carries only production dependencies', () => {
    const top = new Set(
      entries
        .filter((e) => /^\/node_modules\/[^/]+$/.test(e) || /^\/node_modules\/@[^/]+\/[^/]+$/.test(e))
        .map((e) => e.slice('/node_modules/'.length)),
    );
    expect(top.has('better-sqlite3')).toBe(true);
    expect(top.has('zod')).toBe(true);
    for (const dev of [
      'electron',
      'electron-builder',
      'vitest',
      'svelte',
      'vite',
      'typescript',
      '@playwright/test',
      'esbuild',
    ])
      expect(top.has(dev), dev).toBe(false);
  });

  it('unpacks better-sqlite3 native addon next to the asar, without its build leftovers', () => {
    const addon = path.join(
      resources,
      'app.asar.unpacked',
      'node_modules',
      'better-sqlite3',
      'build',
      'Release',
      'better_sqlite3.node',
    );
    expect(existsSync(addon)).toBe(true);
    // Same bytes as the installed addon: here it is Node's build (npmRebuild is off offline).
    expect(
      readFileSync(addon).equals(readFileSync(require.resolve('better-sqlite3/build/Release/better_sqlite3.node'))),
    ).toBe(true);
    const inAsar = entries.filter((e) => e.includes('/better-sqlite3/'));
    expect(inAsar.some((e) => /\/(deps|src)\//.test(e) || e.endsWith('.a') || e.endsWith('test_extension.node'))).toBe(
      false,
    );
  });
});

describe('electron-builder configuration', () => {
  const config = require(path.join(root, 'electron-builder.cjs')) as Record<string, any>;

  it('associates .backflow session files with the app', () => {
    expect(config.fileAssociations).toEqual([expect.objectContaining({ ext: 'backflow', name: 'Backflow Session' })]);
  });

  it('targets AppImage + deb, dmg and nsis, as Backflow with icons from build/', () => {
    expect(config.productName).toBe('Backflow');
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z]+)+$/);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
    for (const icon of [config.mac.icon, config.win.icon]) expect(existsSync(path.join(root, icon)), icon).toBe(true);
    expect(existsSync(path.join(root, config.linux.icon, '256x256.png'))).toBe(true);
  });

  it('rebuilds native modules for Electron at packaging time, not at install', () => {
    expect(config.npmRebuild).toBe(true);
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.postinstall ?? '').not.toMatch(/electron-builder|electron-rebuild|install-app-deps/);
  });
});

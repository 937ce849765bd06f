// `npm start` fetches Electron's binary on first use through Electron's own installer. The download
// is stubbed by a mirror on 127.0.0.1 (ELECTRON_MIRROR) serving a small zip in Electron's layout and
// its SHASUMS256.txt; the installer runs for real on a copy of the electron package, so the
// project's node_modules/electron is never touched.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types (scripts/ run under Node directly)
import { ensureElectronBinary } from '../../../scripts/electron-binary.mjs';
import { cacheDir } from '../../fixtures/cache-dir';

type Ensured = { binary: string; reason?: undefined } | { binary: null; reason: string };
const ensure = ensureElectronBinary as (o: {
  electronDir: string;
  env: Record<string, string | undefined>;
  log: (line: string) => void;
}) => Promise<Ensured>;

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const ELECTRON = path.join(ROOT, 'node_modules', 'electron');
const VERSION = (JSON.parse(readFileSync(path.join(ELECTRON, 'package.json'), 'utf8')) as { version: string }).version;
const ZIP = `electron-v${VERSION}-${process.platform}-${process.arch}.zip`;
const executable = process.platform === 'win32' ? 'electron.exe' : 'electron';

let base: string;
let zip: Buffer;
let mirror: { url: string; requests: string[]; answer404: boolean; close(): Promise<void> };

/** A copy of the electron package that the installer may write into. */
function electronCopy(name: string): string {
  const dir = path.join(base, name, 'electron');
  mkdirSync(dir, { recursive: true });
  for (const f of ['install.js', 'package.json', 'checksums.json', 'index.js']) {
    copyFileSync(path.join(ELECTRON, f), path.join(dir, f));
  }
  return dir;
}

function envFor(cache: string, extra: Record<string, string> = {}): Record<string, string | undefined> {
  return {
    PATH: process.env.PATH,
    HOME: base,
    ELECTRON_MIRROR: `${mirror.url}/`,
    // The stub's own checksums, fetched from the mirror like a real mirror's.
    electron_use_remote_checksums: '1',
    electron_config_cache: path.join(base, cache),
    ELECTRON_GET_NO_PROGRESS: '1',
    ...extra,
  };
}

beforeAll(async () => {
  base = cacheDir('backflow-electron-fetch-');
  // A zip in Electron's layout: the executable and its version file at the top.
  const src = path.join(base, 'zip-src');
  mkdirSync(src);
  writeFileSync(path.join(src, executable), '#!/bin/sh\necho fake electron\n', { mode: 0o755 });
  writeFileSync(path.join(src, 'version'), `v${VERSION}`);
  const made = spawnSync(
    'python3',
    [
      '-c',
      'import sys, zipfile, os\nwith zipfile.ZipFile(sys.argv[1], "w") as z:\n  for f in sys.argv[3:]:\n    i = zipfile.ZipInfo(f); i.external_attr = (os.stat(os.path.join(sys.argv[2], f)).st_mode & 0xFFFF) << 16\n    z.writestr(i, open(os.path.join(sys.argv[2], f), "rb").read())',
      path.join(base, ZIP),
      src,
      executable,
      'version',
    ],
    { encoding: 'utf8' },
  );
  if (made.status !== 0) throw new Error(`cannot make the stub zip: ${made.stderr}`);
  zip = readFileSync(path.join(base, ZIP));
  const sums = `${createHash('sha256').update(zip).digest('hex')} *${ZIP}\n`;
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (mirror.answer404) return void res.writeHead(404).end('not here');
    if (req.url?.endsWith(`/${ZIP}`)) return void res.writeHead(200, { 'content-length': zip.length }).end(zip);
    if (req.url?.endsWith('/SHASUMS256.txt')) return void res.writeHead(200).end(sums);
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  mirror = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    answer404: false,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
});

afterAll(async () => {
  await mirror?.close();
  rmSync(base, { recursive: true, force: true });
});

describe('npm start on a machine without the Electron binary', () => {
  it('fetches it once through Electron’s installer from ELECTRON_MIRROR, saying so, then starts it', async () => {
    const dir = electronCopy('ok');
    const lines: string[] = [];
    const first = await ensure({ electronDir: dir, env: envFor('cache-ok'), log: (l) => lines.push(l) });
    expect(first).toEqual({ binary: path.join(dir, 'dist', executable) });
    expect(statSync(first.binary!).mode & 0o111).not.toBe(0);
    expect(spawnSync(first.binary!, { encoding: 'utf8' }).stdout).toBe('fake electron\n');
    expect(lines).toEqual([
      `Fetching Electron ${VERSION} for this machine from ${mirror.url}/ (first start only; a progress bar shows on a slow link)…`,
    ]);
    expect(mirror.requests.some((u) => u.endsWith(`/${ZIP}`))).toBe(true);

    // The next start finds it: no request, no line.
    const asked = mirror.requests.length;
    const again = await ensure({ electronDir: dir, env: envFor('cache-ok'), log: (l) => lines.push(l) });
    expect(again.binary).toBe(first.binary);
    expect(mirror.requests.length).toBe(asked);
    expect(lines).toHaveLength(1);
  }, 60_000);

  it('gives the reason to serve the UI instead when the download fails', async () => {
    mirror.answer404 = true;
    try {
      const dir = electronCopy('fails');
      const got = await ensure({ electronDir: dir, env: envFor('cache-fails'), log: () => {} });
      expect(got.binary).toBeNull();
      expect(got.reason).toMatch(/^the Electron binary could not be fetched \(.*404.*\)$/);
    } finally {
      mirror.answer404 = false;
    }
  }, 60_000);

  it('asks nothing when ELECTRON_SKIP_BINARY_DOWNLOAD is set, and says why', async () => {
    const dir = electronCopy('skip');
    const asked = mirror.requests.length;
    const got = await ensure({
      electronDir: dir,
      env: envFor('cache-skip', { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }),
      log: () => {},
    });
    expect(got).toEqual({
      binary: null,
      reason: 'the Electron binary is not installed and ELECTRON_SKIP_BINARY_DOWNLOAD is set',
    });
    expect(mirror.requests.length).toBe(asked);
  });
});

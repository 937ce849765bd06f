// Electron's binary, fetched on first use. `npm install` runs no install script of Electron's
// (package.json allowScripts), so an offline install passes; `npm start` fetches the binary the
// first time through Electron's own installer (node_modules/electron/install.js, @electron/get),
// which honours ELECTRON_MIRROR, ELECTRON_SKIP_BINARY_DOWNLOAD, electron_config_cache and, here,
// HTTP(S)_PROXY/NO_PROXY. A failure is a reason to serve the UI in the browser, never a crash.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The installed binary of the Electron package in `electronDir`, or null (what its index.js resolves). */
export function installedBinary(electronDir) {
  try {
    const rel = readFileSync(path.join(electronDir, 'path.txt'), 'utf8');
    const bin = path.join(electronDir, 'dist', rel);
    return rel && existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

/**
 * The binary, fetched when missing and allowed.
 * @param {{ electronDir: string, env: Record<string, string | undefined>, log: (line: string) => void }} o
 * @returns {Promise<{ binary: string } | { binary: null, reason: string }>}
 */
export async function ensureElectronBinary({ electronDir, env, log }) {
  const have = installedBinary(electronDir);
  if (have) return { binary: have };
  if (env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    return { binary: null, reason: 'the Electron binary is not installed and ELECTRON_SKIP_BINARY_DOWNLOAD is set' };
  }
  const { version } = JSON.parse(readFileSync(path.join(electronDir, 'package.json'), 'utf8'));
  const from = env.ELECTRON_MIRROR ? ` from ${env.ELECTRON_MIRROR}` : '';
  log(`Fetching Electron ${version} for this machine${from} (first start only; a progress bar shows on a slow link)…`);
  // @electron/get uses the proxy variables only when asked to.
  const proxied = PROXY_VARS.some((k) => env[k]) ? { ELECTRON_GET_USE_PROXY: 'true' } : {};
  const failure = await new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(electronDir, 'install.js')], {
      cwd: electronDir,
      env: { ...env, ...proxied },
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => {
      err = (err + d.toString()).slice(-4000);
      // The installer's progress bar passes; its stack frames do not (the reason is said once below).
      process.stderr.write(d.toString().replace(/^\s+at .*\n?/gm, ''));
    });
    child.on('error', (e) => resolve(e.message));
    child.on('close', (code) =>
      resolve(code === 0 ? null : firstErrorLine(err) || `its installer exited with ${code}`),
    );
  });
  const binary = installedBinary(electronDir);
  if (binary) return { binary };
  return { binary: null, reason: `the Electron binary could not be fetched (${failure ?? 'nothing was installed'})` };
}

/** The line of a Node stack trace that says what went wrong. */
function firstErrorLine(text) {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => /^(\w*Error|HTTPError|RequestError)\b/.test(l)) ?? ''
  ).slice(0, 300);
}

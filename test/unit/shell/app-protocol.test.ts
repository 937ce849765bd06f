import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../electron/server/security';
import { APP_INDEX_URL, isAppUrl, serveAppRequest } from '../../../electron/shell/app-protocol';

let root: string;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'backflow-app-protocol-'));
  root = path.join(dir, 'renderer');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Backflow</title>');
  writeFileSync(path.join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(path.join(dir, 'secret.txt'), 'do not serve');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => serveAppRequest(root, { url, method });

describe('app:// protocol', () => {
  it('serves index.html with the strict CSP and hardening headers', async () => {
    const res = await get(APP_INDEX_URL);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).toContain('<title>Backflow</title>');
  });

  it('serves built assets with their type and the CSP; the root path is the index', async () => {
    const js = await get('app://backflow/assets/index-abc.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await (await get('app://backflow/')).text()).toContain('Backflow');
  });

  it('never serves files outside the renderer folder, and answers errors with the CSP too', async () => {
    for (const url of [
      'app://backflow/../secret.txt',
      'app://backflow/%2e%2e/secret.txt',
      'app://backflow/assets/..%2f..%2fsecret.txt',
      'app://backflow/missing.js',
    ]) {
      const res = await get(url);
      expect(res.status, url).toBe(404);
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it('refuses other hosts and write methods', async () => {
    expect((await get('app://elsewhere/index.html')).status).toBe(404);
    expect((await get(APP_INDEX_URL, 'POST')).status).toBe(405);
    const head = await get(APP_INDEX_URL, 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('recognises only its own origin', () => {
    expect(isAppUrl('app://backflow/index.html#token=x')).toBe(true);
    expect(isAppUrl('app://backflow.evil/index.html')).toBe(false);
    expect(isAppUrl('https://backflow/index.html')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});

// `npm start`'s fallback where Electron cannot start: `backflow demo --serve` records the built-in
// cluster and serves the UI of that live session on 127.0.0.1 behind the printed token.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { startCli, type BuiltCli } from '../../fixtures/recorder/cli';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
// The build the README's commands use (npm test builds out/ first): it carries the UI to serve.
const cli: BuiltCli = { script: path.join(ROOT, 'out', 'cli', 'backflow.mjs'), remove: () => {} };
const dir = mkdtempSync(path.join(tmpdir(), 'backflow-demo-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function until<T>(f: () => T | null, ms: number): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = f();
    if (v !== null) return v;
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

it('records the demo cluster and serves its live session behind the token', async () => {
  const run = startCli(
    cli,
    ['demo', '--serve', '--speed', '20', '--duration', '1h', '--out', path.join(dir, 'demo.backflow')],
    dir,
  );
  try {
    const m = await until(() => /Open (http:\/\/127\.0\.0\.1:(\d+)\/)#token=([\w-]+)/.exec(run.stdout()), 20_000);
    const [, base, , token] = m;
    const page = await fetch(base!);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await page.text()).toContain('<div id="app">');
    const call = (headers: Record<string, string>) =>
      fetch(`${base}api/sessionInfo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: '{}',
      });
    expect((await call({})).status).toBe(401);
    type Info = { tickCount: number; live: boolean; clusters: { flinkVersion: string | null }[] };
    let body: Info | null = null as Info | null;
    for (let i = 0; i < 100 && !(body && body.tickCount >= 2); i++) {
      const r = await call({ 'x-backflow-token': token! });
      expect(r.status).toBe(200);
      body = (await r.json()) as Info;
      await new Promise((res) => setTimeout(res, 100));
    }
    expect(body!.tickCount).toBeGreaterThanOrEqual(2);
    expect(body!.live).toBe(true);
    expect(body!.clusters[0]!.flinkVersion).toMatch(/^1\.20/);
  } finally {
    run.child.kill('SIGINT');
    const done = await run.done;
    expect(done.code).toBe(0);
  }
}, 60_000);

// TLS against a real HTTPS server with a throwaway CA made by the openssl CLI: custom CA,
// rejection without it, insecure mode, and mutual TLS with a client certificate.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FlinkApiError, FlinkClient } from '../../../electron/flink';
import { overview } from '../../unit/flink/canned';
import { sendJson, startFakeJobManager, type FakeJobManager } from './fake-jobmanager';

let dir = '';
const f = (name: string) => join(dir, name);
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });

function issue(name: string, cn: string, ext: string): void {
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
    '-subj',
    `/CN=${cn}`,
  );
  writeFileSync(f(`${name}.ext`), ext);
  openssl(
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '2',
    '-out',
    `${name}.crt`,
    '-extfile',
    `${name}.ext`,
  );
}

beforeAll(() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'pipe' });
  } catch {
    throw new Error('the openssl CLI is needed to generate test certificates and was not found');
  }
  dir = mkdtempSync(join(tmpdir(), 'backflow-tls-'));
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '2',
    '-subj',
    '/CN=Backflow Test CA',
  );
  issue('server', '127.0.0.1', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  issue('client', 'recorder', 'extendedKeyUsage=clientAuth\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let servers: FakeJobManager[] = [];
let clients: FlinkClient[] = [];
afterEach(async () => {
  for (const c of clients) c.close();
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
  clients = [];
});

async function https(mutual: boolean) {
  const s = await startFakeJobManager(
    (req, res) =>
      sendJson(res, {
        ...overview,
        'flink-commit': (req.socket as TLSSocket).getPeerCertificate().subject?.CN ?? 'none',
      }),
    {
      key: readFileSync(f('server.key')),
      cert: readFileSync(f('server.crt')),
      ...(mutual ? { ca: readFileSync(f('ca.crt')), requestCert: true, rejectUnauthorized: true } : {}),
    },
  );
  servers.push(s);
  return s;
}
function client(opts: ConstructorParameters<typeof FlinkClient>[0]) {
  const c = new FlinkClient({ retries: 0, timeoutMs: 3000, ...opts });
  clients.push(c);
  return c;
}

describe('TLS', () => {
  it('trusts a server signed by a custom CA file', async () => {
    const s = await https(false);
    const c = client({ url: s.url, caFile: f('ca.crt') });
    expect((await c.getOverview()).taskManagers).toBe(2);
    expect(c.isInsecure).toBe(false);
  });

  it('rejects the same server without the CA (system CAs only) → tls, with a hint', async () => {
    const s = await https(false);
    const c = client({ url: s.url, retries: 2, retryBaseDelayMs: 5 });
    const err = (await c.getOverview().catch((e: unknown) => e)) as FlinkApiError;
    expect(err).toBeInstanceOf(FlinkApiError);
    expect(err.kind).toBe('tls');
    expect(err.message).toMatch(/^GET \/overview: TLS handshake failed: .*CA file/);
    // A certificate problem does not go away on retry.
    expect(c.stats.requests).toBe(1);
  });

  it('insecure mode skips verification and says so', async () => {
    const s = await https(false);
    const c = client({ url: s.url, insecure: true });
    expect(c.isInsecure).toBe(true);
    expect((await c.getOverview()).taskManagers).toBe(2);
  });

  it('mutual TLS: the client certificate reaches the server', async () => {
    const s = await https(true);
    const c = client({ url: s.url, caFile: f('ca.crt'), certFile: f('client.crt'), keyFile: f('client.key') });
    expect((await c.getOverview()).flinkCommit).toBe('recorder');
  });

  it('mutual TLS without a client certificate fails as tls', async () => {
    const s = await https(true);
    const c = client({ url: s.url, caFile: f('ca.crt') });
    const err = (await c.getOverview().catch((e: unknown) => e)) as FlinkApiError;
    expect(err).toBeInstanceOf(FlinkApiError);
    expect(err.kind).toBe('tls');
  });
});

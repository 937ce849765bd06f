import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { credentialKey, CredentialStore, type SafeStorageLike } from '../../../electron/shell/credentials';

/** Stands in for the OS keychain: reversible, but the stored bytes never contain the plaintext. */
function fakeSafeStorage(available = true): SafeStorageLike & { key: number } {
  return {
    key: 0x5a,
    isEncryptionAvailable: () => available,
    encryptString(plain) {
      return Buffer.concat([Buffer.from('v10'), Buffer.from(plain, 'utf8').map((b) => b ^ this.key)]);
    },
    decryptString(buf) {
      if (buf.subarray(0, 3).toString() !== 'v10') throw new Error('bad header');
      return Buffer.from(buf.subarray(3).map((b) => b ^ this.key)).toString('utf8');
    },
  };
}

const dir = mkdtempSync(path.join(tmpdir(), 'backflow-credentials-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = () => path.join(dir, `credentials-${n++}.json`);

describe('credentials store', () => {
  it('round-trips basic auth and bearer tokens per cluster', () => {
    const store = new CredentialStore(file(), fakeSafeStorage());
    store.save({ url: 'https://flink.prod:8081/', basicAuth: { username: 'ann', password: 'hunter2-secret' } });
    store.save({ url: 'http://jm.staging:8081', bearerToken: 'tok-abcdef-123' });
    expect(store.get('https://flink.prod:8081')).toEqual({
      basicAuth: { username: 'ann', password: 'hunter2-secret' },
    });
    expect(store.get('http://jm.staging:8081/')).toEqual({ bearerToken: 'tok-abcdef-123' });
    expect(store.get('http://other:8081')).toBeNull();
    expect(store.urls()).toEqual(['http://jm.staging:8081', 'https://flink.prod:8081']);
  });

  it('writes no plaintext secret or username to disk, with owner-only permissions', () => {
    const f = file();
    const store = new CredentialStore(f, fakeSafeStorage());
    store.save({ url: 'https://flink.prod:8081', basicAuth: { username: 'ann-the-user', password: 'hunter2-secret' } });
    const text = readFileSync(f, 'utf8');
    expect(text).not.toContain('hunter2-secret');
    expect(text).not.toContain('ann-the-user');
    expect(text).not.toContain(Buffer.from('hunter2-secret').toString('base64'));
    if (process.platform !== 'win32') expect(statSync(f).mode & 0o077).toBe(0);
    // a fresh store (next app start) reads it back
    expect(new CredentialStore(f, fakeSafeStorage()).get('https://flink.prod:8081')?.basicAuth?.password).toBe(
      'hunter2-secret',
    );
  });

  it('refuses to save without OS encryption and writes nothing', () => {
    const f = file();
    const store = new CredentialStore(f, fakeSafeStorage(false));
    expect(() => store.save({ url: 'https://a:8081', bearerToken: 'x' })).toThrow(/no encryption for saved secrets/);
    expect(existsSync(f)).toBe(false);
  });

  it('needs exactly one kind of secret and a valid http(s) URL', () => {
    const store = new CredentialStore(file(), fakeSafeStorage());
    expect(() => store.save({ url: 'https://a:8081' })).toThrow(
      'give either a username and password or a bearer token',
    );
    expect(() =>
      store.save({ url: 'https://a:8081', bearerToken: 't', basicAuth: { username: 'u', password: 'p' } }),
    ).toThrow('give either');
    expect(() => store.save({ url: 'ftp://a', bearerToken: 't' })).toThrow(
      'cluster URL must be http or https, got ftp:',
    );
    expect(() => store.save({ url: 'not a url', bearerToken: 't' })).toThrow('"not a url" is not a valid cluster URL');
  });

  it('says so when a saved credential cannot be decrypted any more', () => {
    const f = file();
    new CredentialStore(f, fakeSafeStorage()).save({ url: 'https://a:8081', bearerToken: 'tok' });
    const other = fakeSafeStorage();
    other.decryptString = () => {
      throw new Error('keychain changed');
    };
    expect(() => new CredentialStore(f, other).get('https://a:8081')).toThrow(
      'the saved credential for https://a:8081 cannot be decrypted (keychain changed?); save it again',
    );
  });

  it('forgets a credential', () => {
    const store = new CredentialStore(file(), fakeSafeStorage());
    store.save({ url: 'https://a:8081', bearerToken: 'tok' });
    store.forget('https://a:8081/');
    expect(store.get('https://a:8081')).toBeNull();
    expect(store.urls()).toEqual([]);
  });

  it('keys by origin and path, without userinfo, query or trailing slash', () => {
    expect(credentialKey('https://u:p@flink.prod:8081/proxy/flink/?x=1#y')).toBe('https://flink.prod:8081/proxy/flink');
  });
});

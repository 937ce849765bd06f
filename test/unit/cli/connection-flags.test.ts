import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../electron/cli/command';
import { CONNECTION_FLAGS, connectionFromFlags, parseHeader } from '../../../electron/cli/connection-flags';
import { parseFlags } from '../../../electron/cli/flags';

const io = (env: Record<string, string> = {}): CliIo => ({
  out: () => {},
  err: () => {},
  status: () => {},
  isTty: false,
  env,
  interrupted: new Promise(() => {}),
});
const flags = (...argv: string[]) => parseFlags(argv, CONNECTION_FLAGS).values;

describe('connectionFromFlags', () => {
  it('reads basic auth password and bearer token from the environment only', async () => {
    const basic = await connectionFromFlags(
      'https://gw/flink',
      flags('--basic-user', 'sre', '--basic-password-env', 'PW'),
      io({ PW: 's3cret' }),
    );
    expect(basic.basicAuth).toEqual({ username: 'sre', password: 's3cret' });
    const bearer = await connectionFromFlags('https://gw/flink', flags('--bearer-env', 'TOK'), io({ TOK: 'abc.def' }));
    expect(bearer.bearerToken).toBe('abc.def');
  });

  it('names the missing environment variable', async () => {
    await expect(connectionFromFlags('http://jm:8081', flags('--bearer-env', 'NOPE'), io())).rejects.toThrow(
      '--bearer-env names NOPE, but that environment variable is not set',
    );
  });

  it('refuses credentials in the URL without echoing them', async () => {
    const err = await connectionFromFlags('http://sre:hunter2@jm:8081', flags(), io()).catch((e: Error) => e);
    expect(String(err)).toContain('put no credentials in the URL');
    expect(String(err)).not.toContain('hunter2');
  });

  it('does not prompt without a terminal', async () => {
    // vitest's stdin is not a TTY, as on a CI runner or in a pipe.
    await expect(connectionFromFlags('http://jm:8081', flags('--basic-user', 'sre'), io())).rejects.toThrow(
      'no terminal to ask',
    );
  });

  it('passes headers and TLS files through, and pairs --cert with --key', async () => {
    const o = await connectionFromFlags(
      'https://jm',
      flags('--header', 'X-Api-Key: k1', '--ca', 'ca.pem', '--cert', 'c.pem', '--key', 'k.pem', '--insecure'),
      io(),
    );
    expect(o).toMatchObject({
      headers: { 'X-Api-Key': 'k1' },
      caFile: 'ca.pem',
      certFile: 'c.pem',
      keyFile: 'k.pem',
      insecure: true,
    });
    await expect(connectionFromFlags('https://jm', flags('--cert', 'c.pem'), io())).rejects.toThrow(
      '--cert and --key go together',
    );
  });

  it('rejects malformed headers', () => {
    expect(parseHeader('Authorization: Bearer x')).toEqual(['Authorization', 'Bearer x']);
    expect(() => parseHeader('no colon')).toThrow("--header must look like 'Name: value'");
    expect(() => parseHeader('Bad Name: v')).toThrow("--header must look like 'Name: value'");
  });
});

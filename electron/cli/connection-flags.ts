// Flags that say how to reach a Flink cluster (shared by every command that connects to one).
// Secrets never come from argv: passwords and tokens are read from named environment variables or
// typed at a hidden prompt, so they stay out of shell history, `ps` and logs.
import type { FlinkConnectionOptions } from '../flink/connection';
import { UsageError, type CliIo } from './command';
import type { FlagSpec, ParsedFlags } from './flags';
import { promptHidden } from './prompt';

export const CONNECTION_FLAGS: FlagSpec = {
  header: { type: 'string', multiple: true },
  'basic-user': { type: 'string' },
  'basic-password-env': { type: 'string' },
  'bearer-env': { type: 'string' },
  ca: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  insecure: { type: 'boolean' },
};

export const CONNECTION_USAGE = `Connection (applies to every URL):
  --header 'K: V'            extra request header, repeatable (e.g. a proxy's API key)
  --basic-user U             basic auth user; the password comes from --basic-password-env VAR,
                             or is asked for at a hidden prompt
  --basic-password-env VAR   environment variable holding the basic auth password
  --bearer-env VAR           environment variable holding a bearer token
  --ca FILE                  PEM CA certificate(s) to trust in addition to the system CAs
  --cert FILE --key FILE     client certificate and key (mutual TLS)
  --insecure                 do not verify the server certificate (reported loudly)`;

function envSecret(io: CliIo, flag: string, variable: string): string {
  const value = io.env[variable];
  if (value === undefined || value === '') {
    throw new UsageError(`--${flag} names ${variable}, but that environment variable is not set`);
  }
  return value;
}

export function parseHeader(raw: string): [string, string] {
  const colon = raw.indexOf(':');
  const name = colon > 0 ? raw.slice(0, colon).trim() : '';
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
    throw new UsageError(`--header must look like 'Name: value' (got a header without a valid name)`);
  }
  const value = raw.slice(colon + 1).trim();
  if (/[\r\n]/.test(value)) throw new UsageError(`--header ${name}: the value must be on one line`);
  return [name, value];
}

/** Builds the options for one URL; `url` must not carry credentials. */
export async function connectionFromFlags(
  url: string,
  flags: ParsedFlags['values'],
  io: CliIo,
): Promise<FlinkConnectionOptions> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(
      `"${url.replace(/\/\/[^/@]*@/, '//***@')}" is not a URL: expected http(s)://host:port[/prefix]`,
    );
  }
  if (parsed.username || parsed.password) {
    throw new UsageError(
      'put no credentials in the URL: use --basic-user with --basic-password-env VAR (or the prompt)',
    );
  }
  const opts: FlinkConnectionOptions = { url };
  const headers = (flags.header as string[] | undefined)?.map(parseHeader);
  if (headers?.length) opts.headers = Object.fromEntries(headers);
  const user = flags['basic-user'] as string | undefined;
  const passwordEnv = flags['basic-password-env'] as string | undefined;
  const bearerEnv = flags['bearer-env'] as string | undefined;
  if (passwordEnv && !user) throw new UsageError('--basic-password-env needs --basic-user');
  if (user && bearerEnv) throw new UsageError('choose either basic auth or --bearer-env, not both');
  if (user) {
    const password = passwordEnv
      ? envSecret(io, 'basic-password-env', passwordEnv)
      : await promptHidden(`Password for ${user} at ${parsed.host}: `);
    opts.basicAuth = { username: user, password };
  }
  if (bearerEnv) opts.bearerToken = envSecret(io, 'bearer-env', bearerEnv);
  if (flags.ca) opts.caFile = flags.ca as string;
  if (Boolean(flags.cert) !== Boolean(flags.key)) throw new UsageError('--cert and --key go together (mutual TLS)');
  if (flags.cert) {
    opts.certFile = flags.cert as string;
    opts.keyFile = flags.key as string;
  }
  if (flags.insecure) opts.insecure = true;
  return opts;
}

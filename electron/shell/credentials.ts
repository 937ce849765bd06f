// Saved cluster credentials for the recording form, encrypted with Electron's safeStorage (the
// OS keychain / DPAPI / libsecret). The file holds only ciphertext per cluster URL; secrets are
// handed to the recorder in memory and never written into a session (sessions store the
// redacted URL only). Without OS encryption nothing is saved: plaintext is never an option.

import { z } from 'zod';
import type { CredentialInput } from '../../shared/desktop-bridge';
import { readJsonFile, writeJsonFile } from './json-store';

/** The parts of Electron's safeStorage the store uses. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export interface StoredCredential {
  basicAuth?: { username: string; password: string };
  bearerToken?: string;
}

export class CredentialError extends Error {
  override name = 'CredentialError';
}

const secretSchema = z
  .object({
    basicAuth: z.object({ username: z.string().min(1).max(500), password: z.string().max(5000) }).optional(),
    bearerToken: z.string().min(1).max(10_000).optional(),
  })
  .refine((c) => (c.basicAuth === undefined) !== (c.bearerToken === undefined), {
    message: 'give either a username and password or a bearer token',
  });

const fileSchema = z.object({ version: z.literal(1), entries: z.record(z.string(), z.string()) });

/** Credentials are keyed by cluster origin + path, without userinfo, query or fragment. */
export function credentialKey(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new CredentialError(`"${url}" is not a valid cluster URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new CredentialError(`cluster URL must be http or https, got ${u.protocol}`);
  return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
}

export class CredentialStore {
  constructor(
    private readonly file: string,
    private readonly safe: SafeStorageLike,
  ) {}

  private read(): Record<string, string> {
    const parsed = fileSchema.safeParse(readJsonFile(this.file));
    return parsed.success ? { ...parsed.data.entries } : {};
  }

  private write(entries: Record<string, string>): void {
    writeJsonFile(this.file, { version: 1, entries }, 0o600);
  }

  save(input: CredentialInput): void {
    const key = credentialKey(input.url);
    const secret = secretSchema.safeParse({ basicAuth: input.basicAuth, bearerToken: input.bearerToken });
    if (!secret.success) throw new CredentialError(secret.error.issues.map((i) => i.message).join('; '));
    if (!this.safe.isEncryptionAvailable()) {
      throw new CredentialError(
        'the OS offers no encryption for saved secrets here (no keychain); enter the credentials for each recording instead',
      );
    }
    const entries = this.read();
    entries[key] = this.safe.encryptString(JSON.stringify(secret.data)).toString('base64');
    this.write(entries);
  }

  /** The decrypted credential for a cluster URL, or null when none is saved. */
  get(url: string): StoredCredential | null {
    const blob = this.read()[credentialKey(url)];
    if (blob === undefined) return null;
    if (!this.safe.isEncryptionAvailable())
      throw new CredentialError('the OS keychain is not available to decrypt the saved credential');
    let plain: string;
    try {
      plain = this.safe.decryptString(Buffer.from(blob, 'base64'));
    } catch {
      throw new CredentialError(
        `the saved credential for ${credentialKey(url)} cannot be decrypted (keychain changed?); save it again`,
      );
    }
    let value: unknown;
    try {
      value = JSON.parse(plain);
    } catch {
      value = null;
    }
    const parsed = secretSchema.safeParse(value);
    if (!parsed.success)
      throw new CredentialError(`the saved credential for ${credentialKey(url)} is damaged; save it again`);
    return parsed.data;
  }

  urls(): string[] {
    return Object.keys(this.read()).sort();
  }

  forget(url: string): void {
    const entries = this.read();
    delete entries[credentialKey(url)];
    this.write(entries);
  }
}

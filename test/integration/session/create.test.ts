// A new session appears under its name only once it is a complete, valid session: a UI that
// starts following a recording at once never sees a half-created file (and so never refuses it).
import { mkdtempSync, readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { SessionFileError, SessionReader, SessionWriter } from '../../../electron/session/index';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'backflow-create-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('publishes a complete session and leaves no temporary file behind', () => {
  const file = path.join(dir, 'new.backflow');
  const writer = SessionWriter.create(file, { appVersion: 'test', hostName: 'jump-1' });
  expect(readdirSync(dir).filter((f) => f.includes('.creating-'))).toEqual([]);
  // A reader opening it right away gets the header, not a "no schema" refusal.
  const reader = SessionReader.open(file);
  expect(reader.header().hostName).toBe('jump-1');
  reader.close();
  writer.close();
});

it('never replaces a file that is already there', () => {
  const file = path.join(dir, 'taken.backflow');
  writeFileSync(file, 'my notes');
  const err = (() => {
    try {
      SessionWriter.create(file, { appVersion: 'test' });
    } catch (e) {
      return e;
    }
    return null;
  })();
  expect(err).toBeInstanceOf(SessionFileError);
  expect((err as SessionFileError).kind).toBe('exists');
  expect(readFileSync(file, 'utf8')).toBe('my notes');
  expect(readdirSync(dir)).toEqual(['taken.backflow']);
});

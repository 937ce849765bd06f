import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../electron/cli/command';
import { intFlag, parseFlags, type FlagSpec } from '../../../electron/cli/flags';

const spec: FlagSpec = {
  out: { type: 'string', short: 'o' },
  header: { type: 'string', multiple: true },
  json: { type: 'boolean' },
};

describe('parseFlags', () => {
  it('reads values, repeated flags, booleans and positionals', () => {
    const r = parseFlags(
      ['http://a:8081', '--out', 's.backflow', '--header', 'A: 1', '--header=B: 2', '--json', 'http://b'],
      spec,
    );
    expect(r.values).toEqual({ out: 's.backflow', header: ['A: 1', 'B: 2'], json: true });
    expect(r.positionals).toEqual(['http://a:8081', 'http://b']);
  });

  it('accepts short names and stops at --', () => {
    const r = parseFlags(['-o', 'x', '--', '--json'], spec);
    expect(r.values.out).toBe('x');
    expect(r.positionals).toEqual(['--json']);
  });

  it.each([
    [['--nope'], 'unknown option --nope'],
    [['--out'], 'option --out needs a value'],
    [['--out', '--json'], 'option --out needs a value'],
    [['--json=yes'], 'option --json takes no value'],
    [['--out', 'a', '--out', 'b'], 'option --out given twice'],
    [['-x'], 'unknown option -x'],
  ])('%j is a usage error: %s', (argv, message) => {
    expect(() => parseFlags(argv, spec)).toThrow(new UsageError(message));
  });
});

describe('intFlag', () => {
  it('checks range and wholeness', () => {
    expect(intFlag('8081', 'port', 0, 65535)).toBe(8081);
    expect(intFlag(undefined, 'port', 0, 65535)).toBeUndefined();
    expect(() => intFlag('70000', 'port', 0, 65535)).toThrow(
      '--port must be a whole number from 0 to 65535, got "70000"',
    );
    expect(() => intFlag('1.5', 'port', 0, 65535)).toThrow(UsageError);
  });
});

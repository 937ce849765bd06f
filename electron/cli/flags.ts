import { UsageError } from './command';

export type FlagSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;

export interface ParsedFlags {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/**
 * Strict flag parser: unknown flags and missing values are UsageErrors naming the flag.
 * Accepts `--flag value`, `--flag=value`, repeated flags when `multiple`, and `--` to end flags.
 */
export function parseFlags(argv: string[], spec: FlagSpec): ParsedFlags {
  const values: ParsedFlags['values'] = {};
  const positionals: string[] = [];
  const byShort = new Map(Object.entries(spec).flatMap(([k, v]) => (v.short ? [[v.short, k] as const] : [])));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    let name: string | undefined;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
    } else if (/^-[a-zA-Z]$/.test(arg)) {
      name = byShort.get(arg.slice(1));
      if (!name) throw new UsageError(`unknown option ${arg}`);
    } else {
      positionals.push(arg);
      continue;
    }
    const def = spec[name];
    if (!def) throw new UsageError(`unknown option --${name}`);
    let value: string | boolean;
    if (def.type === 'boolean') {
      if (inline !== undefined) throw new UsageError(`option --${name} takes no value`);
      value = true;
    } else if (inline !== undefined) {
      value = inline;
    } else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) {
        throw new UsageError(`option --${name} needs a value`);
      }
      value = next;
      i++;
    }
    if (def.multiple) {
      const list = (values[name] as string[] | undefined) ?? [];
      list.push(String(value));
      values[name] = list;
    } else {
      if (values[name] !== undefined) throw new UsageError(`option --${name} given twice`);
      values[name] = value;
    }
  }
  return { values, positionals };
}

export function intFlag(raw: unknown, name: string, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${String(raw)}"`);
  }
  return n;
}

/** `on` / `off` → true / false; `fallback` when absent; a UsageError naming the flag otherwise. */
export function onOffFlag(raw: unknown, name: string, fallback: boolean): boolean {
  if (raw === undefined) return fallback;
  if (raw === 'on' || raw === 'off') return raw === 'on';
  throw new UsageError(`--${name} must be on or off (got "${String(raw)}")`);
}

const SIZE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};

/** `64MB`, `512k`, `1048576` → bytes (binary units); a UsageError naming the flag otherwise. */
export function sizeFlag(raw: unknown, name: string, min: number): number | undefined {
  if (raw === undefined) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(String(raw));
  const unit = m ? SIZE_UNITS[m[2]!.toLowerCase()] : undefined;
  const n = m && unit !== undefined ? Math.floor(Number(m[1]) * unit) : NaN;
  if (!(n >= min))
    throw new UsageError(
      `--${name} must be a size of at least ${min} bytes such as 64MB or 512k, got "${String(raw)}"`,
    );
  return n;
}

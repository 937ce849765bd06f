// Shipped migrations never change: a file records the sha256 of each migration it applied and
// refuses to open when this build's SQL differs. Their hashes are pinned here; a new migration
// adds its line when it ships.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../../electron/session/migrate';
import { FORMAT_VERSION, MIGRATIONS } from '../../../electron/session/schema';

const SHIPPED: Record<number, string> = {
  1: 'f9cc638e1e113e01c4fb6982d39a42b9410c6ab9017930c4be327c0a45581cb0',
  2: '4dff137caf2f2c0138652a48ce57dc8a70a72fb37180cc63dfbdea50df3e344e',
  3: '507e8a8c57208166fd9934c70fe0987261ee5b1e413c3c29fec249ffb60c57e0',
  4: '75903924cb294dd3778364d38a295938dca818cf4402206baf836a509a0c7265',
  5: 'd44dae6ecf651d199173bf8d015a71759b6f735b77f84d638e17620b2dc3712b',
  6: '82c6c7f8c9e2d4c285c0f5f83bcd8f948e2cc104d3e4afa7ca977b2920898308',
  7: 'bdea563e0e966044c5f0141469628bfcaa17cc140c41cafdca53cc2772734071',
};

describe('migrations', () => {
  it('every shipped migration keeps its SQL to the byte', () => {
    for (const [id, hash] of Object.entries(SHIPPED)) {
      const m = MIGRATIONS.find((x) => x.id === Number(id));
      expect(m, `migration ${id}`).toBeDefined();
      expect(sha256(m!.sql), `migration ${id} (${m!.name})`).toBe(hash);
    }
  });

  it('ids run 1…N in order, the last is the format this build writes', () => {
    expect(MIGRATIONS.map((m) => m.id)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(FORMAT_VERSION).toBe(MIGRATIONS.length);
  });

  it('one file per migration, named by its id and name, and one test file each', () => {
    const dir = path.resolve(__dirname, '../../../electron/session/migrations');
    const files = readdirSync(dir)
      .filter((f) => /^\d{4}-/.test(f))
      .sort();
    expect(files).toEqual(MIGRATIONS.map((m) => `${String(m.id).padStart(4, '0')}-${m.name}.ts`));
    const tests = readdirSync(path.resolve(__dirname, '../../integration/session/migrations'))
      .filter((f) => f.endsWith('.test.ts'))
      .sort();
    expect(tests).toEqual(MIGRATIONS.map((m) => `${String(m.id).padStart(4, '0')}-${m.name}.test.ts`));
  });
});

// A report or preview of a range reads only that range and its context (readRangeInput), and its
// analysis says exactly what the analysis of the whole session's input says about that range.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readAnalysisInput, readRangeInput, RANGE_CONTEXT_MS } from '../../../electron/session/analysis-input';
import { SessionReader } from '../../../electron/session/index';
import { analyzeSession } from '../../../shared/analysis/index';
import { quirky } from './quirky';

const dir = mkdtempSync(path.join(tmpdir(), 'backflow-range-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(['incident', 'restart', 'sustained-bottleneck'])('a range of %s', (scenario) => {
  it('analyses from its own stretch of the file as from the whole session', () => {
    const file = path.join(dir, `${scenario}.backflow`);
    // Long enough that a range and its context are a part of it.
    quirky(file, scenario, undefined, 240);
    const reader = SessionReader.open(file);
    try {
      const whole = reader.timeRange()!;
      const all = readAnalysisInput(reader);
      let episodes = 0;
      for (const [a, b] of [
        [0, 0.25],
        [0.1, 0.3],
        [0.2, 0.6],
        [0.5, 0.9],
        [0.75, 1],
      ] as const) {
        const from = Math.round(whole.from + a * (whole.to - whole.from));
        const to = Math.round(whole.from + b * (whole.to - whole.from));
        const input = readRangeInput(reader, from, to);
        const doc = analyzeSession(input, { from, to });
        episodes += doc.episodes.length;
        expect(JSON.stringify(doc), `${a}..${b}`).toBe(JSON.stringify(analyzeSession(all, { from, to })));
        // Read: the range and its context, nothing else.
        for (const f of input.frames) {
          // The context starts at a key frame at most RANGE_CONTEXT_MS earlier.
          expect(f.ts).toBeGreaterThanOrEqual(from - 2 * RANGE_CONTEXT_MS);
          expect(f.ts).toBeLessThanOrEqual(to + RANGE_CONTEXT_MS);
        }
      }
      expect(episodes).toBeGreaterThan(0);
    } finally {
      reader.close();
    }
  }, 60_000);
});

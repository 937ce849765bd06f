// The import's progress: a bar redrawn in place on a terminal, ten status lines in a log.
import { expect, it } from 'vitest';
import { ImportProgress, progressBar } from '../../../electron/cli/import-progress';

function run(isTty: boolean) {
  const lines: string[] = [];
  let t = 0;
  const p = new ImportProgress({ isTty, status: (l) => lines.push(l) }, () => t);
  for (let done = 1; done <= 2880; done++) {
    t += 5; // 14.4 s in all
    p.update(done, 2880);
  }
  return lines;
}

it('draws a bar with the share done, the instants and the time left on a terminal, at most ten times a second', () => {
  const lines = run(true);
  expect(lines.length).toBeGreaterThan(100);
  expect(lines.length).toBeLessThanOrEqual(146);
  expect(progressBar(720, 2880, 10_000)).toBe(
    '[██████░░░░░░░░░░░░░░░░░░]  25 % · 720 of 2,880 instants · 10s, ~30s left',
  );
  expect(lines.at(-1)).toBe('[████████████████████████] 100 % · 2,880 of 2,880 instants · 14s');
});

it('prints a status line per tenth of the way when stderr is no terminal', () => {
  const lines = run(false);
  expect(lines).toHaveLength(11);
  expect(lines[0]).toBe('importing: 0 % (1 of 2,880 instants) after 0ms');
  expect(lines[5]).toMatch(/^importing: 50 % \(1,440 of 2,880 instants\) after 7s$/);
  expect(lines.at(-1)).toBe('importing: 100 % (2,880 of 2,880 instants) after 14s');
});

// `backflow compare` through the real CLI on sessions recorded from the simulator: a bottleneck
// fixed between two deployments (new job and vertex ids), the same incident recorded twice (other
// seed: unchanged), the reports, and bad input as one-line errors with the README's exit codes.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EXIT } from '../../../electron/cli/exit-codes';
import { createSimulation } from '../../../electron/simulator/model/index';
import type { CompareDocument } from '../../../shared/compare/document';
import { buildCli, runCli, type BuiltCli } from '../../fixtures/recorder/cli';
import { startSim, steppedRecording, T0, TempDir } from '../../fixtures/recorder/harness';

let cli: BuiltCli;
let tmp: TempDir;
const files = { slow: '', healthy: '', slowAgain: '' };

/** Six minutes of a scenario, polled every 10 s (its story runs from 60 s to 300 s). */
async function record(scenario: string, seed: number, name: string): Promise<string> {
  const sim = await startSim({ scenario, model: createSimulation({ scenario, seed, startTime: T0 }) });
  const file = tmp.file(name);
  const rec = steppedRecording({ file, targets: [{ url: sim.url }], models: [sim.model] });
  for (let i = 0; i < 36; i++) await rec.step();
  rec.finish().close();
  await sim.close();
  return file;
}

beforeAll(async () => {
  cli = await buildCli();
  tmp = new TempDir();
  files.slow = await record('sustained-bottleneck', 7, 'before.backflow');
  // Another scenario has other job and vertex ids: a redeployment as far as ids go.
  files.healthy = await record('healthy', 7, 'after.backflow');
  files.slowAgain = await record('sustained-bottleneck', 11, 'again.backflow');
}, 120_000);
afterAll(() => {
  cli.remove();
  tmp.remove();
});

const compare = (...args: string[]) => runCli(cli, ['compare', ...args], tmp.path);
const ENRICH = 'KeyedProcess: Enrich with customer.profile -> Timestamps/Watermarks';

it('reports the fixed bottleneck as resolved although every id changed', async () => {
  const text = await compare(files.slow, files.healthy);
  expect(text.code).toBe(EXIT.ok);
  expect(text.stderr).toBe('');
  expect(text.stdout).toContain('Orders Enrichment: backpressure 4m 00s (1 incident, 1 sustained) → no backpressure');
  expect(text.stdout).toMatch(
    /KeyedProcess: Enrich with customer\.prof…: no longer the bottleneck; busy 100 % → \d+ %/,
  );
  expect(text.stdout).toMatch(/Source: Kafka Orders: less backpressure; .*HIGH \d+ % → 0 % of the time/);

  const json = await compare(files.slow, files.healthy, '--json');
  expect(json.code).toBe(EXIT.ok);
  const doc = JSON.parse(json.stdout) as CompareDocument;
  expect(doc).toMatchObject({ format: 'backflow-compare', version: 1, alignment: { mode: 'start', offsetMs: 0 } });
  expect(doc.jobs.map((j) => j.name)).toEqual(['Orders Enrichment']);
  expect(doc.jobs[0]!.a.jobId).not.toBe(doc.jobs[0]!.b.jobId);
  const enrich = doc.jobs[0]!.vertices.find((v) => v.a.vertexName === ENRICH)!;
  expect(enrich).toMatchObject({
    matchedBy: 'name',
    verdict: 'resolved',
    a: { role: 'bottleneck' },
    b: { role: null },
  });
  expect(enrich.a.vertexId).not.toBe(enrich.b.vertexId);
  expect(doc.jobs[0]!.vertices).toHaveLength(4);
  expect(doc.jobs[0]!.unmatched).toEqual({ a: [], b: [] });
  expect(doc.unmatchedJobs).toEqual({ a: [], b: [] });
});

it('calls the same incident recorded twice (another seed) unchanged, the bottleneck still the bottleneck', async () => {
  const r = await compare(files.slow, files.slowAgain, '--json', '--align', 'episode');
  expect(r.code).toBe(EXIT.ok);
  const doc = JSON.parse(r.stdout) as CompareDocument;
  expect(doc.alignment).toMatchObject({ mode: 'episode', note: null });
  expect(doc.jobs[0]!.vertices.map((v) => [v.a.vertexName.split(' ')[0], v.verdict])).toEqual([
    ['Source:', 'unchanged'],
    ['KeyedProcess:', 'still-bottleneck'],
    ['Window(TumblingEventTimeWindows(60000),', 'unchanged'],
    ['Sink:', 'unchanged'],
  ]);
  expect(doc.jobs[0]!.backpressuredShare.direction).toBe('unchanged');
});

it('writes the comparison as HTML and Markdown reports', async () => {
  const html = await compare(files.slow, files.healthy, '--out', 'cmp/compare.html');
  expect(html.code).toBe(EXIT.ok);
  expect(html.stdout).toMatch(/^wrote cmp\/compare\.html \(\d+ KB\): 1 job compared\n$/);
  const page = readFileSync(path.join(tmp.path, 'cmp/compare.html'), 'utf8');
  expect(page).toContain('no longer the bottleneck');
  expect(page).not.toMatch(/<script|https?:\/\/(?!127\.0\.0\.1)/);
  const md = await compare(files.slow, files.healthy, '--out', 'compare.md', '--job', 'Orders Enrichment');
  expect(md.code).toBe(EXIT.ok);
  expect(readFileSync(path.join(tmp.path, 'compare.md'), 'utf8')).toContain('## Jobs');
});

it('prints the compare report with Chromium into a PDF whose first page shows the text', async () => {
  const r = await compare(files.slow, files.healthy, '--out', 'pdf/compare.pdf');
  expect(r.code).toBe(EXIT.ok);
  expect(r.stdout).toMatch(/^wrote pdf\/compare\.pdf \(\d+ KB\): 1 job compared\n$/);
  const out = path.join(tmp.path, 'pdf/compare.pdf');
  expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
  // The page's words are in the PDF as text, and its first page rasterises to more than a blank page.
  expect(execFileSync('pdftotext', ['-l', '1', out, '-']).toString()).toMatch(
    /Backflow comparison[\s\S]*no longer the bottleneck/,
  );
  execFileSync('pdftoppm', ['-r', '50', '-f', '1', '-l', '1', out, path.join(tmp.path, 'pdf/raw')]);
  const ppm = readFileSync(
    path.join(
      tmp.path,
      'pdf',
      readdirSync(path.join(tmp.path, 'pdf')).find((f) => /^raw-0*1\.ppm$/.test(f))!,
    ),
  );
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString('latin1'))!;
  const pixels = ppm.subarray(header[0].length);
  let dark = 0;
  for (let i = 0; i + 2 < pixels.length; i += 3) if (pixels[i]! + pixels[i + 1]! + pixels[i + 2]! < 300) dark++;
  expect(dark / (Number(header[1]) * Number(header[2]))).toBeGreaterThan(0.005);
  const missing = await compare(files.slow, files.healthy, '--out', 'x.pdf', '--chromium', '/nonexistent/chromium');
  expect(missing.code).toBe(EXIT.usage);
  expect(missing.stderr).toMatch(/^backflow compare: PDF needs Chromium, but \/nonexistent\/chromium was not found/);
}, 90_000);

it('compares a part of A with the same stretch of B, carried through the alignment', async () => {
  const r = await compare(files.slow, files.healthy, '--json', '--from-a', '+2m', '--to-a', '+4m');
  expect(r.code).toBe(EXIT.ok);
  const doc = JSON.parse(r.stdout) as CompareDocument;
  expect([doc.a.start - T0, doc.a.end - T0]).toEqual([120_000, 240_000]);
  expect([doc.b.start - T0, doc.b.end - T0]).toEqual([120_000, 240_000]);
});

it('refuses bad input with one line and the README exit code', async () => {
  const notSession = tmp.file('notes.txt');
  writeFileSync(notSession, 'just some notes\n'.repeat(100));
  const cases: Array<[string[], number, RegExp]> = [
    [[files.slow, notSession], EXIT.sessionFile, /^backflow compare: .*notes\.txt.*\n$/],
    [[files.slow, tmp.file('missing.backflow')], EXIT.sessionFile, /^backflow compare: .*missing\.backflow.*\n$/],
    [
      [files.slow, files.healthy, '--job', 'Payments'],
      EXIT.usage,
      /^backflow compare: no job named "Payments" in either session \(jobs: "Orders Enrichment"\)\n$/,
    ],
    [[files.slow], EXIT.usage, /^backflow compare: give two session files, got 1\n$/],
    [
      [files.slow, files.healthy, '--align', 'middle'],
      EXIT.usage,
      /^backflow compare: --align must be start, episode or clock, got "middle"\n$/,
    ],
    [
      [files.slow, files.healthy, '--out', 'x.docx'],
      EXIT.usage,
      /^backflow compare: --out must end in \.html, \.md or \.pdf, got "x\.docx"\n$/,
    ],
    [
      [files.slow, files.healthy, '--from-b', '+5m', '--to-b', '+1m'],
      EXIT.usage,
      /^backflow compare: --from-b must be before --to-b\n$/,
    ],
  ];
  for (const [args, code, line] of cases) {
    const r = await compare(...args);
    expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code, stderr: expect.stringMatching(line) });
    expect(r.stdout).toBe('');
  }
});

// `backflow report` on a recorded `incident` session, in every format: findings, annotations,
// charts, escaping of hostile names and notes, self-containment, and the PDF actually printed.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError, type CliIo } from '../../../electron/cli/command';
import { reportCommand } from '../../../electron/cli/commands/report';
import { captureIo } from '../../fixtures/cli-io';
import { loadReport } from '../../../electron/report/index';
import { SessionReader } from '../../../electron/session/index';
import { ANNOTATIONS, HOSTILE_JOB, HOSTILE_VERTEX, recordIncident, type IncidentSession } from './incident-session';

let dir: string;
let session: IncidentSession;
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'backflow-report-'));
  session = await recordIncident(dir);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function report(...args: string[]): Promise<string[]> {
  const { io, out } = captureIo();
  expect(await reportCommand.run([session.file, ...args], io)).toBe(0);
  return out;
}

/** Positions of the strings in the text; all must be present. */
function positions(text: string, needles: string[]): number[] {
  return needles.map((n) => {
    const i = text.indexOf(n);
    expect(i, `missing: ${n}`).toBeGreaterThanOrEqual(0);
    return i;
  });
}

const ascending = (xs: number[]): boolean => xs.every((x, i) => i === 0 || x > xs[i - 1]!);

describe('report model of the incident', () => {
  it('leads with the sustained incident and names the window vertex as its bottleneck', () => {
    const reader = SessionReader.open(session.file);
    const m = loadReport(reader, { now: () => 0 });
    reader.close();
    expect(m.incidents[0]?.class).toBe('sustained');
    // The hot key (330–480 s) backpressures enrichment and source: one incident, the window vertex to blame.
    const skew = m.incidents.filter(
      (x) => x.class === 'sustained' && x.start >= session.at(320_000) && x.start <= session.at(400_000),
    );
    expect(skew).toHaveLength(1);
    const first = skew[0]!;
    expect(first.bottleneck?.vertexName).toBe(HOSTILE_VERTEX);
    expect(first.vertices.length).toBe(2);
    expect(first.headline).toMatch(/subtask 1: data skew, backpressure on /);
    expect(first.impact?.records).toBeGreaterThan(0);
    const classes = m.incidents.map((f) => f.class);
    expect(classes.indexOf('transient') === -1 || classes.lastIndexOf('sustained') < classes.indexOf('transient')).toBe(
      true,
    );
    expect(m.jobs.map((j) => j.name)).toEqual([HOSTILE_JOB]);
    expect(m.clusters[0]?.flinkVersion).toMatch(/^1\.20/);
    expect(m.resolutionMs).toBe(10_000);

    // The job graph at the worst instant: all four vertices, three edges, the bottleneck marked.
    const g = first.graph!;
    expect(g.nodes).toHaveLength(4);
    expect(g.edges).toHaveLength(3);
    expect(g.nodes.find((n) => n.role === 'bottleneck')).toMatchObject({
      vertexId: session.windowVertexId,
      busiestSubtask: 1,
      busySpread: 'skew',
    });
    expect(g.ts).toBeGreaterThanOrEqual(first.start);
    expect(g.ts).toBeLessThanOrEqual(first.end);
    expect(g.nodes.find((n) => n.role === 'episode')?.level).not.toBe('OK');

    // Chart around the incident: backpressure of its vertices plus busy of the bottleneck.
    const chart = first.chart;
    expect(chart.series.map((s) => s.tone)).toEqual(['ratio', 'ratio', 'busy']);
    expect(chart.from).toBeLessThan(first.start);
    expect(Math.max(...chart.series[0]!.points.map(([, v]) => v).filter(Number.isFinite))).toBeGreaterThan(0.5);

    // Timeline: a lane per vertex, HIGH during the skew on the episode's vertex.
    const lanes = m.timeline.lanes;
    expect(lanes.filter((l) => l.kind === 'vertex')).toHaveLength(4);
    const lane = lanes.find((l) => l.kind === 'vertex' && l.label === first.vertices[0]!.vertexName)!;
    expect(lane.items.some((item) => item.tone === 'high' && item.from < first.end && item.to > first.start)).toBe(
      true,
    );
    expect(lanes.find((l) => l.kind === 'checkpoints')!.items.length).toBeGreaterThan(5);
    // The scenario's one 7 s old-generation pause is one row (merged windows), named by its collector.
    expect(lanes.find((l) => l.kind === 'gc')!.items).toHaveLength(1);
    expect(m.gc).toEqual([expect.objectContaining({ collector: 'G1 Old Generation', gcCount: expect.any(Number) })]);
    expect(m.gc[0]!.gcTimeMs).toBeGreaterThanOrEqual(7000);

    // The user's notes, sorted by time, apart from the pinned automatic one; the unpinned one left out.
    expect(m.notes.map((a) => a.text)).toEqual([ANNOTATIONS.deploy, ANNOTATIONS.alert, ANNOTATIONS.late]);
    expect(m.pinned.map((a) => a.text)).toEqual([ANNOTATIONS.pinned]);
    expect(m.notes[1]?.subject).toBe(`${HOSTILE_JOB} / ${HOSTILE_VERTEX}`);
  });

  it("shows the bottleneck's captured flame graphs and thread dumps in its incident's section", () => {
    const reader = SessionReader.open(session.file);
    const m = loadReport(reader, { now: () => 0 });
    reader.close();
    const first = m.incidents.find((x) => x.class === 'sustained' && x.bottleneck?.vertexName === HOSTILE_VERTEX)!;
    const stacks = first.stacks!;
    expect(stacks.vertexName).toBe(HOSTILE_VERTEX);
    // The recorder sampled the skewed window's busiest subtask on and off CPU (the simulator's 1.20 offers both).
    expect(stacks.flameGraphs.map((f) => f.type).sort()).toEqual(['OFF_CPU', 'ON_CPU']);
    const on = stacks.flameGraphs.find((f) => f.type === 'ON_CPU')!;
    expect(on.subtasks).toEqual([1]);
    expect(on.samples).toBeGreaterThan(0);
    expect(on.bars[0]!.kind).toBe('trunk');
    // Its hottest stack is the window's aggregate, and the analysis says so in a stack hint.
    expect(on.hot[0]!.frames.at(-1)).toMatch(/Aggregate\w*\.add$/);
    expect(first.hints.some((h) => h.kind === 'stack-user-cpu' && /\.add$/.test(String(h.evidence['method'])))).toBe(
      true,
    );
    expect(stacks.threadDumps.length).toBeGreaterThan(0);
    expect(stacks.threadDumps[0]!.threads).toBeGreaterThan(0);
    expect(stacks.threadDumps[0]!.byState.reduce((n, s) => n + s.count, 0)).toBe(stacks.threadDumps[0]!.threads);
  });

  it('--from/--to limits findings and annotations to the range', () => {
    const reader = SessionReader.open(session.file);
    const m = loadReport(reader, { from: session.at(0), to: session.at(300_000), now: () => 0 });
    reader.close();
    expect(m.incidents.length).toBeGreaterThan(0);
    expect(m.incidents.every((f) => f.start <= session.at(300_000))).toBe(true);
    expect([...m.notes, ...m.pinned].map((a) => a.text)).toEqual([ANNOTATIONS.deploy]);
    expect(m.range).toEqual({ from: session.at(0), to: session.at(300_000) });
  });
});

describe('backflow report --format html', () => {
  let html: string;
  beforeAll(async () => {
    const out = await report('--format', 'html', '--out', path.join(dir, 'r.html'));
    expect(out[0]).toMatch(/^wrote .*r\.html/);
    html = readFileSync(path.join(dir, 'r.html'), 'utf8');
  });

  it('is one self-contained page: no scripts, no external references', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:|\/\/|data:|javascript:)/i);
    expect(html).not.toMatch(/url\((?!#)/i); // only fragment references (SVG arrow markers)
    expect(html).not.toMatch(/@import/i);
    expect(html).toMatch(/@media print/);
    expect(html).toMatch(/name="viewport"/);
  });

  it('escapes hostile names and notes, and a browser builds no element from them', async () => {
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;script&gt;alert(6)&lt;/script&gt;');
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.setContent(html, { waitUntil: 'load' });
    const dom = await page.evaluate(() => ({
      active: document.querySelectorAll(
        'img, script, iframe, object, embed, a[href^="javascript"], [onerror], [onload]',
      ).length,
      svgs: document.querySelectorAll('svg').length,
      text: document.body.innerText,
      externalLinks: [...document.querySelectorAll('a[href]')]
        .map((a) => a.getAttribute('href'))
        .filter((h) => !h!.startsWith('#')),
    }));
    await page.close();
    expect(dom.active).toBe(0);
    expect(dialogs).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('about:') && !u.startsWith('data:'))).toEqual([]);
    expect(dom.externalLinks).toEqual([]);
    // Timeline + a ratio chart and a job graph per episode, and the bottleneck's two flame graphs.
    expect(dom.svgs).toBeGreaterThanOrEqual(5);
    expect(dom.text).toContain(`Stacks of ${HOSTILE_VERTEX}`);
    for (const s of [HOSTILE_JOB, HOSTILE_VERTEX, ANNOTATIONS.deploy, '<script>alert(6)</script>'])
      expect(dom.text).toContain(s);
  });

  it("puts the summary and the user's notes first, then one section per incident with its bottleneck", () => {
    const esc = (s: string) =>
      s
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&#39;');
    expect(
      ascending(positions(html, ['id="summary"', 'id="notes"', 'id="incidents"', 'id="timeline"', 'id="pinned"'])),
    ).toBe(true);
    const summary = html.slice(html.indexOf('id="summary"'), html.indexOf('id="notes"'));
    expect(summary).toMatch(/class="tag sustained"/);
    const firstTransient = summary.indexOf('tag transient');
    if (firstTransient >= 0) expect(summary.lastIndexOf('tag sustained')).toBeLessThan(firstTransient);
    const incidents = html.slice(html.indexOf('id="incidents"'), html.indexOf('id="timeline"'));
    expect(incidents).toContain(`<th>Bottleneck</th><td>${esc(HOSTILE_VERTEX)}`);
    const notes = html.slice(html.indexOf('id="notes"'), html.indexOf('id="incidents"'));
    expect(
      ascending(
        positions(
          notes,
          [ANNOTATIONS.deploy, ANNOTATIONS.alert, ANNOTATIONS.late].map((s) => esc(s.split('\n')[0]!)),
        ),
      ),
    ).toBe(true);
    expect(html.slice(html.indexOf('id="pinned"'))).toContain(esc(ANNOTATIONS.pinned));
    expect(html).not.toContain(esc(ANNOTATIONS.unpinned));
    // Evidence in words: the raw values are in the evidence table, never `key=value` inline.
    expect(html).not.toMatch(/\b(vertexId|busyMax)=/);
  });

  it('fits a phone screen: the page itself never scrolls sideways', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
    await page.setContent(html, { waitUntil: 'load' });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    await page.close();
    expect(width).toBeLessThanOrEqual(375);
  });
});

describe('backflow report --format md', () => {
  it('writes Markdown with escaped text and the charts as SVG files beside it', async () => {
    const out = path.join(dir, 'notes', 'incident report.md');
    await report('--format', 'md', '--out', out);
    const md = readFileSync(out, 'utf8');
    const imagesDir = path.join(dir, 'notes', 'incident report_files');
    const refs = [...md.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => decodeURIComponent(m[1]!));
    expect(refs.length).toBeGreaterThanOrEqual(3);
    for (const r of refs) expect(existsSync(path.join(dir, 'notes', r)), r).toBe(true);
    expect(readdirSync(imagesDir).length).toBe(refs.length);

    // Hostile text: no HTML, no links, no code spans, no table breaks.
    expect(md).not.toMatch(/<(img|script|svg|b)\b/i);
    expect(md).not.toMatch(/(^|[^\\])\](\(javascript:)/);
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(md).toContain('Kafka lag alert \\| \\[runbook\\](javascript:alert(5)) \\`rm -rf\\`');
    // A hostile "|" or line break never adds a cell: every row of a table has the header's cells.
    const cellsOf = (line: string): number => line.replace(/\\\|/g, '').split('|').length;
    let header: number | null = null;
    for (const line of md.split('\n')) {
      if (!line.startsWith('|')) header = null;
      else if (header === null) header = cellsOf(line);
      else expect(cellsOf(line), line).toBe(header);
    }
    const notes = md.slice(md.indexOf('## Notes'), md.indexOf('## Incidents'));
    expect(ascending(positions(notes, ['deploy of v2.3', 'Kafka lag alert', 'after the incident']))).toBe(true);
    expect(md.slice(md.indexOf('## Pinned findings'))).toContain('pinned: sustained');
    expect(md).not.toContain('not pinned');
    expect(md.slice(md.indexOf('## Summary'))).toMatch(/^1\. \*\*sustained (HIGH|LOW)\*\*/m);

    // Every SVG is well-formed XML whose text stays text.
    for (const f of readdirSync(imagesDir)) {
      const errors: string[] = [];
      const doc = new DOMParser({
        errorHandler: (level: string, msg: unknown) => void errors.push(`${level}: ${String(msg)}`),
      }).parseFromString(readFileSync(path.join(imagesDir, f), 'utf8'), 'image/svg+xml');
      expect(errors, f).toEqual([]);
      expect(
        doc.getElementsByTagName('script').length +
          doc.getElementsByTagName('img').length +
          doc.getElementsByTagName('foreignObject').length,
      ).toBe(0);
    }
    const graph = readdirSync(imagesDir).find((f) => f.endsWith('-graph.svg'))!;
    expect(
      new DOMParser().parseFromString(readFileSync(path.join(imagesDir, graph), 'utf8'), 'image/svg+xml')
        .documentElement!.textContent,
    ).toContain('Window <svg onload=alert(3)>');
  });
});

describe('backflow report --format pdf', () => {
  it('prints the report with Chromium into a PDF whose pages are not blank', async () => {
    const out = path.join(dir, 'r.pdf');
    await report('--out', out);
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', out, path.join(dir, 'page')]);
    const png = readdirSync(dir).find((f) => /^page-0*1\.png$/.test(f))!;
    expect(readFileSync(path.join(dir, png)).length).toBeGreaterThan(5_000);
    // Pixel check on the raw (PPM) rendering of the first page: text and coloured charts.
    execFileSync('pdftoppm', ['-r', '50', '-f', '1', '-l', '1', out, path.join(dir, 'raw')]);
    const ppm = readFileSync(
      path.join(
        dir,
        readdirSync(dir).find((f) => /^raw-0*1\.ppm$/.test(f))!,
      ),
    );
    const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString('latin1'))!;
    const pixels = ppm.subarray(header[0].length);
    let dark = 0;
    let coloured = 0;
    for (let i = 0; i + 2 < pixels.length; i += 3) {
      const [r, g, b] = [pixels[i]!, pixels[i + 1]!, pixels[i + 2]!];
      if (r + g + b < 300) dark++;
      if (Math.max(r, g, b) - Math.min(r, g, b) > 80) coloured++;
    }
    const total = Number(header[1]) * Number(header[2]);
    expect(dark / total).toBeGreaterThan(0.005);
    expect(coloured).toBeGreaterThan(0);
  }, 60_000);

  it('says clearly when Chromium is missing', async () => {
    const io: CliIo = {
      out: () => {},
      err: () => {},
      status: () => {},
      isTty: false,
      env: {},
      interrupted: new Promise(() => {}),
    };
    await expect(
      reportCommand.run(
        [session.file, '--format', 'pdf', '--out', path.join(dir, 'x.pdf'), '--chromium', '/nonexistent/chromium'],
        io,
      ),
    ).rejects.toThrow(/PDF needs Chromium, but \/nonexistent\/chromium was not found/);
  });
});

describe('backflow report usage errors', () => {
  const io: CliIo = {
    out: () => {},
    err: () => {},
    status: () => {},
    isTty: false,
    env: {},
    interrupted: new Promise(() => {}),
  };
  it.each([
    [['--format', 'html'], /give --out/],
    [['--out', 'x.txt'], /give --format html, md or pdf/],
    [['--format', 'docx', '--out', 'x'], /--format must be html, md or pdf, got "docx"/],
    [['--out', 'x.html', '--from', '+9m', '--to', '+1m'], /--from must be before --to/],
    [['--out', 'x.html', '--from', 'yesterday'], /--from: invalid time "yesterday"/],
    [['--out', 'x.html', '--sustained-after', 'soon'], /--sustained-after: invalid duration/],
  ])('%j', async (args, message) => {
    const run = reportCommand.run([session.file, ...args.map((a) => (a.startsWith('x') ? path.join(dir, a) : a))], io);
    await expect(run).rejects.toThrow(UsageError);
    await expect(run).rejects.toThrow(message);
  });
});

// The desktop export writes what the dialog previewed: the chosen range, parts and format, with
// the format's extension added when the typed name lacks it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExportReportRequest } from '../../../shared/desktop-bridge';
import { exportReportRange, reportSaveOptions } from '../../../electron/shell/report-export';
import { POLL_MS, T0, TICKS, TRANSIENT, writeSession } from '../../e2e/fixtures/make-session';

const dir = mkdtempSync(path.join(tmpdir(), 'backflow-export-range-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const session = path.join(dir, 'incident.backflow');
writeSession(session);
const ALL = { transientEpisodes: true, annotations: true, checkpointTable: true, gcTable: true };
const noPdf = async () => {
  throw new Error('not asked for a PDF');
};

describe('exportReportRange', () => {
  it('suggests <session>-report.<ext> beside the session with that format filter only', () => {
    expect(reportSaveOptions(session, 'md')).toEqual({
      defaultPath: path.join(dir, 'incident-report.md'),
      filters: [{ name: 'Markdown report', extensions: ['md'] }],
    });
  });

  it('writes the chosen range and parts, adding the extension of the chosen format', async () => {
    const req: ExportReportRequest = {
      from: TRANSIENT.from - 30_000,
      to: TRANSIENT.to + 30_000,
      include: { ...ALL, gcTable: false },
      format: 'html',
    };
    const files = await exportReportRange(session, path.join(dir, 'transient'), req, noPdf);
    expect(files).toEqual([path.join(dir, 'transient.html')]);
    const html = readFileSync(files[0]!, 'utf8');
    expect(html).toMatch(/<h3[^>]*>#\d+ <span class="tag transient">/);
    expect(html).not.toMatch(/<h3[^>]*>#\d+ <span class="tag sustained">/);
    expect(html).not.toContain('<section id="gc">');
  });

  it('prints a PDF through the given renderer from the same HTML', async () => {
    let printed = '';
    const req: ExportReportRequest = {
      from: T0,
      to: T0 + (TICKS - 1) * POLL_MS,
      include: { ...ALL, annotations: false },
      format: 'pdf',
    };
    const files = await exportReportRange(session, path.join(dir, 'r.pdf'), req, async (html) => void (printed = html));
    expect(files).toEqual([path.join(dir, 'r.pdf')]);
    expect(printed).toContain('<section id="checkpoints">');
    expect(printed).not.toContain('<section id="notes">');
  });
});

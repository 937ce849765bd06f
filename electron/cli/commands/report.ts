import { statSync } from 'node:fs';
import path from 'node:path';
import { epochMs, parseInstant } from '../../../shared/time';
import {
  chromiumHtmlToPdf,
  DEFAULT_CHROMIUM,
  loadReport,
  REPORT_FORMATS,
  ReportError,
  writeReport,
  type ReportFormat,
} from '../../report/index';
import { UsageError, type CliCommand } from '../command';
import { EXIT } from '../exit-codes';
import { parseFlags } from '../flags';
import { openSession } from '../open-session';
import { durationFlag } from './record';
import { errorText } from '../../../shared/error-text';

const BY_EXTENSION: Record<string, ReportFormat> = {
  '.html': 'html',
  '.htm': 'html',
  '.md': 'md',
  '.markdown': 'md',
  '.pdf': 'pdf',
};

function formatOf(raw: unknown, out: string): ReportFormat {
  if (raw === undefined) {
    const f = BY_EXTENSION[path.extname(out).toLowerCase()];
    if (!f) throw new UsageError(`give --format html, md or pdf (cannot tell from "${out}")`);
    return f;
  }
  const f = String(raw).toLowerCase();
  if (!(REPORT_FORMATS as readonly string[]).includes(f))
    throw new UsageError(`--format must be html, md or pdf, got "${String(raw)}"`);
  return f as ReportFormat;
}

export const reportCommand: CliCommand = {
  name: 'report',
  summary: 'write an incident report of a session: HTML, Markdown or PDF',
  usage: `Usage: backflow report FILE --out PATH [--format html|md|pdf] [options]

  --out PATH            where to write the report (Markdown also writes PATH_files/ with the charts)
  --format F            html (one self-contained page), md (Markdown + SVG files) or pdf
                        (printed by Chromium); default from the extension of --out
  --from T, --to T      report only this part: ISO-8601, epoch ms, or +offset from the start (+5m)
  --sustained-after D   episodes at least this long are sustained (default 60s)
  --title TEXT          report title (default names the job)
  --chromium PATH       Chromium for PDF (default $BACKFLOW_CHROMIUM or ${DEFAULT_CHROMIUM})`,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, {
      out: { type: 'string', short: 'o' },
      format: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'sustained-after': { type: 'string' },
      title: { type: 'string' },
      chromium: { type: 'string' },
    });
    if (positionals.length > 1) throw new UsageError(`give one session file, got ${positionals.length}`);
    if (values.out === undefined) throw new UsageError('give --out PATH for the report');
    const out = String(values.out);
    const format = formatOf(values.format, out);
    const sustainedAfterMs = durationFlag(values['sustained-after'], 'sustained-after', 60_000, 0)!;
    const reader = openSession(positionals[0]);
    try {
      const whole = reader.timeRange();
      if (!whole) throw new UsageError(`${positionals[0]} has no ticks yet: nothing to report`);
      const at = (raw: unknown, name: string) => {
        try {
          return parseInstant(String(raw), epochMs(whole.from));
        } catch (e) {
          throw new UsageError(`--${name}: ${errorText(e)}`);
        }
      };
      const from = values.from === undefined ? whole.from : at(values.from, 'from');
      const to = values.to === undefined ? whole.to : at(values.to, 'to');
      if (from >= to) throw new UsageError('--from must be before --to');
      const model = loadReport(reader, {
        from,
        to,
        sustainedAfterMs,
        title: values.title === undefined ? undefined : String(values.title),
      });
      const executable =
        values.chromium === undefined ? (io.env.BACKFLOW_CHROMIUM ?? DEFAULT_CHROMIUM) : String(values.chromium);
      const files = await writeReport(model, format, out, { htmlToPdf: chromiumHtmlToPdf({ executable }) });
      const kb = Math.max(1, Math.round(statSync(out).size / 1024));
      const extra = files.length > 1 ? ` and ${files.length - 1} charts in ${path.dirname(files[1]!)}` : '';
      io.out(
        `wrote ${out} (${kb} KB)${extra}: ${model.summary.sustained} sustained, ${model.summary.transient} transient incidents, ${model.notes.length + model.pinned.length} annotations`,
      );
      return EXIT.ok;
    } catch (e) {
      if (e instanceof ReportError) throw new UsageError(e.message);
      throw e;
    } finally {
      reader.close();
    }
  },
};

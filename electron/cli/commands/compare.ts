import { statSync } from 'node:fs';
import path from 'node:path';
import {
  ALIGN_MODES,
  CompareInputError,
  formatCompareText,
  type AlignMode,
  type Range,
} from '../../../shared/compare/index';
import { errorText } from '../../../shared/error-text';
import { epochMs, parseInstant } from '../../../shared/time';
import { writeCompareReport, type CompareFormat } from '../../report/compare';
import { ReportError } from '../../report/errors';
import { chromiumHtmlToPdf, DEFAULT_CHROMIUM } from '../../report/pdf';
import { compareFiles } from '../../report/compare-sessions';
import type { SessionReader } from '../../session/index';
import { UsageError, type CliCommand } from '../command';
import { EXIT } from '../exit-codes';
import { parseFlags } from '../flags';
import { openSession } from '../open-session';

const BY_EXTENSION: Record<string, CompareFormat> = {
  '.html': 'html',
  '.htm': 'html',
  '.md': 'md',
  '.markdown': 'md',
  '.pdf': 'pdf',
};

interface Side {
  file: string;
  reader: SessionReader;
  whole: Range;
  /** The range the user gave for this session (either end may be its bound), or null. */
  asked: Range | null;
}

function side(file: string, reader: SessionReader, raw: { from: unknown; to: unknown }, which: 'a' | 'b'): Side {
  const t = reader.timeRange();
  if (!t) throw new UsageError(`${file} has no ticks yet: nothing to compare`);
  const whole = { from: epochMs(t.from), to: epochMs(t.to) };
  const at = (v: unknown, name: string): number => {
    try {
      return parseInstant(String(v), epochMs(whole.from));
    } catch (e) {
      throw new UsageError(`--${name}-${which}: ${errorText(e)}`);
    }
  };
  if (raw.from === undefined && raw.to === undefined) return { file, reader, whole, asked: null };
  const asked = {
    from: raw.from === undefined ? whole.from : at(raw.from, 'from'),
    to: raw.to === undefined ? whole.to : at(raw.to, 'to'),
  };
  if (asked.from >= asked.to) throw new UsageError(`--from-${which} must be before --to-${which}`);
  return { file, reader, whole, asked };
}

function formatOf(out: string): CompareFormat {
  const f = BY_EXTENSION[path.extname(out).toLowerCase()];
  if (!f) throw new UsageError(`--out must end in .html, .md or .pdf, got "${out}"`);
  return f;
}

export const compareCommand: CliCommand = {
  name: 'compare',
  summary: 'compare two sessions: what changed per job and vertex, beyond the noise',
  usage: `Usage: backflow compare A B [--json] [--align start|episode|clock] [--job NAME]
                        [--from-a T --to-a T --from-b T --to-b T] [--out compare.html|.md|.pdf]

  Jobs are matched by name, vertices by name and place in the graph (ids change with every
  deployment); what does not match is listed. Differences within the resolution or the noise of
  the two sessions are called unchanged.

  --json                one stable JSON document (see README) instead of text
  --align MODE          line B up with A by their starts (default), their worst incidents
                        (episode) or the clock (two clusters recorded together)
  --job NAME            compare only the job of this name
  --from-a T, --to-a T  compare only this part of A (ISO-8601, epoch ms or +offset like +5m);
  --from-b T, --to-b T  the same for B; a range given for one session only is carried to the
                        other through the alignment
  --out PATH            also write a compare report: .html (one page), .md or .pdf (that page
                        printed by Chromium)
  --chromium PATH       Chromium for PDF (default $BACKFLOW_CHROMIUM or ${DEFAULT_CHROMIUM})`,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, {
      json: { type: 'boolean' },
      align: { type: 'string' },
      job: { type: 'string' },
      'from-a': { type: 'string' },
      'to-a': { type: 'string' },
      'from-b': { type: 'string' },
      'to-b': { type: 'string' },
      out: { type: 'string', short: 'o' },
      chromium: { type: 'string' },
    });
    if (positionals.length !== 2) throw new UsageError(`give two session files, got ${positionals.length}`);
    const mode = String(values.align ?? 'start') as AlignMode;
    if (!ALIGN_MODES.includes(mode))
      throw new UsageError(`--align must be start, episode or clock, got "${String(values.align)}"`);
    const out = values.out === undefined ? null : String(values.out);
    const format = out === null ? null : formatOf(out);
    const jobName = values.job === undefined ? null : String(values.job);
    const readers: SessionReader[] = [];
    try {
      const open = (file: string): SessionReader => {
        const r = openSession(file);
        readers.push(r);
        return r;
      };
      const a = side(positionals[0]!, open(positionals[0]!), { from: values['from-a'], to: values['to-a'] }, 'a');
      const b = side(positionals[1]!, open(positionals[1]!), { from: values['from-b'], to: values['to-b'] }, 'b');
      const doc = compareFiles(
        { label: a.file, reader: a.reader, asked: a.asked },
        { label: b.file, reader: b.reader, asked: b.asked },
        { mode, jobName },
      );
      if (out !== null && format !== null) {
        const executable =
          values.chromium === undefined ? (io.env.BACKFLOW_CHROMIUM ?? DEFAULT_CHROMIUM) : String(values.chromium);
        await writeCompareReport(doc, format, out, { htmlToPdf: chromiumHtmlToPdf({ executable }) });
        const kb = Math.max(1, Math.round(statSync(out).size / 1024));
        if (!values.json)
          io.out(`wrote ${out} (${kb} KB): ${doc.jobs.length} job${doc.jobs.length === 1 ? '' : 's'} compared`);
      }
      if (values.json) io.out(JSON.stringify(doc, null, 2));
      else if (out === null) io.out(formatCompareText(doc));
      return EXIT.ok;
    } catch (e) {
      if (e instanceof CompareInputError || e instanceof ReportError) throw new UsageError(e.message);
      throw e;
    } finally {
      for (const r of readers) r.close();
    }
  },
};

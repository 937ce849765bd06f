import { attachEvidence } from '../../../shared/analysis/evidence';
import { analyzeSession, formatAnalysisText } from '../../../shared/analysis/index';
import { epochMs, parseInstant } from '../../../shared/time';
import { readAnalysisInput } from '../../session/analysis-input';
import { UsageError, type CliCommand } from '../command';
import { EXIT } from '../exit-codes';
import { parseFlags } from '../flags';
import { openSession } from '../open-session';
import { durationFlag } from './record';
import { errorText } from '../../../shared/error-text';

export const analyzeCommand: CliCommand = {
  name: 'analyze',
  summary: 'explain a session: episodes, transient vs sustained, bottleneck, cause hints',
  usage: `Usage: backflow analyze FILE [--json] [--sustained-after 60s] [--from T] [--to T]

  --json                one stable JSON document (see README) instead of text
  --sustained-after D   episodes at least this long are sustained (default 60s)
  --from T, --to T      analyse only this part: ISO-8601, epoch ms, or +offset from the start (+5m)`,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, {
      json: { type: 'boolean' },
      'sustained-after': { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
    });
    const reader = openSession(positionals[0]);
    try {
      const whole = reader.timeRange();
      if (!whole) throw new UsageError(`${positionals[0]} has no ticks yet: nothing to analyse`);
      const start = epochMs(whole.from);
      const at = (raw: unknown, name: string) => {
        try {
          return parseInstant(String(raw), start);
        } catch (e) {
          throw new UsageError(`--${name}: ${errorText(e)}`);
        }
      };
      const from = values.from === undefined ? start : at(values.from, 'from');
      const to = values.to === undefined ? epochMs(whole.to) : at(values.to, 'to');
      // A session of one tick is a range of one instant; only a user's range can be reversed.
      if (from > to || (from === to && (values.from !== undefined || values.to !== undefined))) {
        throw new UsageError('--from must be before --to');
      }
      const sustainedAfterMs = durationFlag(values['sustained-after'], 'sustained-after', 60_000, 0)!;
      const doc = analyzeSession(readAnalysisInput(reader), { sustainedAfterMs, from, to });
      const names = new Map(reader.vertices().map((v) => [`${v.clusterId}/${v.jobId}/${v.vertexId}`, v.name]));
      attachEvidence(doc, reader.evidence(), (c, j, v) => names.get(`${c}/${j}/${v}`) ?? null);
      io.out(values.json ? JSON.stringify(doc, null, 2) : formatAnalysisText(doc));
      return EXIT.ok;
    } finally {
      reader.close();
    }
  },
};

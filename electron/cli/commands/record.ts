import { DEFAULT_TICK_CAPS, type ClusterTarget, type TickCaps } from '../../recorder/cluster-poller';
import type { DetailLevel } from '../../recorder/job-poller';
import { parseDuration } from '../../../shared/time';
import { UsageError, type CliCommand } from '../command';
import { CONNECTION_FLAGS, CONNECTION_USAGE, connectionFromFlags } from '../connection-flags';
import { intFlag, onOffFlag, parseFlags, sizeFlag } from '../flags';
import { runRecording } from '../recording';
import { errorText } from '../../../shared/error-text';

export const DETAIL_LEVELS: readonly DetailLevel[] = ['all', 'hot', 'none'];

export function parseDetail(raw: unknown): DetailLevel {
  if (raw === undefined) return 'hot';
  if (!DETAIL_LEVELS.includes(raw as DetailLevel))
    throw new UsageError(`--detail must be one of all, hot, none (got "${String(raw)}")`);
  return raw as DetailLevel;
}

export function durationFlag(raw: unknown, name: string, fallback: number | null, minMs: number): number | null {
  if (raw === undefined) return fallback;
  let ms: number;
  try {
    ms = parseDuration(String(raw));
  } catch (e) {
    throw new UsageError(`--${name}: ${errorText(e)}`);
  }
  if (ms < minMs) throw new UsageError(`--${name} must be at least ${minMs / 1000}s`);
  return ms;
}

export const recordCommand: CliCommand = {
  name: 'record',
  summary: 'record one or more Flink clusters into a session file',
  usage: `Usage: backflow record <url>... --out FILE [options]

Polls each JobManager's REST API and writes every tick into FILE (SQLite, crash-safe).
  --out FILE            session file to create (never overwritten)
  --interval D          time between polls (default 10s, the JobManager's metric refresh)
  --duration D          stop after D (default: until Ctrl-C)
  --job ID|NAME         follow only this job, repeatable (default: every running job)
  --detail all|hot|none per-subtask counters and buffer usages for all vertices, only for
                        backpressured/busy ones and their downstream (default hot), or none
  --max-requests N      requests per cluster and tick at most (default ${DEFAULT_TICK_CAPS.maxRequests}); a bigger job
                        is polled backpressured/busy vertices first, the rest in turn
  --max-bytes SIZE      response bytes per cluster and tick at most (default ${DEFAULT_TICK_CAPS.maxBytes / 1024 / 1024}MB)
  --evidence on|off     when an episode turns sustained, capture the bottleneck's on-CPU and off-CPU
                        flame graphs and its TaskManagers' thread dumps (default on; flame graphs
                        need rest.flamegraph.enabled: true on the cluster)

A tick ends by 80 % of the interval: what is not answered by then is missing from that tick
(recorded as partial, with the reason), and a slow endpoint is backed off on its own.

${CONNECTION_USAGE}

Durations: 90s, 5m, 1h or plain seconds.`,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, {
      out: { type: 'string', short: 'o' },
      interval: { type: 'string' },
      duration: { type: 'string' },
      job: { type: 'string', multiple: true },
      detail: { type: 'string' },
      'max-requests': { type: 'string' },
      'max-bytes': { type: 'string' },
      evidence: { type: 'string' },
      ...CONNECTION_FLAGS,
    });
    if (positionals.length === 0) throw new UsageError('give at least one cluster URL, e.g. http://jobmanager:8081');
    if (!values.out) throw new UsageError('--out FILE is required');
    const intervalMs = durationFlag(values.interval, 'interval', 10_000, 1000)!;
    const durationMs = durationFlag(values.duration, 'duration', null, 1000);
    const jobs = (values.job as string[] | undefined) ?? [];
    const targets: ClusterTarget[] = [];
    for (const url of positionals) targets.push({ connection: await connectionFromFlags(url, values, io), jobs });
    return runRecording(
      {
        out: String(values.out),
        targets,
        intervalMs,
        durationMs,
        detail: parseDetail(values.detail),
        tickCaps: tickCapsFlags(values),
        evidence: evidenceFlag(values.evidence),
      },
      io,
    );
  },
};

/** `--evidence on|off` (default on). */
export const evidenceFlag = (raw: unknown): boolean => onOffFlag(raw, 'evidence', true);

/** `--max-requests` / `--max-bytes`, over the defaults. */
export function tickCapsFlags(values: Record<string, unknown>): TickCaps {
  return {
    maxRequests: intFlag(values['max-requests'], 'max-requests', 10, 1_000_000) ?? DEFAULT_TICK_CAPS.maxRequests,
    maxBytes: sizeFlag(values['max-bytes'], 'max-bytes', 64 * 1024) ?? DEFAULT_TICK_CAPS.maxBytes,
  };
}

// `backflow import prometheus`: turn a window of a Prometheus-compatible store, which Flink's
// PrometheusReporter fed, into a session file, for the incident nobody recorded.

import { hostname } from 'node:os';
import { hideUserinfo } from '../../flink/connection';
import { epochMs, formatDuration, formatInstant, parseInstant, type EpochMs } from '../../../shared/time';
import { APP_VERSION } from '../../version';
import { importPrometheus } from '../../import/prometheus/importer';
import { matchersOf } from '../../import/prometheus/selectors';
import { UsageError, type CliCommand } from '../command';
import { ImportProgress } from '../import-progress';
import { CONNECTION_FLAGS, CONNECTION_USAGE, connectionFromFlags } from '../connection-flags';
import { EXIT } from '../exit-codes';
import { parseFlags } from '../flags';
import { durationFlag } from './record';

// A metrics store is reached like a JobManager, except for mutual TLS, which the import does not offer.
const { cert: _cert, key: _key, ...STORE_FLAGS } = CONNECTION_FLAGS;
const STORE_USAGE = CONNECTION_USAGE.split('\n')
  .filter((l) => !l.includes('--cert'))
  .join('\n');

function instantFlag(raw: unknown, name: string): EpochMs {
  if (raw === undefined) throw new UsageError(`--${name} T is required (ISO-8601 or epoch milliseconds)`);
  try {
    return parseInstant(String(raw));
  } catch (e) {
    throw new UsageError(`--${name}: ${(e as Error).message}`);
  }
}

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'turn a window of a Prometheus-compatible store into a session file',
  usage: `Usage: backflow import prometheus <url> --out FILE --from T (--to T | --follow) [options]

Reads what Flink's PrometheusReporter wrote into a Prometheus-compatible store (Prometheus, Thanos,
Mimir, VictoriaMetrics: the /api/v1 HTTP API) between two times and writes it as a session file.
  --out FILE            session file to create (never overwritten; removed again if the import fails)
  --from T, --to T      the window: ISO-8601 or epoch milliseconds
  --job NAME|ID         import only this job, repeatable (default: every job in the window)
  --match SEL           label matchers added to every query, e.g. '{cluster="prod"}'
  --step D              resolution (default: the store's scrape interval, read from the samples)
  --follow              after the window up to now, keep importing new samples as they arrive (one
                        read per step) until Ctrl-C or SIGTERM; \`backflow serve\` shows the growing
                        file live (no --to then)
  --topology-from SRC   the job graph, from a JobManager URL (http://…) or an earlier session file of
                        the same job, matched by job id or name and by vertex id or name; a
                        JobManager is reached with the connection flags below, as by \`record\`

The store has no job graph: without --topology-from vertices are imported without edges, and the
analysis ranks bottleneck candidates without walking the graph.

${STORE_USAGE}`,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, {
      out: { type: 'string', short: 'o' },
      from: { type: 'string' },
      to: { type: 'string' },
      job: { type: 'string', multiple: true },
      match: { type: 'string' },
      step: { type: 'string' },
      'topology-from': { type: 'string' },
      follow: { type: 'boolean' },
      ...STORE_FLAGS,
    });
    const [source, url, ...extra] = positionals;
    if (source !== 'prometheus')
      throw new UsageError(`import reads from "prometheus" only: backflow import prometheus <url> …`);
    if (url === undefined) throw new UsageError('give the store URL, e.g. http://prometheus:9090');
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    if (!values.out) throw new UsageError('--out FILE is required');
    const follow = values.follow === true;
    if (follow && values.to !== undefined)
      throw new UsageError('--follow imports up to now and then what arrives: leave out --to');
    const from = instantFlag(values.from, 'from');
    const stepMs = durationFlag(values.step, 'step', null, 1000) ?? undefined;
    // Following, the window runs up to now (the importer reads only instants whose scrape is stored).
    const to = follow ? epochMs(Date.now()) : instantFlag(values.to, 'to');
    if (to <= from) throw new UsageError(follow ? '--from must be in the past' : '--to must be after --from');
    const topologyFrom = values['topology-from'] as string | undefined;
    if (topologyFrom && /^https?:\/\/[^/]*@/i.test(topologyFrom))
      throw new UsageError('--topology-from: put no credentials in the URL; the connection flags apply to it too');
    const match = values.match as string | undefined;
    try {
      matchersOf(match);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const progress = new ImportProgress(io);
    const result = await importPrometheus({
      connection: await connectionFromFlags(url, values, io),
      out: String(values.out),
      from,
      to,
      jobs: (values.job as string[] | undefined) ?? [],
      match,
      stepMs,
      topologyFrom,
      appVersion: APP_VERSION,
      hostName: hostname(),
      onProgress: (done, total) => progress.update(done, total),
      follow: follow
        ? {
            until: io.interrupted,
            onPoll: (ticks, last) =>
              io.status(`following: ${ticks} ticks, newest ${formatInstant(last)} (Ctrl-C ends)`),
            onError: (e) => io.err(`import: ${e.message}; retrying at the next step`),
            onJobJoined: (job, graph, why) =>
              io.err(
                `import: ${job.name} (${job.jobId}) joined the session, ${
                  graph
                    ? `job graph from ${hideUserinfo(graph.from)} (${graph.edges.length} edges)`
                    : `without edges${why ? ` (${why})` : ' (give --topology-from)'}`
                }`,
              ),
          }
        : undefined,
    });
    const vertices = result.jobs.reduce((n, j) => n + j.vertices.length, 0);
    io.out(
      `${String(values.out)}: ${result.jobs.length} job(s), ${vertices} vertices, ${result.ticks} ticks at ${formatDuration(result.stepMs)} ` +
        `from ${result.queries} queries`,
    );
    for (const job of result.jobs) {
      const graph = result.topology.get(job.jobId);
      io.out(
        graph
          ? `${job.name}: job graph from ${hideUserinfo(graph.from)} (${graph.edges.length} edges)`
          : topologyFrom
            ? `${job.name}: not in ${hideUserinfo(topologyFrom)}, imported without edges`
            : `${job.name}: no job graph in the store, imported without edges (give --topology-from)`,
      );
    }
    const { release } = result;
    io.out(
      release.release !== null
        ? `Flink ${release.release}, as the task metrics in the store tell`
        : `Flink ${release.atLeast}${release.before ? ` or later, before ${release.before}` : ' or later'}: the metrics do not tell which, so the analysis reads it as the newest of them`,
    );
    return EXIT.ok;
  },
};

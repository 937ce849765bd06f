import { formatDuration, formatInstant } from '../../../shared/time';
import { describeSource } from '../../../shared/provenance';
import type { CliCommand } from '../command';
import { EXIT } from '../exit-codes';
import { parseFlags } from '../flags';
import { openSession } from '../open-session';
import { formatBytes } from '../status-line';
import type { EndpointProblem } from '../../session/index';
import type { EvidenceEntry } from '../../../shared/evidence';

export const infoCommand: CliCommand = {
  name: 'info',
  summary: 'summarise a session file: clusters, jobs, time range, resolution, gaps, errors',
  usage: 'Usage: backflow info FILE',
  async run(argv, io) {
    const { positionals } = parseFlags(argv, {});
    const reader = openSession(positionals[0]);
    try {
      const i = reader.info();
      const evidence = reader.evidence();
      const names = new Map(reader.vertices().map((v) => [`${v.clusterId}/${v.jobId}/${v.vertexId}`, v.name]));
      io.out(
        `${positionals[0]}: Backflow session format ${i.header.formatVersion}, written by ${i.header.appVersion} on ${i.header.hostName}, ${formatBytes(i.fileBytes)}`,
      );
      if (i.source) io.out(`source: ${describeSource(i.source)}`);
      io.out(
        i.timeRange
          ? `time range: ${formatInstant(i.timeRange.from)} – ${formatInstant(i.timeRange.to)} (${formatDuration(i.timeRange.to - i.timeRange.from)})`
          : 'time range: no ticks recorded',
      );
      io.out(
        `ticks: ${i.ticks}, resolution ${i.resolutionMs === null ? '–' : formatDuration(i.resolutionMs)}, errors ${i.errors}, partial ${i.partial}, gaps ${i.gaps.length}`,
      );
      for (const c of i.clusters) {
        io.out(
          `cluster c${c.clusterId} ${c.url}: Flink ${c.flinkVersion ?? 'unknown'}, ${c.ticks} ticks, ${c.errors} errors, ${c.partial} partial, resolution ${c.resolutionMs === null ? '–' : formatDuration(c.resolutionMs)}`,
        );
        for (const p of c.problems) io.out(`  ${describeProblem(p)}`);
        for (const j of i.jobs.filter((job) => job.clusterId === c.clusterId)) {
          io.out(`  job ${j.jobId} ${JSON.stringify(j.name)}: ${j.vertices} vertices`);
        }
        for (const e of evidence.filter((x) => x.clusterId === c.clusterId)) io.out(`  ${describeEvidence(e, names)}`);
        for (const g of c.gaps) {
          io.out(
            `  gap ${formatInstant(g.from)} – ${formatInstant(g.to)} (${formatDuration(g.to - g.from)}, ${g.reason === 'error' ? 'polls failed' : 'no ticks'})`,
          );
        }
      }
      return EXIT.ok;
    } finally {
      reader.close();
    }
  },
};

const PROBLEM_WORDS: Record<string, string> = {
  timeout: 'timed out',
  'not-asked': 'not asked (tick deadline or budget)',
  'http-status': 'answered an error status',
  'html-response': 'answered an HTML page',
  'invalid-json': 'answered invalid JSON',
  schema: 'answered an unexpected shape',
  'too-large': 'answered too much',
  unreachable: 'unreachable',
  tls: 'failed TLS',
};

/** `GET /jobs/:jobid/vertices/:vertexid/backpressure timed out 16× in 16 ticks`. */
export function describeProblem(p: EndpointProblem): string {
  return `GET ${p.endpoint} ${PROBLEM_WORDS[p.kind] ?? p.kind} ${p.count}× in ${p.ticks} tick${p.ticks === 1 ? '' : 's'}`;
}

/** `evidence 09:02:10 flamegraph OFF_CPU of "Window(…)" subtask 2: captured, 1.2 kB`. */
export function describeEvidence(e: EvidenceEntry, names: ReadonlyMap<string, string>): string {
  const name = e.vertexId === null ? null : (names.get(`${e.clusterId}/${e.jobId}/${e.vertexId}`) ?? e.vertexId);
  const what = [e.kind, e.type, name === null ? null : `of ${JSON.stringify(name)}`].filter(Boolean).join(' ');
  const where = [
    e.subtasks === null ? null : `subtask${e.subtasks.length === 1 ? '' : 's'} ${e.subtasks.join(',')}`,
    e.taskManagerId === null ? null : `TaskManager ${e.taskManagerId}`,
  ].filter(Boolean);
  const outcome = e.status === 'captured' ? `captured, ${formatBytes(e.bytes)}` : (e.note ?? e.status);
  return `evidence ${formatInstant(e.ts)} ${what}${where.length ? ` (${where.join(', ')})` : ''}: ${outcome}`;
}

#!/usr/bin/env node
// `npm run flink -- <command>`: real Apache Flink session clusters for Backflow's tests (see README.md).
// Progress goes to stderr; `start` and `submit` print exactly one JSON line on stdout.
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  FLINK_VERSIONS,
  INCIDENTS_MAIN,
  buildJobs,
  cacheDir,
  cancelJob,
  fetchFlink,
  jobsJar,
  listClusters,
  resolveVersion,
  restGet,
  startCluster,
  stopClusters,
  submitJob,
} from './cluster.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));

const USAGE = `usage: npm run flink -- <command>
  start --version V [--taskmanagers 2] [--slots 4] [--fetch-interval 10s] [--prometheus-port N]
        [--flamegraph] [--segment-size 4kb] [--conf key=value]... [--java-home DIR] [--timeout 180s]
                                   start a session cluster on 127.0.0.1; prints {"rest","version"}
  submit [--rest URL] [--entry-class C] JAR|incidents [ARGS...]
                                   upload and run a jar; "incidents" is the built jobs jar for the
                                   cluster's version; prints {"jobId"}
  cancel JOB_ID [--rest URL]       cancel a job and wait until it is CANCELED
  stop [--id ID | --rest URL]      stop the clusters this launcher started (all by default)
  list                             running clusters (JSON lines)
  fetch --version V|all            download a distribution into the cache (${cacheDir()})
  build-jobs [--family flink1|flink2] [--offline]
                                   mvn package the incident jobs (one jar per DataStream API family)
  versions                         the version table
  test [FILTER] [VITEST ARGS]      run the real-Flink vitest files (test/real-flink/*.test.ts)`;

const log = (line) => process.stderr.write(`flink: ${line}\n`);

function fail(message) {
  process.stderr.write(`flink: ${message}\n`);
  process.exit(1);
}

function options(argv, spec, { strict = true, allowPositionals = true } = {}) {
  try {
    return parseArgs({ args: argv, options: spec, strict, allowPositionals });
  } catch (e) {
    fail(`${/** @type {Error} */ (e).message}\n${USAGE}`);
  }
}

/** Base URL of --rest, or of the one running cluster. */
function restFrom(rest) {
  if (rest) return rest.replace(/\/+$/, '');
  const running = listClusters();
  if (running.length === 1) return running[0].rest;
  if (running.length === 0) fail('no running cluster; start one or pass --rest URL');
  fail(`${running.length} clusters are running; pass --rest (${running.map((s) => s.rest).join(', ')})`);
}

async function main() {
  const [command, ...argv] = process.argv.slice(2);
  switch (command) {
    case 'start': {
      const { values } = options(
        argv,
        {
          version: { type: 'string' },
          taskmanagers: { type: 'string', default: '2' },
          slots: { type: 'string', default: '4' },
          'fetch-interval': { type: 'string', default: '10s' },
          'prometheus-port': { type: 'string' },
          flamegraph: { type: 'boolean', default: false },
          'segment-size': { type: 'string', default: '4kb' },
          conf: { type: 'string', multiple: true, default: [] },
          'java-home': { type: 'string' },
          timeout: { type: 'string', default: '180s' },
        },
        { allowPositionals: false },
      );
      if (!values.version) fail('start needs --version (e.g. 1.20, 2.3.0)');
      const conf = Object.fromEntries(
        values.conf.map((kv) => {
          const i = kv.indexOf('=');
          if (i <= 0) fail(`--conf takes key=value, got "${kv}"`);
          return [kv.slice(0, i), kv.slice(i + 1)];
        }),
      );
      const int = (name, v) =>
        /^\d+$/.test(v) && Number(v) > 0 ? Number(v) : fail(`--${name} must be a positive integer, got "${v}"`);
      const cluster = await startCluster({
        version: values.version,
        taskManagers: int('taskmanagers', values.taskmanagers),
        slots: int('slots', values.slots),
        fetchInterval: values['fetch-interval'],
        prometheusPort: values['prometheus-port'] ? int('prometheus-port', values['prometheus-port']) : undefined,
        flamegraph: values.flamegraph,
        segmentSize: values['segment-size'],
        conf,
        javaHome: values['java-home'],
        timeout: values.timeout,
        killOnExit: false,
        log,
      });
      process.stdout.write(`${JSON.stringify({ rest: cluster.rest, version: cluster.version })}\n`);
      return;
    }
    case 'submit': {
      // Options of submit come before the jar; everything after it is the program's own arguments.
      let i = 0;
      let rest;
      let entryClass;
      while (argv[i]?.startsWith('--')) {
        if (argv[i] === '--rest') rest = argv[i + 1];
        else if (argv[i] === '--entry-class') entryClass = argv[i + 1];
        else fail(`unknown submit option ${argv[i]}\n${USAGE}`);
        i += 2;
      }
      const jarArg = argv[i];
      if (!jarArg) fail('submit needs a jar path (or "incidents")');
      const url = restFrom(rest);
      let jar = path.resolve(jarArg);
      if (jarArg === 'incidents') {
        const { 'flink-version': version } = await restGet(url, '/config');
        const family = resolveVersion(version).family;
        buildJobs({ families: [family], ifStale: true });
        jar = jobsJar(family);
        entryClass ??= INCIDENTS_MAIN;
      }
      const jobId = await submitJob(url, jar, argv.slice(i + 1), { entryClass });
      process.stdout.write(`${JSON.stringify({ jobId, rest: url })}\n`);
      return;
    }
    case 'cancel': {
      const { values, positionals } = options(argv, { rest: { type: 'string' } });
      if (positionals.length !== 1) fail('cancel needs one job id');
      await cancelJob(restFrom(values.rest), positionals[0]);
      log(`job ${positionals[0]} canceled`);
      return;
    }
    case 'stop': {
      const { values } = options(
        argv,
        { id: { type: 'string' }, rest: { type: 'string' } },
        { allowPositionals: false },
      );
      const stopped = await stopClusters({ id: values.id, rest: values.rest });
      log(stopped.length ? `stopped ${stopped.join(', ')}` : 'no running cluster started by this launcher');
      return;
    }
    case 'list': {
      for (const s of listClusters()) {
        process.stdout.write(
          `${JSON.stringify({ id: s.id, rest: s.rest, version: s.version, pids: s.processes.map((p) => p.pid) })}\n`,
        );
      }
      return;
    }
    case 'fetch': {
      const { values } = options(argv, { version: { type: 'string' } }, { allowPositionals: false });
      if (!values.version) fail('fetch needs --version V (or --version all)');
      const versions =
        values.version === 'all' ? FLINK_VERSIONS.map((r) => r.version) : [resolveVersion(values.version).version];
      for (const v of versions) log(`${v}: ${await fetchFlink(v, { log })}`);
      return;
    }
    case 'build-jobs': {
      const { values } = options(
        argv,
        { family: { type: 'string', multiple: true }, offline: { type: 'boolean', default: false } },
        { allowPositionals: false },
      );
      const families = values.family?.length ? values.family : ['flink1', 'flink2'];
      for (const f of families) if (f !== 'flink1' && f !== 'flink2') fail(`--family is flink1 or flink2, got "${f}"`);
      const t0 = Date.now();
      for (const jar of buildJobs({
        families: /** @type {('flink1'|'flink2')[]} */ (families),
        offline: values.offline,
        quiet: true,
      }))
        log(`built ${jar}`);
      log(`build-jobs took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      return;
    }
    case 'versions': {
      for (const r of FLINK_VERSIONS) process.stdout.write(`${r.version}\t${r.family}\t${r.status}\t${r.note}\n`);
      return;
    }
    case 'test': {
      const vitest = path.resolve(HERE, '..', '..', 'node_modules', 'vitest', 'vitest.mjs');
      const r = spawnSync(process.execPath, [vitest, 'run', '-c', path.join(HERE, 'vitest.config.ts'), ...argv], {
        stdio: 'inherit',
      });
      process.exit(r.status ?? 1);
      break;
    }
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(`${USAGE}\n`);
      return;
    default:
      fail(`unknown command "${command}"\n${USAGE}`);
  }
}

main().catch((e) => fail(e instanceof Error ? e.message : String(e)));

// Real Apache Flink session clusters for Backflow's tests, started the way Flink's own scripts start them
// (bin/jobmanager.sh, bin/taskmanager.sh): one JVM per JobManager/TaskManager, memory flags computed by
// Flink's BashJavaUtils, config and log4j written per run. The scripts themselves are not in the
// distribution we can obtain (PyPI's apache-flink-libraries), so this module does their job.
//
// Plain Node ESM on purpose: Node 20 cannot run .ts, and the CLI (flink.mjs) and vitest share it.
// Types for TypeScript callers: cluster.d.mts.

import { execFile, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
export const JOBS_DIR = path.join(HERE, 'jobs');

// ---------------------------------------------------------------------------------------------------------
// Versions: the one table. `status` is what was seen on this project's machines (Java 17, 2 cores).

/**
 * @typedef {{ version: string, family: 'flink1' | 'flink2', status: 'verified' | 'untested' | 'fails', note: string }} FlinkVersionInfo
 * @type {readonly FlinkVersionInfo[]}
 */
export const FLINK_VERSIONS = Object.freeze([
  { version: '2.3.0', family: 'flink2', status: 'verified', note: 'newest 2.x' },
  { version: '2.2.1', family: 'flink2', status: 'verified', note: '' },
  { version: '1.20.5', family: 'flink1', status: 'verified', note: 'LTS' },
  { version: '1.19.3', family: 'flink1', status: 'verified', note: 'first with config.yaml' },
  { version: '1.18.1', family: 'flink1', status: 'verified', note: 'first with Java 17 support' },
  { version: '1.17.2', family: 'flink1', status: 'verified', note: '60 s busy/backpressure gauges' },
  { version: '1.16.3', family: 'flink1', status: 'verified', note: 'first with accumulate*TimeMs' },
  { version: '1.15.4', family: 'flink1', status: 'verified', note: '' },
  { version: '1.14.6', family: 'flink1', status: 'verified', note: 'Scala 2.11 flink-dist' },
]);

/** The table row for a version: exact ("1.20.5") or major.minor ("1.20"). Throws for anything else. */
export function resolveVersion(version) {
  const v = String(version ?? '').trim();
  const row = FLINK_VERSIONS.find((r) => r.version === v) ?? FLINK_VERSIONS.find((r) => r.version.startsWith(`${v}.`));
  if (!row) throw new Error(`unknown Flink version "${v}"; known: ${FLINK_VERSIONS.map((r) => r.version).join(', ')}`);
  return row;
}

function versionAtLeast(version, major, minor) {
  const [a, b] = version.split('.').map(Number);
  return a > major || (a === major && b >= minor);
}

// ---------------------------------------------------------------------------------------------------------
// Paths

/** Cache root: downloaded distributions, runs (conf, logs, state), built jobs. Git-ignored. */
export function cacheDir() {
  return path.resolve(process.env.BACKFLOW_FLINK_CACHE || path.join(REPO, '.cache', 'flink'));
}
export function distDir(version) {
  return path.join(cacheDir(), resolveVersion(version).version);
}
function runsDir() {
  return path.join(cacheDir(), 'runs');
}

// ---------------------------------------------------------------------------------------------------------
// Download: PyPI's apache-flink-libraries sdist holds the official distribution's lib/, opt/, plugins/ and
// bin/bash-java-utils.jar (not bin/*.sh, not conf/). Only lib, plugins and bin are kept.

const PYPI_SIMPLE = (process.env.BACKFLOW_PYPI_SIMPLE || 'https://pypi.org/simple').replace(/\/+$/, '');

/**
 * Downloads and unpacks a version once; returns its directory. Safe against concurrent callers
 * (each unpacks into its own temporary folder and the first rename wins).
 * @param {string} version
 * @param {{ log?: (line: string) => void }} [options]
 */
export async function fetchFlink(version, { log = () => {} } = {}) {
  const { version: v } = resolveVersion(version);
  const dir = distDir(v);
  if (fs.existsSync(path.join(dir, '.complete'))) return dir;

  const indexUrl = `${PYPI_SIMPLE}/apache-flink-libraries/`;
  const res = await fetch(indexUrl, { headers: { accept: 'application/vnd.pypi.simple.v1+json' } }).catch((e) => {
    throw new Error(`cannot reach ${indexUrl}: ${e.cause?.message ?? e.message}`);
  });
  if (!res.ok) throw new Error(`${indexUrl} answered HTTP ${res.status}`);
  const index = await res.json();
  const name = new RegExp(`^apache[-_]flink[-_]libraries-${v.replace(/\./g, '\\.')}\\.tar\\.gz$`);
  const file = index.files?.find((f) => name.test(f.filename));
  if (!file) throw new Error(`PyPI has no apache-flink-libraries ${v} source archive (${indexUrl})`);

  const downloads = path.join(cacheDir(), 'downloads');
  await fsp.mkdir(downloads, { recursive: true });
  const archive = path.join(downloads, file.filename);
  const tag = `${process.pid}-${randomBytes(3).toString('hex')}`;
  const t0 = Date.now();
  if (!(await sha256Matches(archive, file.hashes?.sha256))) {
    log(`downloading ${file.filename} (${(file.size / 2 ** 20).toFixed(0)} MiB)`);
    const part = `${archive}.${tag}.part`;
    try {
      const body = await fetch(file.url).catch((e) => {
        throw new Error(`cannot download ${file.url}: ${e.cause?.message ?? e.message}`);
      });
      if (!body.ok || !body.body) throw new Error(`download of ${file.url} failed: HTTP ${body.status}`);
      const hash = createHash('sha256');
      const out = fs.createWriteStream(part);
      for await (const chunk of body.body) {
        hash.update(chunk);
        if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
      }
      await new Promise((resolve, reject) => out.end((/** @type {any} */ e) => (e ? reject(e) : resolve(undefined))));
      const digest = hash.digest('hex');
      if (file.hashes?.sha256 && digest !== file.hashes.sha256) {
        throw new Error(`${file.filename}: sha256 ${digest} does not match PyPI's ${file.hashes.sha256}`);
      }
      await fsp.rename(part, archive);
    } finally {
      await fsp.rm(part, { force: true });
    }
  }

  log(`unpacking ${file.filename}`);
  const tmp = `${dir}.${tag}.tmp`;
  await fsp.mkdir(tmp, { recursive: true });
  const tar = spawnSync(
    'tar',
    [
      '-xzf',
      archive,
      '-C',
      tmp,
      '--strip-components=2',
      '--wildcards',
      '*/deps/lib/*',
      '*/deps/plugins/*',
      '*/deps/bin/*',
    ],
    { encoding: 'utf8' },
  );
  if (tar.status !== 0) {
    await fsp.rm(tmp, { recursive: true, force: true });
    throw new Error(`unpacking ${archive} failed: ${(tar.stderr || tar.error?.message || '').trim()}`);
  }
  if (!findDistJar(path.join(tmp, 'lib')) || !fs.existsSync(path.join(tmp, 'bin', 'bash-java-utils.jar'))) {
    await fsp.rm(tmp, { recursive: true, force: true });
    throw new Error(`${file.filename} has no lib/flink-dist*.jar or bin/bash-java-utils.jar`);
  }
  const meta = {
    version: v,
    archive: file.filename,
    sha256: file.hashes?.sha256,
    size: file.size,
    fetchedAt: new Date().toISOString(),
  };
  await fsp.writeFile(path.join(tmp, '.complete'), `${JSON.stringify(meta, null, 2)}\n`);
  try {
    await fsp.rename(tmp, dir);
  } catch (e) {
    // Someone else finished first (or a stale incomplete folder is in the way).
    await fsp.rm(tmp, { recursive: true, force: true });
    if (!fs.existsSync(path.join(dir, '.complete')))
      throw new Error(`cannot install ${dir}: ${/** @type {Error} */ (e).message}`, { cause: e });
  }
  if (!process.env.BACKFLOW_FLINK_KEEP_DOWNLOADS) await fsp.rm(archive, { force: true });
  log(`Flink ${v} ready in ${dir} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return dir;
}

async function sha256Matches(file, expected) {
  if (!expected || !fs.existsSync(file)) return false;
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk);
  return hash.digest('hex') === expected;
}

function findDistJar(libDir) {
  if (!fs.existsSync(libDir)) return undefined;
  const jars = fs.readdirSync(libDir).filter((f) => /^flink-dist.*\.jar$/.test(f));
  return jars.length === 1 ? path.join(libDir, jars[0]) : undefined;
}

// ---------------------------------------------------------------------------------------------------------
// JVM and configuration

// Flink 1.18+ ships these in env.java.opts.all (this is 1.20's list; 2.x dropped sun.net.util). Older
// versions need the same on Java 17; an unused --add-opens is harmless.
const JAVA17_OPTS = [
  '--add-exports=java.base/sun.net.util=ALL-UNNAMED',
  '--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED',
  '--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED',
  '--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED',
  '--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED',
  '--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED',
  '--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED',
  '--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED',
  '--add-opens=java.base/java.lang=ALL-UNNAMED',
  '--add-opens=java.base/java.net=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-opens=java.base/java.lang.reflect=ALL-UNNAMED',
  '--add-opens=java.base/java.text=ALL-UNNAMED',
  '--add-opens=java.base/java.time=ALL-UNNAMED',
  '--add-opens=java.base/java.util=ALL-UNNAMED',
  '--add-opens=java.base/java.util.concurrent=ALL-UNNAMED',
  '--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED',
  '--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED',
];

function javaBin(javaHome) {
  const home = javaHome || process.env.BACKFLOW_FLINK_JAVA_HOME || process.env.JAVA_HOME;
  return home ? path.join(home, 'bin', 'java') : 'java';
}

/** lib/*.jar in name order with flink-dist last, as bin/config.sh's constructFlinkClassPath builds it. */
function flinkClassPath(dist) {
  const lib = path.join(dist, 'lib');
  const distJar = findDistJar(lib);
  if (!distJar) throw new Error(`${lib} has no single flink-dist*.jar`);
  const others = fs
    .readdirSync(lib)
    .filter((f) => f.endsWith('.jar') && !f.startsWith('flink-dist'))
    .sort();
  return [...others.map((f) => path.join(lib, f)), distJar].join(path.delimiter);
}

/** JVM flags and `-D key=value` dynamic properties for a process, exactly as Flink's scripts compute them. */
async function resourceParams(java, dist, confDir, command) {
  const cp = [path.join(dist, 'bin', 'bash-java-utils.jar'), findDistJar(path.join(dist, 'lib'))].join(path.delimiter);
  const r = await new Promise((resolve) => {
    execFile(
      java,
      ['-classpath', cp, 'org.apache.flink.runtime.util.bash.BashJavaUtils', command, '--configDir', confDir],
      { encoding: 'utf8', timeout: 60_000, maxBuffer: 16 * 2 ** 20 },
      (error, stdout, stderr) =>
        resolve({
          status: error ? (typeof error.code === 'number' ? error.code : null) : 0,
          error: error && typeof error.code !== 'number' ? error : undefined,
          stdout,
          stderr,
        }),
    );
  });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  const results = out
    .split('\n')
    .filter((l) => l.startsWith('BASH_JAVA_UTILS_EXEC_RESULT:'))
    .map((l) => l.slice('BASH_JAVA_UTILS_EXEC_RESULT:'.length).trim());
  if (r.status !== 0 || results.length !== 2) {
    const why = r.error ? r.error.message : `exit ${r.status}`;
    const lines = out.split('\n').filter((l) => !/Loading configuration property|^\s+at |^\s*\.\.\. \d+ more/.test(l));
    throw new Error(
      `BashJavaUtils ${command} failed (${why}): ${rootCause(out) ?? 'no error line'}\n${tail(lines.join('\n'), 15)}`,
    );
  }
  return { jvm: results[0].split(/\s+/).filter(Boolean), dynamic: results[1].split(/\s+/).filter(Boolean) };
}

/** Flat `key: value` lines: valid both as Flink's legacy flink-conf.yaml and as standard YAML (config.yaml). */
function renderConfig(entries) {
  return `${Object.entries(entries)
    .map(([k, v]) => {
      const s = String(v);
      if (/[#\n]|: |^[\s!&*?|>'"%@`{[\]-]/.test(s)) throw new Error(`config value for ${k} needs quoting: ${s}`);
      return `${k}: ${s}`;
    })
    .join('\n')}\n`;
}

// Flink's own console defaults, routed to one file per process (${sys:log.file}, which the web UI's log
// endpoints also read). Noisy RPC/network internals at WARN.
const LOG4J = `monitorInterval = 0
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = MainAppender
logger.akka.name = akka
logger.akka.level = WARN
logger.pekko.name = org.apache.pekko
logger.pekko.level = WARN
logger.netty.name = org.jboss.netty.channel.DefaultChannelPipeline
logger.netty.level = ERROR
logger.shaded_zookeeper.name = org.apache.flink.shaded.zookeeper3
logger.shaded_zookeeper.level = WARN
appender.main.name = MainAppender
appender.main.type = File
appender.main.append = true
appender.main.fileName = \${sys:log.file}
appender.main.layout.type = PatternLayout
appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
`;

function parseDuration(value, what) {
  if (typeof value === 'number') return value * 1000;
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m)?$/.exec(String(value).trim());
  if (!m) throw new Error(`${what}: cannot read duration "${value}" (use e.g. 10s, 500ms, 1m)`);
  const n = Number(m[1]);
  return Math.round(m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = /** @type {net.AddressInfo} */ (srv.address());
      srv.close(() => resolve(addr.port));
    });
  });
}

// ---------------------------------------------------------------------------------------------------------
// Processes: identified by pid plus kernel start time, so a recycled pid is never signalled.

/** State letter and start time (clock ticks after boot) from /proc/<pid>/stat, or undefined if gone. */
function procStat(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name, which may itself contain spaces: state is field 3,
    // starttime field 22.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0], startTicks: fields[19] };
  } catch {
    return undefined;
  }
}

/** @param {{ pid: number, startTicks?: string }} p */
export function isAlive(p) {
  const stat = procStat(p.pid);
  if (!stat || stat.state === 'Z') return false;
  return p.startTicks === undefined || stat.startTicks === p.startTicks;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function terminate(processes, graceMs = 20_000) {
  const live = () => processes.filter(isAlive);
  for (const p of live()) {
    try {
      process.kill(p.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
  const deadline = Date.now() + graceMs;
  while (live().length > 0 && Date.now() < deadline) await sleep(200);
  for (const p of live()) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  const hard = Date.now() + 5000;
  while (live().length > 0 && Date.now() < hard) await sleep(100);
  const left = live();
  if (left.length > 0) throw new Error(`processes still alive after SIGKILL: ${left.map((p) => p.pid).join(', ')}`);
}

function tail(text, lines) {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

function readText(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** The innermost "Caused by:" of the last Java exception in a log, or its last ERROR line. */
function rootCause(text) {
  const lines = text.split('\n');
  const cause = lines.findLast((l) => l.startsWith('Caused by: '));
  if (cause) return cause.slice('Caused by: '.length).trim();
  const error = lines.findLast((l) => /\bERROR\b/.test(l));
  return error?.replace(/^.*?\bERROR\b\s*/, '').trim();
}

/** The end of a log, without stack frames, so the lines that say what happened fit on a screen. */
function fileTail(file, lines = 40) {
  try {
    const fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    const len = Math.min(size, 64 * 1024);
    const buf = Buffer.alloc(len);
    fs.readSync(fd, buf, 0, len, size - len);
    fs.closeSync(fd);
    const text = buf
      .toString('utf8')
      .split('\n')
      .filter((l) => !/^\s+at |^\s*\.\.\. \d+ more/.test(l))
      .join('\n');
    return tail(text, lines);
  } catch {
    return '';
  }
}

// ---------------------------------------------------------------------------------------------------------
// Cluster state files: runs/<id>/cluster.json, written before the first JVM starts so `stop` can always
// find what a crashed launcher left behind.

function writeState(state) {
  fs.writeFileSync(path.join(state.runDir, 'cluster.json'), `${JSON.stringify(state, null, 2)}\n`);
}

/** Every recorded cluster that still has a live process. */
export function listClusters() {
  if (!fs.existsSync(runsDir())) return [];
  const out = [];
  for (const id of fs.readdirSync(runsDir()).sort()) {
    const file = path.join(runsDir(), id, 'cluster.json');
    if (!fs.existsSync(file)) continue;
    let state;
    try {
      state = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      continue;
    }
    if (state.processes.some(isAlive)) out.push(state);
  }
  return out;
}

/**
 * Stops recorded clusters: all of them, or those matching `id` / `rest`. Returns the ids stopped.
 * @param {{ id?: string, rest?: string }} [filter]
 */
export async function stopClusters(filter = {}) {
  const rest = filter.rest?.replace(/\/+$/, '');
  const chosen = listClusters().filter((s) => (!filter.id || s.id === filter.id) && (!rest || s.rest === rest));
  await Promise.all(chosen.map((s) => stopState(s)));
  return chosen.map((s) => s.id);
}

async function stopState(state) {
  await terminate(state.processes);
  state.stoppedAt = new Date().toISOString();
  writeState(state);
}

/** Keeps the newest `keep` finished runs' folders (logs); older ones are deleted. */
function pruneRuns(keep = 8) {
  if (!fs.existsSync(runsDir())) return;
  const finished = fs
    .readdirSync(runsDir())
    .map((id) => path.join(runsDir(), id))
    .filter((dir) => {
      try {
        const s = JSON.parse(fs.readFileSync(path.join(dir, 'cluster.json'), 'utf8'));
        return !s.processes.some(isAlive);
      } catch {
        return true;
      }
    })
    .sort();
  for (const dir of finished.slice(0, Math.max(0, finished.length - keep)))
    fs.rmSync(dir, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------------------
// Start

/**
 * Starts a standalone session cluster on 127.0.0.1 and waits until its REST API shows every TaskManager.
 * @param {import('./cluster.d.mts').StartOptions} options
 * @returns {Promise<import('./cluster.d.mts').FlinkCluster>}
 */
export async function startCluster(options) {
  const {
    taskManagers = 2,
    slots = 4,
    fetchInterval = '10s',
    prometheusPort,
    flamegraph = false,
    segmentSize = '4kb',
    conf: extraConf = {},
    javaHome,
    timeout = '180s',
    killOnExit = true,
    log = () => {},
  } = options;
  const info = resolveVersion(options.version);
  const version = info.version;
  const t0 = Date.now();
  const dist = await fetchFlink(version, { log });
  const java = javaBin(javaHome);

  pruneRuns();
  const id = `${version}-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${randomBytes(2).toString('hex')}`;
  const runDir = path.join(runsDir(), id);
  const dirs = Object.fromEntries(
    ['conf', 'log', 'tmp', 'web', 'checkpoints', 'savepoints'].map((d) => [d, path.join(runDir, d)]),
  );
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });

  const [restPort, rpcPort] = [await freePort(), await freePort()];
  const fetchMs = parseDuration(fetchInterval, '--fetch-interval');
  const loopback = '127.0.0.1';
  /** @type {Record<string, string | number | boolean>} */
  const conf = {
    'jobmanager.rpc.address': loopback,
    'jobmanager.rpc.port': rpcPort,
    'jobmanager.bind-host': loopback,
    'taskmanager.bind-host': loopback,
    'taskmanager.host': loopback,
    'rest.address': loopback,
    'rest.bind-address': loopback,
    'rest.port': restPort,
    'rest.bind-port': restPort,
    'jobmanager.memory.process.size': '1024m',
    'taskmanager.memory.process.size': '1400m',
    // The jobs keep heap state (hashmap backend); managed memory would only take heap from the gc scenario.
    'taskmanager.memory.managed.size': '64m',
    'taskmanager.numberOfTaskSlots': slots,
    // Network buffers scaled to the test bed's low rates: at a few hundred records/s, 4 KiB buffers hold a
    // fraction of a second per hop, as Flink's default 32 KiB ones do at production rates. With 32 KiB,
    // tens of seconds of input queue up before the upstream vertex reports any backpressure.
    'taskmanager.memory.segment-size': segmentSize,
    'parallelism.default': 2,
    'metrics.fetcher.update-interval': fetchMs,
    [versionAtLeast(version, 1, 20) ? 'execution.checkpointing.dir' : 'state.checkpoints.dir']:
      `file://${dirs.checkpoints}`,
    [versionAtLeast(version, 1, 20) ? 'execution.checkpointing.savepoint-dir' : 'state.savepoints.dir']:
      `file://${dirs.savepoints}`,
    // Spread a job's subtasks over both TaskManagers, so a per-TaskManager incident (gc) hits some of them.
    ...(versionAtLeast(version, 1, 20)
      ? { 'taskmanager.load-balance.mode': 'SLOTS' }
      : { 'cluster.evenly-spread-out-slots': true }),
    'io.tmp.dirs': dirs.tmp,
    'web.tmpdir': dirs.web,
    'web.upload.dir': dirs.web,
    ...(flamegraph ? { 'rest.flamegraph.enabled': true } : {}),
    ...(prometheusPort
      ? {
          'metrics.reporter.prom.factory.class': 'org.apache.flink.metrics.prometheus.PrometheusReporterFactory',
          // One port per process: the JobManager takes the first free one, each TaskManager the next.
          'metrics.reporter.prom.port': `${prometheusPort}-${Number(prometheusPort) + taskManagers}`,
        }
      : {}),
    ...extraConf,
  };
  // An overridden REST port is where the cluster will answer.
  if ('rest.port' in extraConf && !('rest.bind-port' in extraConf)) conf['rest.bind-port'] = extraConf['rest.port'];
  const restUrl = `http://${loopback}:${conf['rest.bind-port']}`;
  const confFile = versionAtLeast(version, 1, 19) ? 'config.yaml' : 'flink-conf.yaml';
  fs.writeFileSync(path.join(dirs.conf, confFile), renderConfig(conf));
  fs.writeFileSync(path.join(dirs.conf, 'log4j.properties'), LOG4J);

  const classPath = flinkClassPath(dist);
  const env = {
    ...process.env,
    FLINK_HOME: dist,
    FLINK_CONF_DIR: dirs.conf,
    FLINK_LIB_DIR: path.join(dist, 'lib'),
    FLINK_PLUGINS_DIR: path.join(dist, 'plugins'),
    FLINK_BIN_DIR: path.join(dist, 'bin'),
    FLINK_LOG_DIR: dirs.log,
  };
  const [jm, tm] = await Promise.all([
    resourceParams(java, dist, dirs.conf, 'GET_JM_RESOURCE_PARAMS'),
    resourceParams(java, dist, dirs.conf, 'GET_TM_RESOURCE_PARAMS'),
  ]);

  const state = {
    id,
    version,
    rest: restUrl,
    runDir,
    startedAt: new Date().toISOString(),
    taskManagers,
    slots,
    fetchIntervalMs: fetchMs,
    /** @type {{ role: string, pid: number, startTicks?: string, log: string, out: string }[]} */
    processes: [],
  };
  /** @type {Map<number, import('node:child_process').ChildProcess>} */
  const children = new Map();
  const launch = (role, jvmArgs, mainClass, args) => {
    const logFile = path.join(dirs.log, `${role}.log`);
    const out = path.join(dirs.log, `${role}.out`);
    const fd = fs.openSync(out, 'a');
    const child = spawn(
      java,
      [
        ...JAVA17_OPTS,
        ...jvmArgs,
        `-Dlog.file=${logFile}`,
        `-Dlog4j.configuration=file:${path.join(dirs.conf, 'log4j.properties')}`,
        `-Dlog4j.configurationFile=file:${path.join(dirs.conf, 'log4j.properties')}`,
        '-classpath',
        classPath,
        mainClass,
        '--configDir',
        dirs.conf,
        ...args,
      ],
      // Own process group, stdin closed, stdout/stderr to <role>.out: like flink-daemon.sh, and the
      // JVMs outlive the CLI that started them.
      { cwd: runDir, env, detached: true, stdio: ['ignore', fd, fd] },
    );
    fs.closeSync(fd);
    if (child.pid === undefined) throw new Error(`cannot start ${java} for the ${role}`);
    child.on('error', () => {});
    children.set(child.pid, child);
    state.processes.push({ role, pid: child.pid, startTicks: procStat(child.pid)?.startTicks, log, out });
    writeState(state);
  };

  // 'exit' handlers must be synchronous: SIGKILL, no grace period.
  const exitHook = () => {
    for (const p of state.processes) {
      if (!isAlive(p)) continue;
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  };
  if (killOnExit) process.once('exit', exitHook);

  try {
    launch('jobmanager', jm.jvm, 'org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint', jm.dynamic);
    for (let i = 1; i <= taskManagers; i++) {
      launch(
        `taskmanager-${i}`,
        ['-XX:+UseG1GC', ...tm.jvm],
        'org.apache.flink.runtime.taskexecutor.TaskManagerRunner',
        tm.dynamic,
      );
    }
    await waitForCluster(state, children, parseDuration(timeout, 'timeout'));
  } catch (e) {
    await terminate(state.processes).catch(() => {});
    state.stoppedAt = new Date().toISOString();
    writeState(state);
    if (killOnExit) process.removeListener('exit', exitHook);
    throw e;
  }
  // Let the launching Node process exit while the JVMs run on.
  for (const c of children.values()) c.unref();
  state.readyMs = Date.now() - t0;
  writeState(state);
  log(`Flink ${version} up at ${state.rest} in ${(state.readyMs / 1000).toFixed(1)} s (logs: ${dirs.log})`);

  return {
    id,
    rest: state.rest,
    version,
    family: info.family,
    runDir,
    logDir: dirs.log,
    processes: state.processes.map((p) => ({ role: p.role, pid: p.pid, startTicks: p.startTicks })),
    startupMs: state.readyMs,
    async stop() {
      if (killOnExit) process.removeListener('exit', exitHook);
      await stopState(state);
    },
  };
}

async function waitForCluster(state, children, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  const expectedSlots = state.taskManagers * state.slots;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    for (const p of state.processes) {
      const child = children.get(p.pid);
      if (child && (child.exitCode !== null || child.signalCode !== null)) {
        const how = child.exitCode !== null ? `exit code ${child.exitCode}` : `signal ${child.signalCode}`;
        const log = readText(p.log);
        const out = readText(p.out);
        const cause = rootCause(log) ?? rootCause(out) ?? 'no error in its log';
        throw new Error(
          `Flink ${state.version} ${p.role} died during startup (${how}): ${cause}\n` +
            `last lines of ${p.log}:\n${fileTail(p.log, 25) || '(empty)'}\n` +
            `last lines of ${p.out}:\n${fileTail(p.out, 10) || '(empty)'}`,
        );
      }
    }
    try {
      const res = await fetch(`${state.rest}/overview`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) {
        const o = await res.json();
        last = `${o.taskmanagers} of ${state.taskManagers} TaskManagers, ${o['slots-total']} of ${expectedSlots} slots`;
        if (o.taskmanagers === state.taskManagers && o['slots-total'] === expectedSlots) return;
      } else last = `GET /overview answered HTTP ${res.status}`;
    } catch {
      // Already gone.
    }
    await sleep(250);
  }
  const jm = state.processes[0];
  throw new Error(
    `Flink ${state.version} not ready after ${timeoutMs / 1000} s (${last}); last lines of ${jm.log}:\n${fileTail(jm.log, 30)}`,
  );
}

// ---------------------------------------------------------------------------------------------------------
// REST helpers

async function restCall(rest, method, pathname, body) {
  const url = `${rest.replace(/\/+$/, '')}${pathname}`;
  /** @type {RequestInit} */
  const init = { method, signal: AbortSignal.timeout(60_000) };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'content-type': 'application/json' };
  }
  const res = await fetch(url, init).catch((e) => {
    throw new Error(`${method} ${url}: ${e.cause?.message ?? e.message}`);
  });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    // Already gone.
  }
  if (!res.ok) {
    // Flink answers {"errors": [...]} where an entry may be a whole Java stack trace; its first lines say why.
    const errors = Array.isArray(json?.errors) ? json.errors.join('\n') : text;
    const why = errors
      .split('\n')
      .filter((l) => l.trim() && !/^\s+at |^\s*\.\.\. \d+ more|<Exception on server side:/.test(l))
      .slice(0, 4)
      .join(' | ');
    throw new Error(`${method} ${url}: HTTP ${res.status}: ${why}`);
  }
  return json;
}

/**
 * Uploads a jar (POST /jars/upload) and runs it (POST /jars/:id/run); returns the job id.
 * @param {string} rest
 * @param {string} jar
 * @param {string[]} [args]
 * @param {{ entryClass?: string, parallelism?: number }} [options]
 */
export async function submitJob(rest, jar, args = [], options = {}) {
  const bytes = await fsp.readFile(jar).catch(() => {
    throw new Error(`jar not found: ${jar}`);
  });
  const form = new FormData();
  form.append('jarfile', new Blob([bytes], { type: 'application/x-java-archive' }), path.basename(jar));
  const upload = await restCall(rest, 'POST', '/jars/upload', form);
  const jarId = path.basename(String(upload?.filename ?? ''));
  if (!jarId) throw new Error(`POST /jars/upload gave no file name: ${JSON.stringify(upload)}`);
  const run = await restCall(rest, 'POST', `/jars/${encodeURIComponent(jarId)}/run`, {
    programArgsList: args.map(String),
    ...(options.entryClass ? { entryClass: options.entryClass } : {}),
    ...(options.parallelism ? { parallelism: options.parallelism } : {}),
  });
  if (!run?.jobid) throw new Error(`POST /jars/${jarId}/run gave no job id: ${JSON.stringify(run)}`);
  return /** @type {string} */ (run.jobid);
}

/** Cancels a job (PATCH /jobs/:id?mode=cancel) and, unless `wait` is false, waits until it is CANCELED. */
export async function cancelJob(rest, jobId, { wait = true, timeoutMs = 60_000 } = {}) {
  await restCall(rest, 'PATCH', `/jobs/${jobId}?mode=cancel`);
  if (wait) await waitForJobState(rest, jobId, ['CANCELED', 'FAILED', 'FINISHED'], timeoutMs);
}

/** Polls GET /jobs/:id until its state is one of `states`; returns the job details. */
export async function waitForJobState(rest, jobId, states, timeoutMs = 60_000) {
  const want = Array.isArray(states) ? states : [states];
  const deadline = Date.now() + timeoutMs;
  let state = 'unknown';
  while (Date.now() < deadline) {
    const job = await restCall(rest, 'GET', `/jobs/${jobId}`).catch(() => undefined);
    state = job?.state ?? state;
    if (job && want.includes(job.state)) return job;
    if (job && ['FAILED', 'FINISHED', 'CANCELED'].includes(job.state) && !want.includes(job.state)) {
      throw new Error(`job ${jobId} is ${job.state}, expected ${want.join('/')}`);
    }
    await sleep(500);
  }
  throw new Error(`job ${jobId} still ${state} after ${timeoutMs / 1000} s, expected ${want.join('/')}`);
}

/** Polls until the job is RUNNING and every one of its tasks is running. */
export async function waitForJobRunning(rest, jobId, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await waitForJobState(rest, jobId, 'RUNNING', Math.max(1, deadline - Date.now()));
    if (job.vertices.every((v) => v.status === 'RUNNING')) return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} has vertices not yet RUNNING after ${timeoutMs / 1000} s`);
    await sleep(500);
  }
}

/** GET on the REST API, JSON answer; throws a one-line error on HTTP errors. */
export function restGet(rest, pathname) {
  return restCall(rest, 'GET', pathname);
}

// ---------------------------------------------------------------------------------------------------------
// Incident jobs (jobs/): one jar per DataStream API family.

export const INCIDENTS_MAIN = 'org.backflow.incidents.IncidentJob';

/** Path of the incident-jobs jar for a version or family ("flink1" for 1.x, "flink2" for 2.x). */
export function jobsJar(versionOrFamily) {
  const family =
    versionOrFamily === 'flink1' || versionOrFamily === 'flink2'
      ? versionOrFamily
      : resolveVersion(versionOrFamily).family;
  return path.join(JOBS_DIR, 'target', family, `backflow-incidents-${family}.jar`);
}

function newestMtime(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return newest;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Builds the jobs jar(s) with Maven (`mvn package -P <family>`). Maven's ~/.m2 makes later builds offline.
 * @param {{ families?: ('flink1' | 'flink2')[], offline?: boolean, quiet?: boolean, ifStale?: boolean }} [options]
 */
export function buildJobs({ families = ['flink1', 'flink2'], offline = false, quiet = true, ifStale = false } = {}) {
  const built = [];
  for (const family of families) {
    const jar = jobsJar(family);
    if (ifStale && fs.existsSync(jar)) {
      const sources = Math.max(
        newestMtime(path.join(JOBS_DIR, 'src')),
        fs.statSync(path.join(JOBS_DIR, 'pom.xml')).mtimeMs,
      );
      if (fs.statSync(jar).mtimeMs >= sources) continue;
    }
    const args = [
      '-B',
      '-f',
      path.join(JOBS_DIR, 'pom.xml'),
      '-P',
      family,
      ...(quiet ? ['-q'] : []),
      ...(offline ? ['-o'] : []),
      'package',
    ];
    const r = spawnSync('mvn', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (r.error) throw new Error(`cannot run mvn: ${r.error.message}`);
    if (r.status !== 0)
      throw new Error(`mvn ${args.join(' ')} failed (exit ${r.status}):\n${tail(`${r.stdout}${r.stderr}`, 40)}`);
    if (!fs.existsSync(jar)) throw new Error(`mvn finished but ${jar} is missing`);
    built.push(jar);
  }
  return built;
}

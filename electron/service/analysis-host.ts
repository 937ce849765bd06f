// Where a session's whole analysis runs when the bundle has its worker entry: a child process by
// default, a worker thread when no child process can start. A process gives all of its memory
// back when it ends; a thread leaves what its allocator gathered inside this process for good.
// Served mode, 24 h of `large`, the whole UI bench run: with a thread the process held +53 MB
// after the analysis had ended and peaked at +126 MB during it (see the closing note of issue 13
// for the numbers with a process).

import { fork, type ChildProcess } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { errorText } from '../../shared/error-text';
import type { AnalysisOutcome, AnalysisReply, AnalysisRequest, AnalysisRunner } from './analysis-runner';

/**
 * A small young generation (V8's default is 48 MB): an analysis allocates short-lived samples and
 * decoded frames by the hundred thousand. A process gets it through its semi-space flag (young
 * generation = 3 × the semi-space). 24 h `large`, the analysis process' peak RSS, two runs each:
 * semi-space 16 MB (default) 250, 5 MB 234–235, 2 MB 226–229, 1 MB 226 MB; 1.7–1.8 s each.
 */
export const ANALYSIS_PROCESS_ARGS = ['--max-semi-space-size=2'];
/** The same for the worker-thread fallback. */
export const ANALYSIS_WORKER_LIMITS = { maxYoungGenerationSizeMb: 6 };

/** The argument that tells the worker entry it runs as the analysis process (analysis-worker.ts). */
export const ANALYSIS_PROCESS_ROLE = '--backflow-analysis-process';

/** How long an analysis worker with no run to do is kept (with its session's analyser). */
export const IDLE_WORKER_MS = 30_000;

/** What the child process says once it listens, before any answer (analysis-worker.ts). */
export interface HostReady {
  ready: true;
}

/** One running analysis process or thread, as the runner uses it. */
interface Host {
  post(req: AnalysisRequest): void;
  /** Whether it keeps this process alive (only while a run is waiting). */
  hold(on: boolean): void;
  end(): void;
}

interface HostEvents {
  reply(m: AnalysisReply): void;
  /** It failed or ended on its own; `started`: whether it had said it was ready. */
  failed(e: Error, started: boolean): void;
}

/** How long a child process may take to say it is ready before the analysis goes to a thread. */
export const PROCESS_START_MS = 15_000;

/**
 * The bundled worker entry `script` as the analysis process: it says `{ ready: true }` (HostReady)
 * once it listens, then answers AnalysisRequests (and one comparison, compare-run.ts).
 */
export function forkAnalysisProcess(script: string): ChildProcess {
  // ELECTRON_RUN_AS_NODE: in the desktop app process.execPath is Electron's binary, run as Node.
  return fork(script, [ANALYSIS_PROCESS_ROLE], {
    serialization: 'advanced',
    execArgv: ANALYSIS_PROCESS_ARGS,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
}

function processHost(script: string, on: HostEvents, startMs: number): Host {
  let started = false;
  const child = forkAnalysisProcess(script);
  let failed = false;
  const fail = (e: Error) => {
    clearTimeout(slow);
    if (failed) return;
    failed = true;
    on.failed(e, started);
  };
  const slow = setTimeout(() => {
    fail(new Error(`analysis process did not start within ${startMs / 1000} s`));
    child.kill('SIGKILL');
  }, startMs);
  slow.unref();
  // Held until the child listens: a message that arrives while its module still loads is lost.
  const queued: AnalysisRequest[] = [];
  child.on('message', (m: AnalysisReply | HostReady) => {
    if (!('ready' in m)) return on.reply(m);
    started = true;
    clearTimeout(slow);
    for (const req of queued.splice(0)) child.send(req);
  });
  child.on('error', (e) => fail(e));
  child.on('exit', (code, signal) => fail(new Error(`analysis process exited (${code ?? signal})`)));
  return {
    post: (req) => (started ? child.send(req) : queued.push(req)),
    hold(held) {
      // An idle child (and its IPC channel) must not keep a finished served mode running.
      if (held) {
        child.ref();
        child.channel?.ref();
      } else {
        child.unref();
        child.channel?.unref();
      }
    },
    end() {
      failed = true;
      clearTimeout(slow);
      child.kill();
    },
  };
}

function threadHost(script: string, on: HostEvents): Host {
  const w = new Worker(script, { resourceLimits: ANALYSIS_WORKER_LIMITS });
  let failed = false;
  const fail = (e: Error) => {
    if (failed) return;
    failed = true;
    on.failed(e, true);
  };
  w.on('message', (m: AnalysisReply) => on.reply(m));
  w.on('error', (e) => fail(e));
  w.on('exit', (code) => fail(new Error(`analysis worker exited (code ${code})`)));
  return {
    post: (req) => w.postMessage(req),
    hold: (held) => (held ? w.ref() : w.unref()),
    end() {
      failed = true;
      void w.terminate();
    },
  };
}

export interface WorkerRunnerOptions {
  /** Whether the session is being recorded: its analyser is then kept IDLE_WORKER_MS between runs. */
  live?: () => boolean;
  /** 'process' (default): a child process, a thread when it cannot start; 'thread': a thread. */
  host?: 'process' | 'thread';
  /** Told once when no child process could start and the analysis moved to a thread. */
  log?: (line: string) => void;
  /** PROCESS_START_MS unless given (tests). */
  startMs?: number;
}

/**
 * The analysis on `script`, started when a run is asked for and ended after the last run: at
 * once, or IDLE_WORKER_MS later while `live()` says the session is being recorded. If it dies,
 * the runs waiting on it fail with its error and the next run starts a fresh one; if a child
 * process dies before it said it was ready, the runs waiting go to a thread, and so do all later.
 */
export function workerRunner(sessionPath: string, script: string, o: WorkerRunnerOptions = {}): AnalysisRunner {
  const live = o.live ?? (() => false);
  let kind = o.host ?? 'process';
  let host: Host | null = null;
  let nextId = 1;
  const waiting = new Map<
    number,
    { req: AnalysisRequest; resolve: (d: AnalysisOutcome) => void; reject: (e: Error) => void }
  >();
  let idle: NodeJS.Timeout | null = null;

  const start = (): Host => {
    const events: HostEvents = {
      reply(m) {
        const p = waiting.get(m.id);
        if (!p) return;
        waiting.delete(m.id);
        if ('outcome' in m) p.resolve(m.outcome);
        else p.reject(new Error(m.error));
        if (waiting.size === 0 && host === h) idleSince(h);
      },
      failed(e, started) {
        if (host !== h) return;
        host = null;
        if (!started && kind === 'process') {
          kind = 'thread';
          o.log?.(`backflow: the analysis process could not start (${errorText(e)}); analysing in a worker thread`);
          if (waiting.size > 0) {
            const again = (host = start());
            again.hold(true);
            for (const w of waiting.values()) again.post(w.req);
          }
          return;
        }
        for (const w of waiting.values()) w.reject(e);
        waiting.clear();
      },
    };
    const h: Host =
      kind === 'process' ? processHost(script, events, o.startMs ?? PROCESS_START_MS) : threadHost(script, events);
    return h;
  };
  // With no run left: let it go, and the memory of the session's analyser with it — at once for
  // a finished session (analysed once), after IDLE_WORKER_MS without a run for a live one
  // (analysed again every few seconds, on what it gained).
  const end = (h: Host) => {
    if (host === h && waiting.size === 0) {
      host = null;
      h.end();
    }
  };
  const idleSince = (h: Host) => {
    if (!live()) return end(h);
    h.hold(false); // an idle analysis keeps no process alive
    idle = setTimeout(() => {
      idle = null;
      end(h);
    }, IDLE_WORKER_MS);
    idle.unref();
  };
  return {
    run(sustainedAfterMs, lanes = true) {
      if (idle) clearTimeout(idle);
      idle = null;
      const h = (host ??= start());
      h.hold(true);
      const req: AnalysisRequest = { id: nextId++, path: sessionPath, sustainedAfterMs, lanes };
      return new Promise((resolve, reject) => {
        waiting.set(req.id, { req, resolve, reject });
        h.post(req);
      });
    },
    close() {
      if (idle) clearTimeout(idle);
      const h = host;
      host = null;
      for (const w of waiting.values()) w.reject(new Error('the session was closed during its analysis'));
      waiting.clear();
      h?.end();
    },
  };
}

import { realSleep } from '../../recorder/recorder';
import { SIMULATED_VERSIONS, isSimulatedVersion, startSimulatedCluster } from '../../simulator/index';
import { SCENARIO_NAMES } from '../../simulator/scenarios/index';
import { UsageError, type CliCommand } from '../command';
import { intFlag, parseFlags } from '../flags';
import { startServer } from '../../server/server';
import { runRecording } from '../recording';
import { durationFlag, evidenceFlag, parseDetail } from './record';

export function defaultDemoFile(scenario: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `backflow-demo-${scenario}-${stamp}.backflow`;
}

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'record the built-in simulated Flink cluster (no cluster needed)',
  usage: `Usage: backflow demo [--scenario incident] [--out FILE] [--duration D] [--speed X] [options]

Starts the simulated cluster in-process and records it, with simulated time running X times
faster than the wall clock.
  --scenario NAME       ${SCENARIO_NAMES.join(', ')} (default incident)
  --out FILE            session file (default backflow-demo-<scenario>-<time>.backflow)
  --duration D          simulated time to record (default: the scenario's whole story)
  --speed X             simulated seconds per wall-clock second (default 10)
  --interval D          poll interval in simulated time (default 10s)
  --flink-version V     ${SIMULATED_VERSIONS.join(', ')} (default 1.20)
  --detail all|hot|none as for record (default hot)
  --evidence on|off     as for record (default on; the demo cluster has flame graphs enabled)
  --seed N              scenario seed (default 1)
  --serve               also serve the live session's replay UI on 127.0.0.1 (prints the URL)
  --port N              port for --serve (default: any free port)`,
  async run(argv, io) {
    const { values } = parseFlags(argv, {
      scenario: { type: 'string' },
      out: { type: 'string', short: 'o' },
      duration: { type: 'string' },
      speed: { type: 'string' },
      interval: { type: 'string' },
      'flink-version': { type: 'string' },
      detail: { type: 'string' },
      evidence: { type: 'string' },
      seed: { type: 'string' },
      serve: { type: 'boolean' },
      port: { type: 'string' },
    });
    const port = intFlag(values.port, 'port', 0, 65535);
    if (port !== undefined && !values.serve) throw new UsageError('--port goes with --serve');
    const scenario = String(values.scenario ?? 'incident');
    if (!SCENARIO_NAMES.includes(scenario))
      throw new UsageError(`unknown scenario "${scenario}" (scenarios: ${SCENARIO_NAMES.join(', ')})`);
    const version = String(values['flink-version'] ?? '1.20');
    if (!isSimulatedVersion(version))
      throw new UsageError(`unknown --flink-version "${version}" (versions: ${SIMULATED_VERSIONS.join(', ')})`);
    const speed = values.speed === undefined ? 10 : Number(values.speed);
    if (!Number.isFinite(speed) || speed <= 0 || speed > 1000)
      throw new UsageError(`--speed must be a number from above 0 to 1000, got "${String(values.speed)}"`);
    const seed = values.seed === undefined ? 1 : Number(values.seed);
    if (!Number.isInteger(seed)) throw new UsageError(`--seed must be a whole number, got "${String(values.seed)}"`);
    const intervalMs = durationFlag(values.interval, 'interval', 10_000, 1000)!;
    const evidence = evidenceFlag(values.evidence);
    const cluster = await startSimulatedCluster({ scenario, seed, flinkVersion: version, clock: 'realtime', speed });
    try {
      const durationMs = durationFlag(values.duration, 'duration', cluster.model.groundTruth.durationMs, 1000);
      io.err(`simulated Flink ${version} cluster "${scenario}" at ${cluster.url} (×${speed})`);
      return await runRecording(
        {
          out: String(values.out ?? defaultDemoFile(scenario, new Date())),
          targets: [{ connection: { url: cluster.url }, jobs: [] }],
          intervalMs,
          durationMs,
          detail: parseDetail(values.detail),
          evidence,
          clock: () => cluster.now(),
          sleep: (ms, signal) => realSleep(ms / speed, signal),
          onCreated: values.serve
            ? async (file, captureEvidence) => {
                const served = await startServer({ sessionPath: file, port: port ?? 0, captureEvidence });
                io.out(`Open ${served.openUrl}`);
                return served;
              }
            : undefined,
        },
        io,
      );
    } finally {
      await cluster.close();
    }
  },
};

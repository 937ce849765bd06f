// `backflow simulate`: run the built-in simulated Flink cluster on loopback until Ctrl-C, so the
// recorder, the web UI of a real Flink or curl can be pointed at it.

import { formatDuration, parseDuration } from '../../../shared/time';
import { SIMULATED_VERSIONS, isSimulatedVersion, SCENARIO_NAMES, startSimulatedCluster } from '../../simulator/index';
import { startPrometheusEndpoints, type PrometheusEndpoints } from '../../simulator/prometheus/index';
import type { CliCommand, CliIo } from '../command';
import { UsageError } from '../command';
import { EXIT } from '../exit-codes';
import { intFlag, onOffFlag, parseFlags } from '../flags';
import { errorText } from '../../../shared/error-text';
import { FLEET, FLEET_CLUSTERS } from '../../simulator/scenarios/index';
import { startSimulatedFleet } from '../../simulator/server/fleet';

const DEFAULT_SCENARIO = 'incident';
const DEFAULT_PORT = 8081;

export const simulateCommand: CliCommand = {
  name: 'simulate',
  summary: 'serve a simulated Flink cluster (REST API of Flink 1.12–2.1) on 127.0.0.1',
  usage: `Usage: backflow simulate [NAME | --scenario NAME] [--port N] [--flink-version V] [--speed X] [--seed N] [--fetch-interval D] [--flamegraph on|off] [--prometheus-port N]

Serves a deterministic simulated Flink cluster on 127.0.0.1 until interrupted (Ctrl-C).
  --scenario NAME        one of: ${SCENARIO_NAMES.join(', ')} (default ${DEFAULT_SCENARIO}),
                         or ${FLEET}: ${FLEET_CLUSTERS} clusters on ports N…N+${FLEET_CLUSTERS - 1}, one URL per line first
                         (then: backflow record <url>… --out fleet.backflow)
  --port N               port to listen on, 0 = any free port (default ${DEFAULT_PORT})
  --flink-version V      REST API version to answer as: ${SIMULATED_VERSIONS.join(', ')} (default 1.20)
  --speed X              simulated seconds per wall-clock second (default 1)
  --seed N               random seed of the scenario (default 1)
  --fetch-interval D     metrics.fetcher.update-interval, e.g. 10s (default 10s)
  --flamegraph on|off    rest.flamegraph.enabled: off answers flame graphs with the "disabled"
                         placeholder, as a default Flink does (default on)
  --prometheus-port N    also serve Flink's PrometheusReporter /metrics per process: the JobManager
                         on N, TaskManager i on N+i (0 = any free ports; default: none)`,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, {
      scenario: { type: 'string' },
      port: { type: 'string' },
      'flink-version': { type: 'string' },
      speed: { type: 'string' },
      seed: { type: 'string' },
      'fetch-interval': { type: 'string' },
      flamegraph: { type: 'string' },
      'prometheus-port': { type: 'string' },
    });
    if (positionals.length > (values.scenario === undefined ? 1 : 0))
      throw new UsageError(`unexpected argument "${positionals.at(-1)}"`);
    const scenario = (values.scenario as string | undefined) ?? positionals[0] ?? DEFAULT_SCENARIO;
    if (!SCENARIO_NAMES.includes(scenario) && scenario !== FLEET) {
      throw new UsageError(`unknown scenario "${scenario}"; choose one of ${SCENARIO_NAMES.join(', ')}`);
    }
    const version = (values['flink-version'] as string | undefined) ?? '1.20';
    if (!isSimulatedVersion(version))
      throw new UsageError(`unknown Flink version "${version}"; choose one of ${SIMULATED_VERSIONS.join(', ')}`);
    const port = intFlag(values.port, 'port', 0, 65535) ?? DEFAULT_PORT;
    const seed = intFlag(values.seed, 'seed', 0, 2 ** 31 - 1) ?? 1;
    const rawSpeed = values.speed as string | undefined;
    const speed = rawSpeed === undefined ? 1 : Number(rawSpeed);
    if (!/^\d+(\.\d+)?$/.test(rawSpeed ?? '1') || !(speed > 0) || speed > 10_000) {
      throw new UsageError(`--speed must be a number above 0 and at most 10000, got "${rawSpeed}"`);
    }
    let fetchIntervalMs: number | undefined;
    if (values['fetch-interval'] !== undefined) {
      try {
        fetchIntervalMs = parseDuration(values['fetch-interval'] as string);
      } catch (e) {
        throw new UsageError(`--fetch-interval: ${errorText(e)}`);
      }
      if (fetchIntervalMs <= 0) throw new UsageError('--fetch-interval must be longer than 0');
    }
    const prometheusPort = intFlag(values['prometheus-port'], 'prometheus-port', 0, 65535);
    const flameGraphs = { enabled: onOffFlag(values.flamegraph, 'flamegraph', true) };
    if (scenario === FLEET) {
      if (values['flink-version'] !== undefined || prometheusPort !== undefined)
        throw new UsageError(`${FLEET} runs its own mix of Flink versions and has no --prometheus-port`);
      return serveFleet(io, { port, seed, speed, fetchIntervalMs });
    }
    let cluster;
    let prometheus: PrometheusEndpoints | undefined;
    try {
      cluster = await startSimulatedCluster({
        scenario,
        flinkVersion: version,
        port,
        seed,
        speed,
        fetchIntervalMs,
        flameGraphs,
        clock: 'realtime',
      });
      const started = cluster;
      if (prometheusPort !== undefined) {
        prometheus = await startPrometheusEndpoints({
          model: started.model,
          flinkVersion: version,
          port: prometheusPort,
        }).catch(async (e: unknown) => {
          await started.close();
          throw e;
        });
      }
    } catch (e) {
      io.err(`backflow simulate: ${errorText(e)}`);
      return EXIT.failed;
    }
    const jobs = cluster.model.jobs;
    const vertices = jobs.reduce((n, j) => n + j.vertices.length, 0);
    io.out(cluster.url);
    io.out(
      `simulated Flink ${version} cluster, scenario "${scenario}" (seed ${seed}, ×${speed}): ${jobs.length} job(s), ${vertices} vertices, ` +
        `${cluster.model.taskManagers.length} TaskManagers; story lasts ${formatDuration(cluster.model.groundTruth.durationMs / speed)} of wall time; Ctrl-C to stop`,
    );
    if (prometheus)
      io.out(
        `PrometheusReporter endpoints: ${prometheus.all.map((p) => `${p.url}/metrics (${p.process})`).join(', ')}`,
      );
    await io.interrupted;
    await prometheus?.close();
    await cluster.close();
    return EXIT.ok;
  },
};

/** The fleet on consecutive ports until interrupted: the URLs first, one per line, for `record`. */
async function serveFleet(
  io: CliIo,
  opts: { port: number; seed: number; speed: number; fetchIntervalMs: number | undefined },
): Promise<number> {
  let fleet;
  try {
    fleet = await startSimulatedFleet({ ...opts, clock: 'realtime' });
  } catch (e) {
    io.err(`backflow simulate: ${errorText(e)}`);
    return EXIT.failed;
  }
  for (const url of fleet.urls) io.out(url);
  const versions = [...new Set(fleet.clusters.map((c) => c.flinkVersion))].join(', ');
  io.out(
    `simulated fleet (seed ${opts.seed}, ×${opts.speed}): ${fleet.clusters.length} clusters on Flink ${versions}; ` +
      `story lasts ${formatDuration(fleet.truth.durationMs / opts.speed)} of wall time; Ctrl-C to stop`,
  );
  await io.interrupted;
  await fleet.close();
  return EXIT.ok;
}

// `backflow simulate`: prints the URL and a summary, serves until interrupted, and turns bad
// input into one-line errors.

import net from 'node:net';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../electron/cli/command';
import { UsageError } from '../../../electron/cli/command';
import { simulateCommand } from '../../../electron/cli/commands/simulate';

function io() {
  let interrupt!: () => void;
  const interrupted = new Promise<void>((r) => (interrupt = r));
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIo = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    status: () => {},
    isTty: false,
    env: {},
    interrupted,
  };
  return { cli, out, err, interrupt };
}

describe('backflow simulate', () => {
  it('serves the chosen scenario and version until interrupted', async () => {
    const t = io();
    const running = simulateCommand.run(
      ['--scenario', 'slow-sink', '--port', '0', '--flink-version', '1.16', '--speed', '5', '--fetch-interval', '5s'],
      t.cli,
    );
    while (t.out.length < 2) await new Promise((r) => setTimeout(r, 10));
    expect(t.out[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(t.out[1]).toContain('Flink 1.16');
    expect(t.out[1]).toContain('"slow-sink"');
    const config = await (await fetch(`${t.out[0]}/config`)).json();
    expect(config['flink-version']).toBe('1.16.3');
    const jmConfig = await (await fetch(`${t.out[0]}/jobmanager/config`)).json();
    expect(jmConfig).toContainEqual({ key: 'metrics.fetcher.update-interval', value: '5000' });
    t.interrupt();
    expect(await running).toBe(0);
    await expect(fetch(`${t.out[0]}/config`)).rejects.toThrow();
  });

  it('rejects bad input with a specific one-line message', async () => {
    const cases: [string[], RegExp][] = [
      [['--scenario', 'nope'], /unknown scenario "nope"/],
      [['--flink-version', '1.13'], /unknown Flink version "1.13"/],
      [['--speed', '-2'], /--speed must be a number above 0/],
      [['--speed', 'fast'], /--speed/],
      [['--port', '70000'], /--port must be a whole number/],
      [['--fetch-interval', 'soon'], /--fetch-interval: invalid duration "soon"/],
    ];
    for (const [argv, message] of cases) {
      const run = simulateCommand.run(argv, io().cli);
      await expect(run).rejects.toThrow(UsageError);
      await expect(simulateCommand.run(argv, io().cli)).rejects.toThrow(message);
    }
  });

  it('reports a port in use and exits non-zero', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const t = io();
      expect(await simulateCommand.run(['--port', String(port)], t.cli)).not.toBe(0);
      expect(t.err).toEqual([`backflow simulate: port ${port} is already in use`]);
    } finally {
      blocker.close();
    }
  });
});

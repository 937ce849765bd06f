// `backflow serve FILE [--port N]`: serves one session's replay UI to browsers on this machine.

import { UsageError, type CliCommand } from '../command';
import { EXIT } from '../exit-codes';
import { intFlag, parseFlags } from '../flags';
import { startServer } from '../../server/server';

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'serve a session file to a browser on this machine (replay UI)',
  usage: [
    'usage: backflow serve FILE [--port N]',
    '',
    'Serves the replay UI of FILE on http://127.0.0.1 and prints the URL to open. The URL carries',
    'a random access token: anyone with it can view the session, nobody without it can. Only',
    'this machine can connect; to view from elsewhere, tunnel the port (ssh -L).',
    '',
    '  --port N   port to listen on (default: any free port)',
  ].join('\n'),
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, { port: { type: 'string', short: 'p' } });
    if (positionals.length !== 1) throw new UsageError('serve needs exactly one session FILE');
    const file = positionals[0]!;
    const port = intFlag(values.port, 'port', 0, 65535) ?? 0;
    const served = await startServer({ sessionPath: file, port });
    io.out(`Serving ${file}`);
    io.out(`Open ${served.openUrl}`);
    io.out('Press Ctrl-C to stop.');
    await io.interrupted;
    await served.close();
    return EXIT.ok;
  },
};

// `backflow serve FILE… [--port N]`: serves the replay UI of one or several sessions (and the
// comparison of two) to browsers on this machine.

import { MAX_OPEN_SESSIONS } from '../../../shared/api';
import { UsageError, type CliCommand } from '../command';
import { EXIT } from '../exit-codes';
import { intFlag, parseFlags } from '../flags';
import { startServer } from '../../server/server';

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'serve a session file to a browser on this machine (replay UI)',
  usage: [
    'usage: backflow serve FILE [FILE…] [--port N]',
    '',
    'Serves the replay UI of FILE on http://127.0.0.1 and prints the URL to open. The URL carries',
    'a random access token: anyone with it can view the session, nobody without it can. Only',
    'this machine can connect; to view from elsewhere, tunnel the port (ssh -L).',
    `With several files (at most ${MAX_OPEN_SESSIONS}) the page lists them: open one to replay it, or pick`,
    'two to compare them (as backflow compare does).',
    '',
    '  --port N   port to listen on (default: any free port)',
  ].join('\n'),
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, { port: { type: 'string', short: 'p' } });
    if (positionals.length === 0) throw new UsageError('serve needs a session FILE');
    if (positionals.length > MAX_OPEN_SESSIONS)
      throw new UsageError(`serve takes at most ${MAX_OPEN_SESSIONS} session files, got ${positionals.length}`);
    const files = positionals;
    const port = intFlag(values.port, 'port', 0, 65535) ?? 0;
    const served = await startServer({ sessionPath: files[0]!, sessionPaths: files, port });
    io.out(files.length === 1 ? `Serving ${files[0]}` : `Serving ${files.length} sessions: ${files.join(', ')}`);
    io.out(`Open ${served.openUrl}`);
    io.out('Press Ctrl-C to stop.');
    await io.interrupted;
    await served.close();
    return EXIT.ok;
  },
};

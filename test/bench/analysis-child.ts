// A process of the scale bench's own (bundled apart, so it loads nothing else): runs a session's
// first analysis in the bundled analysis worker, in a thread of its own so that its peak RSS is
// what the analysis process of the served mode and the desktop app peaks at (Node, the bundle and
// the analysis), and prints it. Arguments: the session file, the worker bundle.
import { readFileSync } from 'node:fs';
import { workerRunner } from '../../electron/service/analysis-host';

const [file, worker] = process.argv.slice(2);
const runner = workerRunner(file!, worker!, { host: 'thread' });
await runner.run(undefined);
runner.close();
// VmHWM: this process' own peak; getrusage's maxRSS keeps the forking parent's across exec.
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
console.log(JSON.stringify({ maxRssKb: hwm ? Number(hwm) : process.resourceUsage().maxRSS }));

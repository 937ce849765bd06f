// A process of the scale bench's own (bundled apart, so it loads nothing else): runs a session's
// first analysis in the bundled analysis worker as the served mode does, and prints its own peak
// RSS. Arguments: the session file, the worker bundle.
import { readFileSync } from 'node:fs';
import { workerRunner } from '../../electron/service/analysis-runner';

const [file, worker] = process.argv.slice(2);
const runner = workerRunner(file!, worker!);
await runner.run(undefined);
runner.close();
// VmHWM: this process' own peak; getrusage's maxRSS keeps the forking parent's across exec.
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
console.log(JSON.stringify({ maxRssKb: hwm ? Number(hwm) : process.resourceUsage().maxRSS }));

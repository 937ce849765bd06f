import type { CliIo } from './command';

/** The real terminal: stdout for results, stderr for status and errors. */
export function processIo(): CliIo {
  const isTty = Boolean(process.stderr.isTTY);
  let statusShown = false;
  const interrupted = new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  const clearStatus = (): void => {
    if (statusShown) {
      process.stderr.write('\r\x1b[2K');
      statusShown = false;
    }
  };
  return {
    out: (line) => {
      clearStatus();
      process.stdout.write(`${line}\n`);
    },
    err: (line) => {
      clearStatus();
      process.stderr.write(`${line}\n`);
    },
    status: (line) => {
      if (isTty) {
        process.stderr.write(`\r\x1b[2K${line.slice(0, (process.stderr.columns ?? 120) - 1)}`);
        statusShown = true;
      } else {
        process.stderr.write(`${line}\n`);
      }
    },
    isTty,
    env: process.env,
    interrupted,
  };
}

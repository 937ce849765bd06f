/** A report cannot be produced; the message says why in one line (the CLI prints it). */
export class ReportError extends Error {
  override name = 'ReportError';
}

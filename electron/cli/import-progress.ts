// Progress of `backflow import`: on a terminal a bar redrawn in place (at most ten times a
// second), otherwise a status line at each tenth of the way, so a log gets ten lines, not one per
// slice.

import { formatDuration } from '../../shared/time';
import type { CliIo } from './command';

const BAR_WIDTH = 24;

/** `[██████████░░░░░░░░░░░░░░]  42 % · 1,210 of 2,880 instants · 12s, ~17s left` */
export function progressBar(done: number, total: number, elapsedMs: number): string {
  const f = total > 0 ? Math.min(1, done / total) : 1;
  const full = Math.round(f * BAR_WIDTH);
  const left = f > 0 && f < 1 ? `, ~${formatDuration(Math.round((elapsedMs * (1 - f)) / f / 1000) * 1000)} left` : '';
  return `[${'█'.repeat(full)}${'░'.repeat(BAR_WIDTH - full)}] ${String(Math.floor(f * 100)).padStart(3)} % · ${done.toLocaleString('en')} of ${total.toLocaleString('en')} instants · ${formatDuration(Math.round(elapsedMs / 1000) * 1000)}${left}`;
}

/** `importing: 40 % (1,152 of 2,880 instants) after 12s` */
export function progressLine(done: number, total: number, elapsedMs: number): string {
  const pct = total > 0 ? Math.floor((100 * Math.min(done, total)) / total) : 100;
  return `importing: ${pct} % (${done.toLocaleString('en')} of ${total.toLocaleString('en')} instants) after ${formatDuration(Math.round(elapsedMs / 1000) * 1000)}`;
}

export class ImportProgress {
  private readonly started: number;
  private lastDraw = -Infinity;
  private lastTenth = -1;

  constructor(
    private readonly io: Pick<CliIo, 'status' | 'isTty'>,
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
  }

  update(done: number, total: number): void {
    const t = this.now();
    const finished = done >= total;
    if (this.io.isTty) {
      if (!finished && t - this.lastDraw < 100) return;
      this.lastDraw = t;
      this.io.status(progressBar(done, total, t - this.started));
      return;
    }
    const tenth = total > 0 ? Math.floor((10 * Math.min(done, total)) / total) : 10;
    if (tenth === this.lastTenth) return;
    this.lastTenth = tenth;
    this.io.status(progressLine(done, total, t - this.started));
  }
}

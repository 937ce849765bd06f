// A job's graph (`GET /jobs/:jid`: vertices, parallelism, plan) only when it can have changed.
// `/jobs/overview`, asked every tick anyway, carries each job's state, task counts and
// `last-modification` (the latest task state change): while they stay, so does the graph. A huge
// job's graph can take longer to answer than one tick allows; the fetch the deadline cut then goes
// on outside the tick and serves the first tick after it arrives, instead of timing out forever.
import { FlinkApiError } from '../flink/errors';
import { outsideTickBudget } from '../flink/budget';
import type { JobDetails, JobOverview } from '../flink/index';

/** Asked again after this many ticks even when the overview says nothing changed (a safety net). */
export const DETAILS_REFRESH_TICKS = 30;

type Mark = Pick<JobOverview, 'state' | 'lastModification' | 'tasks'>;

const markOf = (o: Mark): string =>
  `${o.state}|${o.lastModification}|${Object.entries(o.tasks)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, n]) => `${k}=${n}`)
    .join(',')}`;

interface Background {
  mark: string | null;
  details: JobDetails | null;
  settled: boolean;
  cut: FlinkApiError;
}

export class JobDetailsSource {
  private cached: { details: JobDetails; mark: string | null; age: number } | null = null;
  private background: Background | null = null;

  constructor(
    private readonly fetch: () => Promise<JobDetails>,
    private readonly refreshTicks = DETAILS_REFRESH_TICKS,
  ) {}

  /** The graph for this tick; `overview` is the job's entry of this tick's `/jobs/overview`, if any. */
  async get(overview: Mark | undefined): Promise<JobDetails> {
    const mark = overview ? markOf(overview) : null;
    const c = this.cached;
    if (c && mark !== null && c.mark === mark && c.age < this.refreshTicks) {
      c.age++;
      return c.details;
    }
    const bg = this.background;
    if (bg) {
      if (!bg.settled) {
        throw new FlinkApiError({
          kind: 'timeout',
          method: bg.cut.method,
          path: bg.cut.path,
          url: bg.cut.url,
          detail: 'the job graph is larger than one tick allows; still loading outside the tick',
        });
      }
      this.background = null;
      // Only a graph of the job as it still is; a changed one is asked anew below.
      if (bg.details && bg.mark === mark) return this.keep(bg.details, mark);
    }
    try {
      return this.keep(await this.fetch(), mark);
    } catch (e) {
      if (e instanceof FlinkApiError && e.kind === 'timeout') this.continueOutsideTick(mark, e);
      throw e;
    }
  }

  private keep(details: JobDetails, mark: string | null): JobDetails {
    this.cached = { details, mark, age: 0 };
    return details;
  }

  private continueOutsideTick(mark: string | null, cut: FlinkApiError): void {
    const bg: Background = { mark, details: null, settled: false, cut };
    this.background = bg;
    outsideTickBudget(this.fetch).then(
      (d) => {
        bg.details = d;
        bg.settled = true;
      },
      () => {
        // Failed outside the tick too: the next tick asks again within its own budget.
        bg.settled = true;
      },
    );
  }
}

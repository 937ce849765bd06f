// Bounded concurrency per cluster: the JobManager is shared with the web UI and other tools,
// so a recorder never has more than N requests in flight against it. FIFO, so no starvation.

export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly limit: number) {}

  async acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next waiter, so `active` stays the same.
    if (next) next();
    else this.active--;
  }

  get inFlight(): number {
    return this.active;
  }
}

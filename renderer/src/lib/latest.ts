// Coalesces requests driven by fast input (scrubbing, dragging): at most one call in flight, and
// only the newest pending argument is sent next. Results of superseded calls are dropped, so a
// slow old answer never overwrites a newer one.

export function coalesce<A, R>(
  fn: (arg: A) => Promise<R>,
  onResult: (r: R, arg: A) => void,
  onError: (e: unknown) => void,
) {
  let inFlight = false;
  let pending: { arg: A } | null = null;
  let generation = 0;
  const run = (arg: A, gen: number): void => {
    inFlight = true;
    fn(arg)
      .then((r) => {
        if (gen === generation && pending === null) onResult(r, arg);
      })
      .catch((e: unknown) => {
        if (gen === generation) onError(e);
      })
      .finally(() => {
        inFlight = false;
        const next = pending;
        pending = null;
        if (next) run(next.arg, generation);
      });
  };
  return {
    request(arg: A): void {
      if (inFlight) pending = { arg };
      else run(arg, generation);
    },
    /** Forget everything in flight (e.g. the subject changed). */
    reset(): void {
      generation++;
      pending = null;
    },
  };
}

/**
 * For values that follow the cursor (job graph, per-subtask values): at most one request per
 * animation frame and one in flight, always for the newest argument. Unlike `coalesce`, every
 * answer that arrives is shown (answers come back in order, one at a time), so while the user
 * scrubs the view keeps showing the last values it has and never waits for the final position.
 */
export function perFrame<A, R>(
  fn: (arg: A) => Promise<R>,
  onResult: (r: R, arg: A) => void,
  onError: (e: unknown) => void,
  schedule: (cb: () => void) => void = (cb) => void requestAnimationFrame(() => cb()),
) {
  let inFlight = false;
  let scheduled = false;
  let pending: { arg: A } | null = null;
  let generation = 0;
  const send = (): void => {
    scheduled = false;
    if (inFlight || !pending) return;
    const { arg } = pending;
    pending = null;
    inFlight = true;
    const gen = generation;
    fn(arg)
      .then((r) => {
        if (gen === generation) onResult(r, arg);
      })
      .catch((e: unknown) => {
        if (gen === generation) onError(e);
      })
      .finally(() => {
        inFlight = false;
        if (pending && !scheduled) {
          scheduled = true;
          schedule(send);
        }
      });
  };
  return {
    request(arg: A): void {
      pending = { arg };
      if (!scheduled && !inFlight) {
        scheduled = true;
        schedule(send);
      }
    },
    /** Forget everything in flight (e.g. the subject changed). */
    reset(): void {
      generation++;
      pending = null;
    },
  };
}

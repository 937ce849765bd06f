// Coalesces requests driven by fast input (scrubbing, dragging): at most one call in flight, and
// only the newest pending argument is sent next. Results of superseded calls are dropped, so a
// slow old answer never overwrites a newer one.

export function coalesce<A, R>(fn: (arg: A) => Promise<R>, onResult: (r: R, arg: A) => void, onError: (e: unknown) => void) {
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

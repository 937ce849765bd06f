// NaN and ±Infinity stand for "no value" in computed columns; answers and stored rows say null.

/** `x` when it is a finite number, else null. */
export const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

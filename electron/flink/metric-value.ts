// Flink sends every metric value as a string (gauges are `toString()`). These parsers are the only
// place such strings become numbers, and they never coerce silently: "NaN", "Infinity", "" and
// anything not a plain decimal number become NaN ("not reported"), never 0.

/** Java's Long.MIN_VALUE as a string: a watermark gauge's "no watermark yet". */
export const LONG_MIN_VALUE = '-9223372036854775808';

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Metric value → number. "true"/"false" (e.g. `isBackPressured`) → 1/0. "NaN", "Infinity",
 * "-Infinity", empty or unparseable text → NaN. Accepts a JSON number as is when finite.
 */
export function parseMetricValue(value: string | number | null | undefined): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.NaN;
  if (typeof value !== 'string') return Number.NaN;
  const s = value.trim();
  if (s === 'true') return 1;
  if (s === 'false') return 0;
  if (!DECIMAL.test(s)) return Number.NaN;
  const n = Number(s);
  return Number.isFinite(n) ? n : Number.NaN;
}

/**
 * Watermark gauge → epoch ms, or null when the subtask has no watermark yet (Long.MIN_VALUE).
 * Unparseable text is NaN, as for any metric.
 */
export function parseWatermark(value: string | number | null | undefined): number | null {
  if (typeof value === 'string' && value.trim() === LONG_MIN_VALUE) return null;
  const n = parseMetricValue(value);
  // Long.MIN_VALUE as a JSON number has lost precision; anything that low is the sentinel.
  if (n <= -9.2e18) return null;
  return n;
}

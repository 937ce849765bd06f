// How Flink turns names and values into metric ids and strings (MetricQueryService, MetricStore).

/** Space, `.`, `:` and `,` inside one scope component become `_` (MetricQueryService filter). */
export function sanitize(component: string): string {
  return component.replace(/[ .:,]/g, '_');
}

// METRICS_OPERATOR_NAME_MAX_LENGTH; sink v2 operators keep their role suffix when cut.
const OPERATOR_NAME_MAX = 80;
const KEPT_SUFFIXES = [': Writer', ': Committer'];

export function truncateOperatorName(name: string): string {
  if (name.length <= OPERATOR_NAME_MAX) return name;
  const suffix = KEPT_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) return name.slice(0, OPERATOR_NAME_MAX - suffix.length) + suffix;
  return name.slice(0, OPERATOR_NAME_MAX);
}

/** The operator component of an operator-scoped metric id. */
export function operatorMetricName(name: string): string {
  return sanitize(truncateOperatorName(name));
}

/** Java's Long.MIN_VALUE, what currentInputWatermark reports before the first watermark. */
export const LONG_MIN_VALUE = '-9223372036854775808';

/** String.valueOf(long). */
export function javaLong(n: number): string {
  return String(Math.trunc(n));
}

/** String.valueOf(double): `1.0`, `0.25`, `NaN`, `1.0E-4`, `1.2345678E7`. */
export function javaDouble(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  const a = Math.abs(n);
  if (a === 0 || (a >= 1e-3 && a < 1e7)) {
    const s = String(n);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mant = '0', exp = '0'] = n.toExponential().split('e');
  return `${mant.includes('.') ? mant : `${mant}.0`}E${exp.replace('+', '')}`;
}

export function javaBool(b: boolean): string {
  return b ? 'true' : 'false';
}

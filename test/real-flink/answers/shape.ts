// The shape of a JSON answer: which keys, which JSON types, merged over many answers and over the
// elements of arrays. Two clusters answer "the same" when their shapes agree, whatever the values.

/** JSON type names; a string that holds a number (Flink's metric values) is told apart. */
export type Kind = 'null' | 'boolean' | 'number' | 'string' | 'numeric-string' | 'array' | 'object';

export interface Shape {
  kinds: Set<Kind>;
  /** Object members (merged over every object seen at this place). */
  keys: Map<string, Shape>;
  /** Array elements (merged). */
  items: Shape | null;
}

/** Keys that are ids (vertex ids in checkpoint details, TaskManager ids) are one key. */
const ID_KEY = /^([0-9a-f]{32}|[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}|.+:\d+-[0-9a-f]{6})$/;
const NUMERIC = /^-?(\d+(\.\d+)?([eE][-+]?\d+)?|NaN|Infinity|-Infinity)$/;

export function emptyShape(): Shape {
  return { kinds: new Set(), keys: new Map(), items: null };
}

export function addToShape(shape: Shape, value: unknown): Shape {
  if (value === null) shape.kinds.add('null');
  else if (Array.isArray(value)) {
    shape.kinds.add('array');
    shape.items ??= emptyShape();
    for (const v of value) addToShape(shape.items, v);
  } else if (typeof value === 'object') {
    shape.kinds.add('object');
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const key = ID_KEY.test(k) ? '<id>' : k;
      let member = shape.keys.get(key);
      if (!member) shape.keys.set(key, (member = emptyShape()));
      addToShape(member, v);
    }
  } else if (typeof value === 'string') shape.kinds.add(NUMERIC.test(value) ? 'numeric-string' : 'string');
  else if (typeof value === 'number') shape.kinds.add('number');
  else if (typeof value === 'boolean') shape.kinds.add('boolean');
  return shape;
}

/**
 * Where `b` (simulated) does not answer like `a` (real): keys present on one side only, and JSON
 * kinds that differ (null vs absent is a key difference; "1" vs 1 a kind difference). Paths read
 * like `checkpoints.history[].status`.
 */
export function compareShapes(a: Shape, b: Shape, path = '$'): string[] {
  const out: string[] = [];
  const ka = [...a.kinds].sort();
  const kb = [...b.kinds].sort();
  // A string member that happened to hold digits on one side only is still a string.
  const norm = (ks: Kind[]): string =>
    [...new Set(ks.map((k) => (k === 'numeric-string' && ks.includes('string') ? 'string' : k)))].sort().join('|');
  if (ka.length > 0 && kb.length > 0 && norm(ka) !== norm(kb))
    out.push(`${path}: real ${ka.join('|')}, simulated ${kb.join('|')}`);
  for (const [k, sa] of a.keys) {
    const sb = b.keys.get(k);
    if (!sb) out.push(`${path}.${k}: only in the real answer (${[...sa.kinds].join('|')})`);
    else out.push(...compareShapes(sa, sb, `${path}.${k}`));
  }
  for (const [k, sb] of b.keys)
    if (!a.keys.has(k)) out.push(`${path}.${k}: only in the simulated answer (${[...sb.kinds].join('|')})`);
  // An empty array on one side says nothing about its elements.
  if (a.items?.kinds.size && b.items?.kinds.size) out.push(...compareShapes(a.items, b.items, `${path}[]`));
  return out;
}

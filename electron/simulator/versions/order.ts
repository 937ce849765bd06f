// Flink builds many responses from HashMaps/HashSets, so clients must not rely on array order.
// The simulator returns such arrays in a deterministic, non-sorted order (stable across calls).

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function hashOrder<T>(items: readonly T[], key: (item: T) => string, salt = ''): T[] {
  return items
    .map((item) => ({ item, h: fnv1a(`${salt}|${key(item)}`) }))
    .sort((a, b) => a.h - b.h)
    .map((x) => x.item);
}

/** Deterministic pseudo-random value in [0, 1) for a key (per-subtask detail the model does not carry). */
export function unitHash(key: string): number {
  return fnv1a(key) / 0x1_0000_0000;
}

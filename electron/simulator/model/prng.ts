// Deterministic randomness and ids. The simulator must replay identically for a seed, so
// nothing here reads Math.random or the clock.

/** FNV-1a over a string, then avalanche-mixed: a stable 32-bit hash. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 32 lower-case hex chars derived from a label, like a Flink JobID/JobVertexID. */
export function hexId(label: string): string {
  let out = '';
  for (let i = 0; i < 4; i++) out += hash32(`${i}|${label}`).toString(16).padStart(8, '0');
  return out;
}

/** mulberry32: small, fast, good enough for simulation noise. */
export class Prng {
  private state: number;
  constructor(seed: number | string) {
    this.state = typeof seed === 'number' ? hash32(`seed:${seed}`) : hash32(seed);
  }
  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  range(min: number, max: number): number {
    return min + (max - min) * this.next();
  }
  int(min: number, maxInclusive: number): number {
    return Math.floor(this.range(min, maxInclusive + 1));
  }
}

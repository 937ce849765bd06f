// Answers asked for again and again: values at one tick (job graph state, per-subtask values)
// while a user scrubs — a 1-hour session has 360 ticks but a drag sends hundreds of cursor
// positions, most of them between the same two ticks — and repeated overview windows. Such an
// answer only changes when the session grows, so it is kept (least recently used first out)
// until the session metadata changes.

export class TickMemo<V> {
  private readonly entries = new Map<string, V>();
  private owner: unknown = null;

  constructor(private readonly max = 256) {}

  /**
   * The value for `key`, computed once. `generation` is what the answers were derived from (the
   * session metadata): when it changes everything kept is dropped.
   */
  get(generation: unknown, key: string, compute: () => V): V {
    if (generation !== this.owner) {
      this.entries.clear();
      this.owner = generation;
    }
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const v = compute();
    this.entries.set(key, v);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    return v;
  }
}

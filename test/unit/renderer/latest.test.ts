import { describe, expect, it } from 'vitest';
import { coalesce } from '../../../renderer/src/lib/latest';

/** A call whose answer the test releases by hand, so ordering is explicit (no timers). */
function manual() {
  const calls: { arg: number; resolve: (v: string) => void }[] = [];
  const fn = (arg: number) => new Promise<string>((resolve) => calls.push({ arg, resolve }));
  return { calls, fn };
}
const flush = () => new Promise((r) => setImmediate(r));

describe('coalesce', () => {
  it('sends only the newest of the requests made while one is in flight', async () => {
    const { calls, fn } = manual();
    const results: string[] = [];
    const c = coalesce(
      fn,
      (r) => results.push(r),
      () => {},
    );
    c.request(1);
    c.request(2);
    c.request(3);
    expect(calls.map((x) => x.arg)).toEqual([1]);
    calls[0]!.resolve('one');
    await flush();
    // The answer for 1 is stale (3 is pending) and is dropped; 3 is sent next, 2 never.
    expect(results).toEqual([]);
    expect(calls.map((x) => x.arg)).toEqual([1, 3]);
    calls[1]!.resolve('three');
    await flush();
    expect(results).toEqual(['three']);
  });

  it('drops answers of calls made before a reset', async () => {
    const { calls, fn } = manual();
    const results: string[] = [];
    const c = coalesce(
      fn,
      (r) => results.push(r),
      () => {},
    );
    c.request(1);
    c.reset();
    calls[0]!.resolve('old');
    await flush();
    expect(results).toEqual([]);
    c.request(2);
    calls[1]!.resolve('new');
    await flush();
    expect(results).toEqual(['new']);
  });
});

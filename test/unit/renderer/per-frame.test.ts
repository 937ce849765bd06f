import { describe, expect, it } from 'vitest';
import { perFrame } from '../../../renderer/src/lib/latest';

/** Calls answered by hand and frames run by hand, so the order of events is explicit. */
function rig() {
  const calls: { arg: number; resolve: (v: string) => void }[] = [];
  const frames: (() => void)[] = [];
  const results: string[] = [];
  const p = perFrame(
    (arg: number) => new Promise<string>((resolve) => calls.push({ arg, resolve })),
    (r) => results.push(r),
    () => {},
    (cb) => frames.push(cb),
  );
  const frame = () => frames.splice(0).forEach((f) => f());
  return { calls, results, p, frame };
}
const flush = () => new Promise((r) => setImmediate(r));

describe('perFrame', () => {
  it('sends one request per frame, for the newest cursor position', () => {
    const { calls, p, frame } = rig();
    p.request(1);
    p.request(2);
    p.request(3);
    expect(calls).toHaveLength(0);
    frame();
    expect(calls.map((c) => c.arg)).toEqual([3]);
  });

  it('shows every answer as it arrives and sends the newest pending position next', async () => {
    const { calls, results, p, frame } = rig();
    p.request(1);
    frame();
    p.request(2);
    p.request(3);
    frame();
    expect(calls.map((c) => c.arg)).toEqual([1]); // one in flight at a time
    calls[0]!.resolve('one');
    await flush();
    expect(results).toEqual(['one']); // the last values stay visible while scrubbing goes on
    frame();
    expect(calls.map((c) => c.arg)).toEqual([1, 3]);
    calls[1]!.resolve('three');
    await flush();
    expect(results).toEqual(['one', 'three']);
  });

  it('drops answers asked for before a reset', async () => {
    const { calls, results, p, frame } = rig();
    p.request(1);
    frame();
    p.reset();
    calls[0]!.resolve('old subject');
    await flush();
    expect(results).toEqual([]);
  });
});

import { expect, it } from 'vitest';
import { FetchSettle, settleMs } from '../../../electron/recorder/fetch-settle';

it('waits a fifth of the poll interval, 500 ms at most', () => {
  expect(settleMs(50)).toBe(10);
  expect(settleMs(1_000)).toBe(200);
  expect(settleMs(2_000)).toBe(400);
  expect(settleMs(10_000)).toBe(500);
  expect(settleMs(60_000)).toBe(500);
});

it("waits once per fetch: the cluster's other jobs seeing the same fetch time share that wait", async () => {
  let waits = 0;
  const settle = new FetchSettle(
    () => {
      waits++;
      return 20;
    },
    (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  );
  const t0 = performance.now();
  await Promise.all([settle.after(1_000), settle.after(1_000), settle.after(1_000)]);
  expect(performance.now() - t0).toBeGreaterThanOrEqual(15);
  await settle.after(1_000);
  expect(waits).toBe(1);
  await settle.after(2_000);
  expect(waits).toBe(2);
});

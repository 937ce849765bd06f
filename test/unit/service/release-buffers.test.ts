// A thread frees what a call left behind once it grew past RELEASE_AFTER_BYTES (release-buffers.ts):
// dead ArrayBuffers and old-generation garbage are otherwise kept until V8 sees 64 MB of external
// memory, and an idle thread never collects at all.

import { expect, it } from 'vitest';
import { BufferRelease, retainedBytes } from '../../../electron/service/release-buffers';

const MB = 2 ** 20;

/** Allocates 48 MB of buffers and drops them: garbage on return, no collection run yet. */
function deadBuffers(before: number): void {
  const held = Array.from({ length: 48 }, () => new Uint8Array(MB).fill(1));
  expect(process.memoryUsage().arrayBuffers - before).toBeGreaterThan(40 * MB);
  expect(held.length).toBe(48);
}

/** Long-lived objects (they reach the old generation), dropped on return. */
function deadObjects(base: number): void {
  const rows: { i: number; s: string }[][] = [];
  for (let k = 0; k < 40 && retainedBytes() - base < 24 * MB; k++)
    rows.push(Array.from({ length: 20_000 }, (_, i) => ({ i, s: `row ${k} ${i}` })));
  expect(retainedBytes() - base).toBeGreaterThan(8 * MB);
}

it('runs a full GC once dead buffers grew past the limit, and frees them', () => {
  const release = new BufferRelease(16 * MB);
  const before = process.memoryUsage().arrayBuffers;
  deadBuffers(before);
  expect(release.check()).toBe(true);
  expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(8 * MB);
});

it('leaves the heap alone while the growth stays under the limit', () => {
  const release = new BufferRelease(64 * MB);
  const kept = new Uint8Array(4 * MB).fill(1);
  expect(release.check()).toBe(false);
  expect(kept.length).toBe(4 * MB);
});

it('counts old-generation garbage too', () => {
  const release = new BufferRelease(8 * MB);
  const base = retainedBytes();
  deadObjects(base);
  expect(release.check()).toBe(true);
  expect(retainedBytes() - base).toBeLessThan(8 * MB);
});

// The vertex lanes of a huge job come one page at a time (the overview answer carries at most
// MAX_OVERVIEW_LANES of them, in the session's vertex order). This is the arithmetic of those
// pages: where a vertex's page starts, how a page is named, and which pages hold backpressure.

/** Where the page holding lane `index` starts. */
export const pageOffsetOf = (index: number, size: number): number => Math.floor(index / size) * size;

/** `offset` moved onto a page boundary within the `count` lanes (the last page when past the end). */
export function clampOffset(offset: number, count: number, size: number): number {
  if (count <= 0) return 0;
  return pageOffsetOf(Math.min(Math.max(0, offset), count - 1), size);
}

const n = (x: number): string => x.toLocaleString('en');

/** "1–200 of 10,000": the lanes a page shows, counted from 1. */
export function pageRangeText(offset: number, count: number, size: number): string {
  const last = Math.min(count, offset + size);
  return `${n(count === 0 ? 0 : offset + 1)}–${n(last)} of ${n(count)}`;
}

export interface PageChoice {
  offset: number;
  /** "201–400 · 2 backpressured" */
  label: string;
  backpressured: number;
}

/**
 * Every page, each with how many of its vertices had an episode (`backpressured`: their lane
 * indices, repeats counted once), so a user of a huge job goes straight to where it hurt.
 */
export function pageChoices(count: number, size: number, backpressured: Iterable<number>): PageChoice[] {
  const pages = Math.ceil(count / size);
  const hits = new Array<number>(pages).fill(0);
  for (const i of new Set(backpressured)) if (i >= 0 && i < count) hits[Math.floor(i / size)]!++;
  return hits.map((b, p) => {
    const offset = p * size;
    const range = `${n(offset + 1)}–${n(Math.min(count, offset + size))}`;
    return { offset, backpressured: b, label: b > 0 ? `${range} · ${b} backpressured` : range };
  });
}

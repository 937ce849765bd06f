// reportPreview over the served mode's HTTP bridge on a real session file: the range and the
// content switches are honoured, hostile names stay text, and bad params get a specific 400.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportPreviewResult } from '../../../shared/api';
import { startServer, type ServedSession } from '../../../electron/server/server';
import { JOB_NAME, POLL_MS, SUSTAINED, T0, TICKS, TRANSIENT } from '../../e2e/fixtures/make-session';
import { writeSession } from '../../e2e/fixtures/make-session';

const END = T0 + (TICKS - 1) * POLL_MS;
const ALL = { transientEpisodes: true, annotations: true, checkpointTable: true, gcTable: true };
let dir: string;
let served: ServedSession;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'backflow-preview-'));
  const file = path.join(dir, 'incident.backflow');
  writeSession(file);
  const ui = path.join(dir, 'ui');
  mkdirSync(ui);
  writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>ui</title>');
  served = await startServer({ sessionPath: file, port: 0, staticRoot: ui, pollMs: 50 });
});

afterAll(async () => {
  await served?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call(method: string, params: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${served.url}api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-backflow-token': served.token },
    body: JSON.stringify(params),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function preview(params: Record<string, unknown>): Promise<string> {
  const r = await call('reportPreview', params);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return (r.body as unknown as ReportPreviewResult).html;
}

/** Classes of the incident sections, once each. */
const episodeHeadings = (html: string) =>
  [...new Set([...html.matchAll(/<h3[^>]*>#\d+ <span class="tag (sustained|transient)"/g)].map((m) => m[1]))].sort();

describe('reportPreview', () => {
  it('returns the whole session as one self-contained page with the findings and the job escaped', async () => {
    const html = await preview({ from: T0, to: END, include: ALL });
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(episodeHeadings(html)).toEqual(['sustained', 'transient']);
    expect(html).not.toMatch(/<script|<img|src=["']?http/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain(JOB_NAME);
    for (const id of ['checkpoints', 'gc', 'notes']) expect(html).toContain(`<section id="${id}">`);
  });

  it('honours the range: a window around the transient episode shows only it', async () => {
    const html = await preview({ from: TRANSIENT.from - 30_000, to: TRANSIENT.to + 30_000, include: ALL });
    expect(episodeHeadings(html)).toEqual(['transient']);
    const sustainedOnly = await preview({ from: SUSTAINED.from - 30_000, to: SUSTAINED.to + 30_000, include: ALL });
    expect(episodeHeadings(sustainedOnly)).toEqual(['sustained']);
  });

  it('honours the content switches', async () => {
    const html = await preview({
      from: T0,
      to: END,
      include: { transientEpisodes: false, annotations: false, checkpointTable: false, gcTable: false },
    });
    expect(episodeHeadings(html)).toEqual(['sustained']);
    for (const id of ['checkpoints', 'gc', 'notes', 'pinned']) expect(html).not.toContain(`<section id="${id}">`);
    expect(html).toContain('Transient incidents are left out of this report.');
  });

  it('honours the sustained threshold: with a day required nothing is sustained', async () => {
    const html = await preview({ from: T0, to: END, sustainedAfterMs: 86_400_000, include: ALL });
    expect(episodeHeadings(html)).not.toContain('sustained');
  });

  it.each([
    ['from after to', { from: END, to: T0, include: ALL }, /^reportPreview: to: from must be before to/],
    [
      'a missing switch',
      { from: T0, to: END, include: { transientEpisodes: true, annotations: true, checkpointTable: true } },
      /^reportPreview: include\.gcTable: /,
    ],
    ['no include', { from: T0, to: END }, /^reportPreview: include: /],
    ['an unknown field', { from: T0, to: END, include: ALL, out: '/tmp/x.html' }, /^reportPreview: .*out/],
    [
      'a negative threshold',
      { from: T0, to: END, include: ALL, sustainedAfterMs: -1 },
      /^reportPreview: sustainedAfterMs: /,
    ],
  ])('answers 400 for %s', async (_what, params, message) => {
    const r = await call('reportPreview', params);
    expect(r.status).toBe(400);
    expect(String(r.body.error)).toMatch(message);
  });
});

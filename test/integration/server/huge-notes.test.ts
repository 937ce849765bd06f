// Huge notes (issue 16, item 4): a session holding ten 10 MB notes (written by another tool: the
// contract writes at most MAX_ANNOTATION_TEXT characters) must not make the served mode answer
// with hundreds of MB. The list carries previews, one note is fetched whole on demand, the search
// still looks at the whole texts, an answer over the byte budget is a clear refusal, and reports
// (the served preview and `backflow report`) cut notes with a stated limit.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ANNOTATION_PREVIEW_CHARS,
  MAX_ANSWER_BYTES,
  type AnnotationItem,
  type AnnotationsResult,
} from '../../../shared/api';
import { REPORT_NOTE_CHARS } from '../../../electron/report/load';
import { startServer, type ServedSession } from '../../../electron/server/server';
import { SessionWriter } from '../../../electron/session/writer';
import { epochMs } from '../../../shared/time';
import { buildCli, runCli, type BuiltCli } from '../../fixtures/recorder/cli';
import { POLL_MS, T0, TICKS, writeSession } from '../../e2e/fixtures/make-session';

const MB = 1024 * 1024;
const HUGE = 10 * MB;
/** Over the answer budget on its own. */
const OVERSIZED = MAX_ANSWER_BYTES + MB;

let dir: string;
let file: string;
let served: ServedSession;
const ids: number[] = [];
let oversizedId: number;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'backflow-huge-notes-'));
  const ui = path.join(dir, 'ui');
  mkdirSync(ui);
  writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>ui</title>');
  file = path.join(dir, 'incident.backflow');
  writeSession(file);
  const w = SessionWriter.openForAppend(file);
  const note = (start: number, text: string) =>
    w.addAnnotation({
      start: epochMs(start),
      end: null,
      text,
      tag: 'note',
      clusterId: null,
      jobId: null,
      vertexId: null,
      pinned: false,
    });
  // The word to search for sits at the very end, far past any preview.
  for (let i = 0; i < 10; i++) ids.push(note(T0 + 60_000 + i * 1000, `${String(i).repeat(HUGE - 9)} needle-${i}`).id);
  ids.push(note(T0 + 100_000, 'short one').id);
  oversizedId = note(T0 + 110_000, 'y'.repeat(OVERSIZED)).id;
  w.close();
  served = await startServer({ sessionPath: file, port: 0, staticRoot: ui });
}, 60_000);

afterAll(async () => {
  await served?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call(method: string, params: unknown): Promise<{ status: number; bytes: number; body: any }> {
  const res = await fetch(`${served.url}api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-backflow-token': served.token },
    body: JSON.stringify(params),
  });
  const text = await res.text();
  return { status: res.status, bytes: Buffer.byteLength(text), body: JSON.parse(text) };
}

describe('the annotation list', () => {
  it('carries previews with the whole length, a few KB instead of 105 MB', async () => {
    const r = await call('annotations', {});
    expect(r.status).toBe(200);
    expect(r.bytes).toBeLessThan(16 * 1024);
    const list = (r.body as AnnotationsResult).annotations;
    expect(list).toHaveLength(12);
    const first = list[0]!;
    expect(first.preview).toHaveLength(ANNOTATION_PREVIEW_CHARS);
    expect(first).toMatchObject({ id: ids[0], previewCut: true, textLength: HUGE });
    expect(first).not.toHaveProperty('text');
    expect(list.find((a) => a.id === ids[10])).toMatchObject({
      preview: 'short one',
      previewCut: false,
      textLength: 9,
    });
  });

  it('stays small and quick with four lists at once', async () => {
    const t0 = Date.now();
    const four = await Promise.all([0, 1, 2, 3].map(() => call('annotations', {})));
    expect(four.every((r) => r.status === 200 && r.bytes < 16 * 1024)).toBe(true);
    expect(Date.now() - t0).toBeLessThan(5000); // 4 × 105 MB took 22.6 s each before
  });

  it('searches the whole texts, not the previews', async () => {
    const r = await call('annotations', { query: 'NEEDLE-7' });
    expect(r.status).toBe(200);
    expect((r.body as AnnotationsResult).annotations.map((a) => a.id)).toEqual([ids[7]]);
    expect(r.bytes).toBeLessThan(4 * 1024);
  });
});

describe('one note on demand', () => {
  it('returns the whole text of one note', async () => {
    const r = await call('annotation', { id: ids[3] });
    expect(r.status).toBe(200);
    const a = r.body as AnnotationItem;
    expect(a.text.length).toBe(HUGE);
    expect(a.text.endsWith(' needle-3')).toBe(true);
  });

  it('says which note does not exist', async () => {
    const r = await call('annotation', { id: 999_999 });
    expect(r.status).toBe(404);
    expect(r.body.error).toBe('no annotation 999999');
  });

  it('refuses an answer over the byte budget with a clear error instead of sending it', async () => {
    const r = await call('annotation', { id: oversizedId });
    expect(r.status).toBe(409);
    expect(r.bytes).toBeLessThan(1024);
    expect(r.body.error).toMatch(
      /^annotation: the answer would be over 17\.0 MB, more than the 16\.0 MB one answer may carry/,
    );
  });
});

describe('reports cut notes with a stated limit', () => {
  const marker = (n: number) =>
    `… [note cut: the first ${REPORT_NOTE_CHARS.toLocaleString('en')} of ${n.toLocaleString('en')} characters]`;

  it('the served report preview', async () => {
    const include = { transientEpisodes: true, annotations: true, checkpointTable: true, gcTable: true };
    const r = await call('reportPreview', { from: T0, to: T0 + (TICKS - 1) * POLL_MS, include });
    expect(r.status).toBe(200);
    expect(r.bytes).toBeLessThan(2 * MB); // 210 MB before
    const html = (r.body as { html: string }).html;
    // (includes, not toContain: a failure would print the whole page)
    expect(html.includes(marker(HUGE))).toBe(true);
    expect(html.includes(marker(OVERSIZED))).toBe(true);
    expect(html.includes('short one')).toBe(true);
  });

  describe('backflow report', () => {
    let cli: BuiltCli;
    beforeAll(async () => {
      cli = await buildCli();
    });
    afterAll(() => cli?.remove());

    it('writes a report of a few hundred KB, saying where notes were cut', async () => {
      for (const format of ['html', 'md']) {
        const out = path.join(dir, `report.${format}`);
        const r = await runCli(cli, ['report', file, '--out', out], dir);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        expect(statSync(out).size).toBeLessThan(2 * MB); // 200 MB before
        expect(statSync(out).size).toBeGreaterThan(10 * REPORT_NOTE_CHARS);
        expect(
          readFileSync(out, 'utf8').includes(
            `note cut: the first ${REPORT_NOTE_CHARS.toLocaleString('en')} of ${HUGE.toLocaleString('en')} characters`,
          ),
        ).toBe(true);
      }
    }, 60_000);
  });
});

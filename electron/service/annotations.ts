// Annotation calls of the contract. Reads go through the service's read-only SessionReader;
// writes through one SessionWriter, opened only when the first write comes (a viewer that never
// annotates never writes to the file). Calls are synchronous on one thread, so writes from any
// number of viewers are serialised here; a recorder writing the same file from another process
// is kept apart by SQLite's own locking (WAL, and a busy timeout on both connections).

import {
  ANNOTATION_PREVIEW_CHARS,
  ApiNotFoundError,
  ApiRefusedError,
  MAX_ANNOTATIONS,
  type AnnotationItem,
  type AnnotationsResult,
  type ApiHandlers,
} from '../../shared/api';
import { epochMs } from '../../shared/time';
import { answerMessage, SessionFileError } from '../session/errors';
import type { SessionReader } from '../session/reader';
import type { Annotation } from '../session/types';
import type { SessionWriter } from '../session/writer';
import type { Meta } from './session-cache';

type Handlers = Pick<
  ApiHandlers,
  'annotations' | 'annotation' | 'addAnnotation' | 'updateAnnotation' | 'deleteAnnotation'
>;

export interface AnnotationDeps {
  reader: SessionReader;
  meta: () => Meta;
  /** Opens the writer; absent = a read-only service (writes are refused with a clear error). */
  openWriter?: () => SessionWriter;
  /** Told after every successful write, to announce it to other viewers. */
  changed?: () => void;
}

const item = (a: Annotation): AnnotationItem => ({ ...a });

export function annotationHandlers(deps: AnnotationDeps): Handlers & { close(): void } {
  let writer: SessionWriter | null = null;
  const write = <T>(fn: (w: SessionWriter) => T): T => {
    if (!deps.openWriter) throw new ApiNotFoundError('this session is open read-only: annotations cannot be saved');
    try {
      writer ??= deps.openWriter();
      const r = fn(writer);
      deps.changed?.();
      return r;
    } catch (err) {
      // "no annotation 7" and friends are the caller's mistake, not a server failure.
      if (err instanceof SessionFileError && err.kind === 'invalid-input') throw new ApiNotFoundError(err.message);
      // A read-only file or folder is the file's state, not a server failure: say so in words.
      if (err instanceof SessionFileError && err.kind === 'read-only')
        throw new ApiRefusedError(`annotations cannot be saved: ${answerMessage(err)}`);
      // Anything else (a lock held too long by a recorder, a full disk) retires this writer; the
      // next write opens a fresh one instead of failing forever.
      writer?.close();
      writer = null;
      throw err;
    }
  };
  const checkVertex = (clusterId: number | null, jobId: string | null, vertexId: string | null): void => {
    if (clusterId === null || jobId === null || vertexId === null) return;
    if (!deps.meta().vertices.some((v) => v.clusterId === clusterId && v.jobId === jobId && v.vertexId === vertexId)) {
      throw new ApiNotFoundError(`no vertex ${vertexId} in job ${jobId} of cluster ${clusterId} in this session`);
    }
  };

  return {
    annotations(p): AnnotationsResult {
      const range =
        p.from !== undefined && p.to !== undefined
          ? { from: epochMs(Math.min(p.from, p.to)), to: epochMs(Math.max(p.from, p.to)) }
          : undefined;
      const { items, more } = deps.reader.annotationSummaries({
        ...(range === undefined ? {} : { range }),
        ...(p.query === undefined ? {} : { query: p.query }),
        previewChars: ANNOTATION_PREVIEW_CHARS,
        limit: MAX_ANNOTATIONS,
      });
      return { annotations: items, truncated: more };
    },
    annotation(p) {
      const a = deps.reader.annotation(p.id);
      if (a === null) throw new ApiNotFoundError(`no annotation ${p.id}`);
      return item(a);
    },
    addAnnotation(p) {
      checkVertex(p.clusterId, p.jobId, p.vertexId);
      return item(
        write((w) =>
          w.addAnnotation({
            start: epochMs(p.start),
            end: p.end === null ? null : epochMs(p.end),
            text: p.text,
            tag: p.tag,
            clusterId: p.clusterId,
            jobId: p.jobId,
            vertexId: p.vertexId,
            pinned: p.pinned ?? p.source === 'auto',
            source: p.source ?? 'user',
            autoKey: p.autoKey ?? null,
          }),
        ),
      );
    },
    updateAnnotation(p) {
      const patch = {
        ...(p.patch.start === undefined ? {} : { start: epochMs(p.patch.start) }),
        ...(p.patch.end === undefined ? {} : { end: p.patch.end === null ? null : epochMs(p.patch.end) }),
        ...(p.patch.text === undefined ? {} : { text: p.patch.text }),
        ...(p.patch.tag === undefined ? {} : { tag: p.patch.tag }),
        ...(p.patch.pinned === undefined ? {} : { pinned: p.patch.pinned }),
      };
      return item(write((w) => w.updateAnnotation(p.id, patch)));
    },
    deleteAnnotation(p) {
      return { deleted: write((w) => w.deleteAnnotation(p.id)) };
    },
    close() {
      writer?.close();
      writer = null;
    },
  };
}

// The open sessions of one server or window: a registry that owns one Service per open file (each
// with its own query worker), names each by a handle (s1, s2, …; the first is the default every
// call without a handle is about), lists them, compares two of them, and announces each one's new
// ticks. At most MAX_OPEN_SESSIONS at once, refused beyond with a clear error.

import path from 'node:path';
import {
  ApiNotFoundError,
  ApiRefusedError,
  MAX_OPEN_SESSIONS,
  encodeAnswer,
  type ApiHandlers,
  type LiveEvent,
  type RegistryMethod,
  type RegistryResult,
  type SessionListEntry,
  type registryParamSchemas,
} from '../../shared/api';
import type { AlignMode, CompareDocument } from '../../shared/compare/document';
import { epochMs } from '../../shared/time';
import { renderCompareHtml } from '../report/compare';
import { compareFiles } from '../report/compare-sessions';
import { analysisWorkerPath } from './analysis-worker-path';
import { compareOffThread } from './compare-run';
import { SessionReader } from '../session/reader';
import type { Answering } from './answer';
import { createService, type Service, type ServiceOptions } from './service';
import type { z } from 'zod';

export type RegistryHandlerParams<M extends RegistryMethod> = z.output<(typeof registryParamSchemas)[M]>;

/** What a bridge needs to route a call to one of several sessions. */
export interface SessionRouter {
  /** The handle a call names, or the first session's for null; ApiNotFoundError when none is open by it. */
  resolve(handle: string | null): string;
  /** The handlers of the session `handle` names (the first one for null); ApiNotFoundError when none. */
  session(handle: string | null): ApiHandlers & Partial<Answering>;
  /** A call about the open sessions as a whole (sessions, compare), encoded as the bridges send it. */
  answer<M extends RegistryMethod>(method: M, params: RegistryHandlerParams<M>): Promise<string>;
}

interface Entry {
  handle: string;
  file: string;
  reader: SessionReader;
  service: Service;
  /** Newest tick already announced. */
  lastTs: number;
}

/** Comparisons kept (the view asks again as the live session grows; the key holds both ends). */
const COMPARE_CACHE = 4;

export class SessionRegistry implements SessionRouter {
  private readonly entries = new Map<string, Entry>();
  private next = 1;
  private readonly compared = new Map<string, Promise<CompareDocument>>();
  private readonly max: number;
  /** The bundled worker entry comparisons run in; null: in this thread. */
  private readonly worker: string | null;

  constructor(
    /** The service options of one file (writer, worker, capture, …). */
    private readonly serviceOptions: (file: string, handle: string) => ServiceOptions = () => ({}),
    options: { max?: number; worker?: string | null } = {},
  ) {
    this.max = options.max ?? MAX_OPEN_SESSIONS;
    this.worker = options.worker === undefined ? analysisWorkerPath() : options.worker;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Handles of the open sessions in the order they were opened. */
  handles(): string[] {
    return [...this.entries.keys()];
  }

  /** Opens a session file (the session layer's one-line error when it is bad); its handle. */
  open(file: string): string {
    if (this.entries.size >= this.max)
      throw new ApiRefusedError(
        `at most ${this.max} sessions can be open at once (${this.entries.size} are): close one before opening ${path.basename(file)}`,
      );
    const reader = SessionReader.open(file);
    const handle = `s${this.next++}`;
    let service: Service;
    try {
      service = createService(reader, this.serviceOptions(file, handle));
    } catch (err) {
      reader.close();
      throw err;
    }
    this.entries.set(handle, { handle, file, reader, service, lastTs: reader.timeRange()?.to ?? -1 });
    return handle;
  }

  /** The file a handle names (for the shell; never sent to a page). */
  fileOf(handle: string): string | null {
    return this.entries.get(handle)?.file ?? null;
  }

  private entry(handle: string | null): Entry {
    const e = handle === null ? this.entries.values().next().value : this.entries.get(handle);
    if (!e) {
      const open = this.handles();
      throw new ApiNotFoundError(
        handle === null
          ? 'no session is open'
          : `no open session "${handle}" (open: ${open.length > 0 ? open.join(', ') : 'none'})`,
      );
    }
    return e;
  }

  resolve(handle: string | null): string {
    return this.entry(handle).handle;
  }

  session(handle: string | null): Service {
    return this.entry(handle).service;
  }

  async list(): Promise<SessionListEntry[]> {
    const out: SessionListEntry[] = [];
    for (const e of this.entries.values()) {
      const info = await e.service.sessionInfo({});
      out.push({
        handle: e.handle,
        fileName: info.fileName,
        range: info.range,
        clusters: info.clusters.length,
        jobs: info.jobs.length,
        live: info.live,
      });
    }
    return out;
  }

  /**
   * The two sessions compared by the model of `backflow compare`, off this thread when the bundle
   * has its worker; kept until either session grows.
   */
  compare(a: string, b: string, align: AlignMode = 'start'): Promise<CompareDocument> {
    const ea = this.entry(a);
    const eb = this.entry(b);
    const key = [a, b, align, ea.reader.timeRange()?.to ?? -1, eb.reader.timeRange()?.to ?? -1].join('|');
    const kept = this.compared.get(key);
    if (kept) return kept;
    const data = {
      role: 'compare' as const,
      a: { path: ea.file, label: path.basename(ea.file) },
      b: { path: eb.file, label: path.basename(eb.file) },
      mode: align,
    };
    const doc = compareOffThread(this.worker, data, () =>
      compareFiles(
        { label: data.a.label, reader: ea.reader, asked: null },
        { label: data.b.label, reader: eb.reader, asked: null },
        { mode: align },
      ),
    );
    this.compared.set(key, doc);
    // A failure is not kept: the next ask tries again.
    doc.catch(() => this.compared.delete(key));
    if (this.compared.size > COMPARE_CACHE) this.compared.delete(this.compared.keys().next().value!);
    return doc;
  }

  async answer<M extends RegistryMethod>(method: M, params: RegistryHandlerParams<M>): Promise<string> {
    let value: RegistryResult<RegistryMethod>;
    if (method === 'sessions') value = { sessions: await this.list(), max: this.max };
    else {
      const p = params as RegistryHandlerParams<'compare'>;
      const doc = await this.compare(p.a, p.b, p.align);
      value = method === 'compare' ? doc : { html: renderCompareHtml(doc) };
    }
    // Same wire shape and byte budget as every other answer.
    return encodeAnswer(method, value);
  }

  /** Announces each session's ticks written since the last look; returns how many events went out. */
  poll(publish: (event: LiveEvent, handle: string) => void): number {
    let sent = 0;
    for (const e of this.entries.values()) {
      try {
        const range = e.reader.timeRange();
        if (!range || range.to <= e.lastTs) continue;
        const fresh = e.reader.ticks({ from: epochMs(e.lastTs + 1), to: range.to });
        e.lastTs = range.to;
        const newest = new Map(fresh.map((t) => [t.clusterId, t.ts]));
        for (const [clusterId, ts] of newest) {
          publish({ type: 'tick', clusterId, ts, tickCount: fresh.length }, e.handle);
          sent++;
        }
      } catch {
        // A file momentarily busy with a write is read again on the next poll.
      }
    }
    return sent;
  }

  /** Closes one session (reader first: the writer then folds its WAL back). */
  close(handle: string): void {
    const e = this.entries.get(handle);
    if (!e) return;
    this.entries.delete(handle);
    e.reader.close();
    e.service.close();
  }

  closeAll(): void {
    for (const h of this.handles()) this.close(h);
  }
}

// A client for the Prometheus HTTP API (Prometheus, Thanos, Mimir, VictoriaMetrics answer the same):
// range queries split by time so no series exceeds the 11,000-point limit and no answer grows past
// a sample budget, series and label discovery. Connection options, auth, TLS, timeouts, retries of
// 5xx and bounded concurrency are the Flink client's transport's; answers are checked with zod.

import type { z } from 'zod';
import { resolveConnection, type FlinkConnectionOptions } from '../flink/connection';
import { FlinkApiError } from '../flink/errors';
import { describeZodError } from '../flink/schemas/common';
import { Transport, type TransportDialect, type TransportStats } from '../flink/transport';
import { fromTransportError, PrometheusApiError, prometheusErrorSummary } from './errors';
import { visitMatrix, type SeriesSink } from './matrix';
import { mergeChunks, splitRange, type QueryRange, type RangeSeries } from './range';
import { envelopeSchema, matrixSchema, namesSchema, seriesSchema, type LabelSet } from './schemas';

/** The same options as a Flink connection: URL with an optional path prefix, headers, auth, TLS, limits. */
export type PrometheusConnectionOptions = FlinkConnectionOptions;

const PROMETHEUS_DIALECT: TransportDialect = {
  gatekeeper: 'the store or the proxy in front of it',
  errorSummary: prometheusErrorSummary,
};

/** Range queries are heavier than a JobManager's metric reads: a longer deadline and larger answers. */
const DEFAULTS = { timeoutMs: 60_000, maxBodyBytes: 128 * 1024 * 1024 } as const;
/** Samples per answer (series × points) one chunk aims at, so no single answer is huge. */
const DEFAULT_SAMPLES_PER_ANSWER = 500_000;

export interface RangeQueryOptions {
  /** How many series the query is expected to return, to size the chunks (default 1). */
  expectedSeries?: number;
  /** Samples per answer to aim at (default 500,000). */
  samplesPerAnswer?: number;
}

export interface TimeWindow {
  start: number;
  end: number;
}

/** Unix seconds with millisecond precision, as the API takes them. */
const seconds = (ms: number): string => (ms / 1000).toFixed(3).replace(/\.?0+$/, '');

function form(params: Array<[string, string]>): string {
  return params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

export class PrometheusClient {
  readonly redactedUrl: string;
  /** Warnings the store attached to successful answers (e.g. partial data from a Thanos store). */
  readonly warnings: string[] = [];
  private readonly transport: Transport;

  constructor(options: PrometheusConnectionOptions) {
    const conn = resolveConnection({ ...DEFAULTS, ...options }, 'Prometheus');
    this.redactedUrl = conn.redactedUrl;
    this.transport = new Transport(conn, PROMETHEUS_DIALECT);
  }

  get stats(): TransportStats {
    return this.transport.stats;
  }

  close(): void {
    this.transport.close();
  }

  /** `query` evaluated over the range; chunks run concurrently within the connection's limit. */
  async queryRange(query: string, range: QueryRange, opts: RangeQueryOptions = {}): Promise<RangeSeries[]> {
    const series = Math.max(1, opts.expectedSeries ?? 1);
    const chunks = splitRange(range, (opts.samplesPerAnswer ?? DEFAULT_SAMPLES_PER_ANSWER) / series);
    const answers = await Promise.all(
      chunks.map((c) =>
        this.get(
          '/api/v1/query_range',
          [
            ['query', query],
            ['start', seconds(c.start)],
            ['end', seconds(c.end)],
            ['step', seconds(c.stepMs)],
          ],
          matrixSchema,
        ),
      ),
    );
    return mergeChunks(answers.map((a) => a.result));
  }

  /**
   * `query` over the range, each chunk's samples handed to `sink` as its answer arrives (in no
   * particular order across chunks), so no answer outlives its reading.
   */
  async queryRangeInto(
    query: string,
    range: QueryRange,
    sink: SeriesSink,
    opts: RangeQueryOptions = {},
  ): Promise<void> {
    const series = Math.max(1, opts.expectedSeries ?? 1);
    const chunks = splitRange(range, (opts.samplesPerAnswer ?? DEFAULT_SAMPLES_PER_ANSWER) / series);
    await Promise.all(
      chunks.map(async (c) => {
        const path = '/api/v1/query_range';
        const data = await this.getData(path, [
          ['query', query],
          ['start', seconds(c.start)],
          ['end', seconds(c.end)],
          ['step', seconds(c.stepMs)],
        ]);
        visitMatrix(path, data, sink);
      }),
    );
  }

  /** The raw samples of `selector` in the `rangeMs` before `at`, with the store's own timestamps (a range-vector instant query). */
  async rawSamples(selector: string, rangeMs: number, at: number): Promise<RangeSeries[]> {
    const data = await this.get(
      '/api/v1/query',
      [
        ['query', `${selector}[${Math.max(1, Math.round(rangeMs))}ms]`],
        ['time', seconds(at)],
      ],
      matrixSchema,
    );
    return mergeChunks([data.result]);
  }

  /** The label sets of the series matching any of `match` in the window. */
  series(match: string[], window: TimeWindow): Promise<LabelSet[]> {
    if (match.length === 0) throw new Error('series needs at least one selector');
    return this.get(
      '/api/v1/series',
      [...this.windowParams(window), ...match.map((m): [string, string] => ['match[]', m])],
      seriesSchema,
    );
  }

  /** Label names, of the series matching `match` when given. */
  labels(window: TimeWindow, match: string[] = []): Promise<string[]> {
    return this.get(
      '/api/v1/labels',
      [...this.windowParams(window), ...match.map((m): [string, string] => ['match[]', m])],
      namesSchema,
    );
  }

  /** The values one label takes, of the series matching `match` when given. */
  labelValues(name: string, window: TimeWindow, match: string[] = []): Promise<string[]> {
    const params = [...this.windowParams(window), ...match.map((m): [string, string] => ['match[]', m])];
    return this.get(`/api/v1/label/${encodeURIComponent(name)}/values`, params, namesSchema);
  }

  private windowParams(w: TimeWindow): Array<[string, string]> {
    return [
      ['start', seconds(w.start)],
      ['end', seconds(w.end)],
    ];
  }

  private async get<S extends z.ZodType>(
    path: string,
    params: Array<[string, string]>,
    schema: S,
  ): Promise<z.output<S>> {
    const parsed = schema.safeParse(await this.getData(path, params));
    if (!parsed.success) {
      const { field, message } = describeZodError(parsed.error);
      throw new PrometheusApiError('schema', `GET ${path}: unexpected answer at data.${field}: ${message}`);
    }
    return parsed.data;
  }

  /** The envelope's `data` of a successful answer. */
  private async getData(path: string, params: Array<[string, string]>): Promise<unknown> {
    let body: unknown;
    try {
      body = await this.transport.getJson(path, form(params));
    } catch (e) {
      throw e instanceof FlinkApiError ? fromTransportError(e, this.redactedUrl) : e;
    }
    const envelope = envelopeSchema.safeParse(body);
    if (!envelope.success) {
      throw new PrometheusApiError(
        'not-prometheus',
        `GET ${path}: ${this.redactedUrl} answered JSON without the Prometheus API's "status" envelope: not a Prometheus API`,
      );
    }
    const { status, data, errorType, error, warnings } = envelope.data;
    if (status === 'error') {
      throw new PrometheusApiError(
        'query',
        `GET ${path}: the store refused the query: ${errorType ?? 'error'}: ${error ?? '(no reason given)'}`,
      );
    }
    if (warnings) this.warnings.push(...warnings);
    return data;
  }
}

// `/jobs/:jid/exceptions`, normalised to one shape. 1.13–1.20 send both the legacy fields and
// `exceptionHistory`; 2.0+ only `exceptionHistory`; ≤1.12 only the legacy fields.
// `location` became `endpoint` in 1.19 and is gone in 2.0.

import { z } from 'zod';

export interface ExceptionEntry {
  exceptionName: string;
  stacktrace: string;
  timestamp: number;
  taskName: string | null;
  /** `endpoint` (1.19+) or legacy `location`, "host:port". */
  endpoint: string | null;
  taskManagerId: string | null;
  failureLabels: Record<string, string>;
  concurrentExceptions: ExceptionEntry[];
}

export interface JobExceptions {
  /** Newest first, as Flink lists them. */
  entries: ExceptionEntry[];
  truncated: boolean;
}

const baseHistoryEntry = z.object({
  exceptionName: z.string(),
  stacktrace: z.string(),
  timestamp: z.number(),
  taskName: z.string().nullable().optional(),
  location: z.string().nullable().optional(),
  endpoint: z.string().nullable().optional(),
  taskManagerId: z.string().nullable().optional(),
  failureLabels: z.record(z.string(), z.string()).optional(),
});

const historyEntry = baseHistoryEntry.extend({ concurrentExceptions: z.array(baseHistoryEntry).optional() });

const legacyTaskException = z.object({
  exception: z.string(),
  task: z.string().nullable().optional(),
  location: z.string().nullable().optional(),
  timestamp: z.number(),
  taskManagerId: z.string().nullable().optional(),
});

function fromHistory(e: z.output<typeof baseHistoryEntry>, concurrent: ExceptionEntry[]): ExceptionEntry {
  return {
    exceptionName: e.exceptionName,
    stacktrace: e.stacktrace,
    timestamp: e.timestamp,
    taskName: e.taskName ?? null,
    endpoint: e.endpoint ?? e.location ?? null,
    taskManagerId: e.taskManagerId ?? null,
    failureLabels: e.failureLabels ?? {},
    concurrentExceptions: concurrent,
  };
}

/** `java.io.IOException: disk full\n\tat …` → `java.io.IOException`. */
export function exceptionNameOf(stacktrace: string): string {
  const first = stacktrace.split('\n')[0] ?? '';
  const colon = first.indexOf(':');
  return (colon >= 0 ? first.slice(0, colon) : first).trim();
}

export const exceptionsSchema = z
  .object({
    'root-exception': z.string().nullable().optional(),
    timestamp: z.number().nullable().optional(),
    'all-exceptions': z.array(legacyTaskException).optional(),
    truncated: z.boolean().optional(),
    exceptionHistory: z.object({ entries: z.array(historyEntry), truncated: z.boolean() }).optional(),
  })
  .transform((r): JobExceptions => {
    if (r.exceptionHistory) {
      return {
        entries: r.exceptionHistory.entries.map((e) =>
          fromHistory(
            e,
            (e.concurrentExceptions ?? []).map((c) => fromHistory(c, [])),
          ),
        ),
        truncated: r.exceptionHistory.truncated,
      };
    }
    const entries: ExceptionEntry[] = [];
    const root = r['root-exception'];
    if (root) {
      entries.push({
        exceptionName: exceptionNameOf(root),
        stacktrace: root,
        timestamp: r.timestamp ?? 0,
        taskName: null,
        endpoint: null,
        taskManagerId: null,
        failureLabels: {},
        concurrentExceptions: [],
      });
    }
    for (const t of r['all-exceptions'] ?? []) {
      entries.push({
        exceptionName: exceptionNameOf(t.exception),
        stacktrace: t.exception,
        timestamp: t.timestamp,
        taskName: t.task ?? null,
        endpoint: t.location ?? null,
        taskManagerId: t.taskManagerId ?? null,
        failureLabels: {},
        concurrentExceptions: [],
      });
    }
    return { entries, truncated: r.truncated ?? false };
  });

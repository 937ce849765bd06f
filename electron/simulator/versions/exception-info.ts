// /jobs/:jid/exceptions: legacy root-exception/all-exceptions (until 1.20) and the exception
// history (1.13+); entries carry `location` (until 1.20) and/or `endpoint` (1.19+).

import type { SimException } from '../types';
import type { WireContext } from './context';
import { findJob } from './context';
import { RestError } from './errors';

function where(ctx: WireContext, e: SimException) {
  const p = ctx.profile;
  if (e.endpoint === null) return {};
  return {
    ...(p.exceptionLocation ? { location: e.endpoint } : {}),
    ...(p.exceptionEndpoint ? { endpoint: e.endpoint } : {}),
  };
}

// taskManagerId joined the exception entries in 1.18 (absent from the 1.16 and 1.17 specs).
function tmId(ctx: WireContext, e: SimException) {
  return ctx.profile.exceptionTaskManagerId && e.taskManagerId !== null ? { taskManagerId: e.taskManagerId } : {};
}

export function exceptions(ctx: WireContext, jobId: string, query: URLSearchParams) {
  const p = ctx.profile;
  const job = findJob(ctx, jobId);
  const rawMax = query.get('maxExceptions');
  if (rawMax !== null && !/^\d+$/.test(rawMax)) {
    throw new RestError(
      400,
      `Bad request, could not parse parameters: Cannot resolve query parameter (maxExceptions) from value "${rawMax}".`,
    );
  }
  const max = rawMax === null ? 20 : Number(rawMax);
  const newestFirst = [...job.exceptions].sort((a, b) => b.ts - a.ts);
  const kept = newestFirst.slice(0, ctx.config.exceptionHistorySize);
  const shown = kept.slice(0, max);
  const out: Record<string, unknown> = {};
  if (p.legacyExceptions) {
    const root = newestFirst[0];
    if (root) {
      out['root-exception'] = root.stacktrace;
      out.timestamp = Math.round(root.ts);
    }
    const tasks = newestFirst.filter((e) => e.taskName !== null);
    out['all-exceptions'] = tasks.slice(0, max).map((e) => ({
      exception: e.stacktrace,
      task: e.taskName,
      ...where(ctx, e),
      timestamp: Math.round(e.ts),
      ...tmId(ctx, e),
    }));
    out.truncated = tasks.length > max;
  }
  if (p.exceptionHistory) {
    out.exceptionHistory = {
      entries: shown.map((e) => ({
        exceptionName: e.exceptionName,
        stacktrace: e.stacktrace,
        timestamp: Math.round(e.ts),
        ...(e.taskName !== null ? { taskName: e.taskName } : {}),
        ...where(ctx, e),
        ...tmId(ctx, e),
        ...(p.failureLabels ? { failureLabels: {} } : {}),
        concurrentExceptions: [],
      })),
      truncated: kept.length > shown.length,
    };
  }
  return out;
}

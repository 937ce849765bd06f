// The live status line of `backflow record` / `backflow demo`.
import type { RecorderStatus } from '../recorder/recorder';
import { formatDuration } from '../../shared/time';

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} kB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

export function formatStatusLine(s: RecorderStatus, bytesWritten: number): string {
  const clusters = s.clusters.map((c) => {
    const name = `c${c.clusterId}`;
    if (c.lastStatus === null) return `${name} connecting`;
    if (c.lastStatus === 'error') return `${name} FAILING: ${c.lastError ?? 'error'}`;
    const state = c.lastStatus === 'partial' ? 'PARTIAL' : 'OK';
    const skipped = [
      c.lastSkipped.vertices > 0 ? `${c.lastSkipped.vertices} vertices not polled` : '',
      c.lastSkipped.requests > 0 ? `${c.lastSkipped.requests} req not asked` : '',
    ].filter(Boolean);
    return `${name} ${state} ${c.lastLatencyMs ?? 0}ms ${c.lastRequests} req/tick${skipped.length ? ` (${skipped.join(', ')})` : ''}`;
  });
  return [formatDuration(s.now - s.startedAt), `${s.ticks} ticks`, ...clusters, formatBytes(bytesWritten)].join(' · ');
}

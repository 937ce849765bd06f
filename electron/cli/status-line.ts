// The live status line of `backflow record` / `backflow demo`.
import type { RecorderStatus } from '../recorder/recorder';
import { formatDuration } from '../../shared/time';
import { formatBytes } from '../../shared/bytes';

export { formatBytes };

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

// A request path as the route Flink's REST API declares it, so answers from two clusters (real
// and simulated, with different job, vertex and TaskManager ids) can be put side by side.

const HEX32 = /^[0-9a-f]{32}$/;

/**
 * `/jobs/4f…/vertices/bc…/subtasks/metrics?get=a,b&agg=sum` → `/jobs/:jobid/vertices/:vertexid/subtasks/metrics?get&agg`.
 * Query values are dropped (they name metrics), their keys kept (with `get` the answer is values,
 * without it the list of metric ids).
 */
export function routeOf(url: string): string {
  const u = new URL(url, 'http://x');
  const parts = u.pathname.split('/').filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = decodeURIComponent(parts[i]!);
    const parent = out[out.length - 1];
    if (parent === 'jobs' && p !== 'overview' && p !== 'metrics') out.push(':jobid');
    else if (parent === 'vertices' || (parent === 'subtasks' && HEX32.test(p))) out.push(':vertexid');
    else if (parent === 'taskmanagers' && p !== 'metrics') out.push(':taskmanagerid');
    else if (parent === 'details' && /^\d+$/.test(p)) out.push(':checkpointid');
    else if (parent === 'subtasks' && /^\d+$/.test(p)) out.push(':subtaskindex');
    else if (parent === 'attempts' && /^\d+$/.test(p)) out.push(':attempt');
    else out.push(p);
  }
  const keys = [...new Set([...u.searchParams.keys()])].sort();
  return `/${out.join('/')}${keys.length ? `?${keys.join('&')}` : ''}`;
}

/** A file name for a route: `/jobs/:jobid/plan` → `jobs_jobid_plan`. */
export function routeSlug(route: string): string {
  return route.replace(/^\//, '').replace(/[/:?&=]+/g, '_').replace(/_+$/, '') || 'root';
}

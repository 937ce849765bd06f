// A request path as the route Flink's REST API declares it: `/jobs/4f…/vertices/bc…/backpressure`
// → `/jobs/:jobid/vertices/:vertexid/backpressure`. Problems are counted per route (a slow
// endpoint is slow for every vertex), and answers from two clusters compared per route.

const HEX32 = /^[0-9a-f]{32}$/;

/** The route of a path (query keys appended, sorted, when `query` is set: with `get` the answer differs). */
export function routeOf(url: string, { query = false }: { query?: boolean } = {}): string {
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
  const keys = query ? [...new Set([...u.searchParams.keys()])].sort() : [];
  return `/${out.join('/')}${keys.length ? `?${keys.join('&')}` : ''}`;
}

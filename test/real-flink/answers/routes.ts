// Routes of captured requests: Flink's declared route plus the query keys (with `get` the
// answer is values, without it the list of metric ids). The naming itself is the client's.
import { routeOf as clientRouteOf } from '../../../electron/flink/routes';

export function routeOf(url: string): string {
  return clientRouteOf(url, { query: true });
}

/** A file name for a route: `/jobs/:jobid/plan` → `jobs_jobid_plan`. */
export function routeSlug(route: string): string {
  return (
    route
      .replace(/^\//, '')
      .replace(/[/:?&=]+/g, '_')
      .replace(/_+$/, '') || 'root'
  );
}

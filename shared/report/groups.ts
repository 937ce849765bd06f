// A report of several clusters or jobs lists its incidents under a heading per cluster and job:
// the groups in the session's order (cluster by cluster), the incidents by rank within each.

export interface ReportGroup<T> {
  /** `job (cluster)`; null when the report covers one job (no heading at all). */
  heading: string | null;
  /** The items with their index in the whole list (anchors and ids stay those of the whole list). */
  items: { item: T; index: number }[];
}

export function groupByClusterJob<T extends { cluster: string; jobName: string }>(
  items: readonly T[],
  jobs: readonly { cluster: string; name: string }[],
): ReportGroup<T>[] {
  const key = (cluster: string, job: string) => `${cluster}\u0000${job}`;
  const indexed = items.map((item, index) => ({ item, index }));
  if (jobs.length <= 1) return indexed.length > 0 ? [{ heading: null, items: indexed }] : [];
  const order = new Map<string, number>();
  jobs.forEach((j, k) => {
    const id = key(j.cluster, j.name);
    if (!order.has(id)) order.set(id, k);
  });
  const groups = new Map<string, ReportGroup<T>>();
  for (const x of indexed) {
    const id = key(x.item.cluster, x.item.jobName);
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { heading: `${x.item.jobName} (${x.item.cluster})`, items: [] }));
    g.items.push(x);
  }
  const rank = (id: string) => order.get(id) ?? Number.MAX_SAFE_INTEGER;
  return [...groups.entries()].sort((a, b) => rank(a[0]) - rank(b[0])).map(([, g]) => g);
}

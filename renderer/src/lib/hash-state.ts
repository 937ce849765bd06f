// Deep-link state in the URL fragment: `#from=…&to=…&t=…&v=<cluster>~<job>~<vertex>`, so a copied
// URL reopens the same window, cursor and vertex. The link `backflow serve` prints adds
// `token=…` (the fragment never reaches a server or its logs); the page takes the token out of
// the address at once (lib/token.ts), so a link shared from the address bar carries the view only.

export interface VertexRef {
  clusterId: number;
  jobId: string;
  vertexId: string;
}

/** How a vertex is written in links and form values: `cluster~job~vertex` (`~` is never escaped in a URL). */
const VERTEX_SEP = '~';

export function formatVertexRef(v: VertexRef): string {
  return [v.clusterId, v.jobId, v.vertexId].join(VERTEX_SEP);
}

/** The vertex a `cluster~job~vertex` string names, or null when it names none. */
export function parseVertexRef(text: string): VertexRef | null {
  const [c, job, vid] = text.split(VERTEX_SEP);
  const clusterId = Number(c);
  return Number.isInteger(clusterId) && clusterId > 0 && job && vid ? { clusterId, jobId: job, vertexId: vid } : null;
}

export interface HashState {
  token: string | null;
  from: number | null;
  to: number | null;
  cursor: number | null;
  vertex: VertexRef | null;
}

function num(v: string | null): number | null {
  if (v === null || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

export function parseHash(hash: string, search = ''): HashState {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const q = new URLSearchParams(search.replace(/^\?/, ''));
  const v = p.get('v');
  const vertex = v ? parseVertexRef(v) : null;
  let from = num(p.get('from'));
  let to = num(p.get('to'));
  if (from !== null && to !== null && from >= to) from = to = null;
  return { token: p.get('token') ?? q.get('token'), from, to, cursor: num(p.get('t')), vertex };
}

export function formatHash(s: HashState): string {
  const p = new URLSearchParams();
  if (s.token) p.set('token', s.token);
  if (s.from !== null && s.to !== null) {
    p.set('from', String(Math.round(s.from)));
    p.set('to', String(Math.round(s.to)));
  }
  if (s.cursor !== null) p.set('t', String(Math.round(s.cursor)));
  if (s.vertex) p.set('v', formatVertexRef(s.vertex));
  return `#${p.toString().replaceAll('%7E', '~')}`;
}

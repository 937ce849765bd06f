// Captured answers on disk (test/fixtures/real-flink/<version>/): per route a few whole answers,
// chosen so that together they show every key and JSON kind the route answered with.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Exchange } from './proxy';
import { routeSlug } from './routes';
import { addToShape, compareShapes, emptyShape, type Shape } from './shape';

export interface RouteAnswers {
  route: string;
  /** How many times the recorder asked this route during the capture. */
  asked: number;
  answers: Array<{ url: string; status: number; body: unknown }>;
}

export interface CaptureIndex {
  /** The exact version the cluster reported (`/config` flink-version). */
  flinkVersion: string;
  capturedAt: string;
  /** How the answers were produced (command, jobs). */
  how: string;
  routes: Record<string, number>;
}

/** Answers kept per route: the first, then each one that widens the route's shape. */
const KEEP_PER_ROUTE = 6;

function parse(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

export function groupAnswers(exchanges: readonly Exchange[]): RouteAnswers[] {
  const byRoute = new Map<string, { entry: RouteAnswers; shape: Shape }>();
  for (const x of exchanges) {
    let g = byRoute.get(x.route);
    if (!g) byRoute.set(x.route, (g = { entry: { route: x.route, asked: 0, answers: [] }, shape: emptyShape() }));
    g.entry.asked++;
    const body = parse(x.body);
    const before = JSON.stringify(describe(g.shape));
    addToShape(g.shape, body);
    const widened = JSON.stringify(describe(g.shape)) !== before;
    const statusSeen = g.entry.answers.some((a) => a.status === x.status);
    if (g.entry.answers.length < KEEP_PER_ROUTE && (widened || !statusSeen))
      g.entry.answers.push({ url: x.url, status: x.status, body });
  }
  return [...byRoute.values()].map((g) => g.entry).sort((a, b) => a.route.localeCompare(b.route));
}

/** A shape as plain data (for telling whether an answer widened it). */
function describe(s: Shape): unknown {
  return {
    k: [...s.kinds].sort(),
    o: [...s.keys].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, describe(v)]),
    i: s.items && describe(s.items),
  };
}

export function saveAnswers(dir: string, index: Omit<CaptureIndex, 'routes'>, routes: readonly RouteAnswers[]): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const r of routes)
    writeFileSync(path.join(dir, `${routeSlug(r.route)}.json`), `${JSON.stringify(r, null, 1)}\n`);
  const full: CaptureIndex = { ...index, routes: Object.fromEntries(routes.map((r) => [r.route, r.asked])) };
  writeFileSync(path.join(dir, 'index.json'), `${JSON.stringify(full, null, 2)}\n`);
}

export function loadAnswers(dir: string): { index: CaptureIndex; routes: RouteAnswers[] } {
  const index = JSON.parse(readFileSync(path.join(dir, 'index.json'), 'utf8')) as CaptureIndex;
  const routes = readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== 'index.json')
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as RouteAnswers);
  return { index, routes };
}

/** Shape differences per route between real answers and simulated ones (only successful answers). */
export function compareRoutes(
  real: readonly RouteAnswers[],
  simulated: readonly RouteAnswers[],
): Map<string, string[]> {
  const sim = new Map(simulated.map((r) => [r.route, r]));
  const out = new Map<string, string[]>();
  for (const r of real) {
    const ok = r.answers.filter((a) => a.status === 200).map((a) => a.body);
    if (ok.length === 0) continue;
    const s = sim.get(r.route);
    const simOk = s?.answers.filter((a) => a.status === 200).map((a) => a.body) ?? [];
    if (simOk.length === 0) {
      out.set(r.route, ['never answered by the simulator during the same recording']);
      continue;
    }
    const diff = compareShapes(shapeOf(ok), shapeOf(simOk));
    if (diff.length > 0) out.set(r.route, diff);
  }
  return out;
}

function shapeOf(values: readonly unknown[]): Shape {
  const s = emptyShape();
  for (const v of values) addToShape(s, v);
  return s;
}

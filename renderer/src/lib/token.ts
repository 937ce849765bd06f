// The served mode's per-run access token, kept apart from the view. The link `backflow serve`
// prints carries it in the fragment; the page moves it into this origin's storage and leaves
// only the view (window, cursor, vertex) in the address, so a copied link shares the view, never
// the token. When the server restarts (a new token), the page asks for the new link or token and
// keeps the view it shows.

import { formatHash, parseHash, type HashState } from './hash-state';

const KEY = 'backflow.token';
/** What `backflow serve` makes (server/listen.ts accepts at least 16 of these characters). */
const TOKEN = /^[A-Za-z0-9_-]{16,}$/;

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function savedToken(): string | null {
  return storage()?.getItem(KEY) ?? null;
}

export function saveToken(token: string): void {
  storage()?.setItem(KEY, token);
}

export function forgetToken(): void {
  storage()?.removeItem(KEY);
}

/** The view of a parsed address, without its token. */
export const viewOf = (s: HashState): HashState => ({ ...s, token: null });

/**
 * The token for this page: the one in the address (saved, and taken out of the address), else
 * the one saved by an earlier visit; null when there is neither.
 */
export function takeToken(loc: Location = location, hist: History = history): string | null {
  const s = parseHash(loc.hash, loc.search);
  if (s.token) {
    saveToken(s.token);
    const search = new URLSearchParams(loc.search);
    search.delete('token');
    const q = search.toString();
    hist.replaceState(hist.state, '', `${loc.pathname}${q ? `?${q}` : ''}${formatHash(viewOf(s))}`);
    return s.token;
  }
  return savedToken();
}

export type TokenInput = { token: string; origin: string | null } | null;

/**
 * What the user pasted into the token prompt: the whole link `backflow serve` printed (its token,
 * and its origin when the server moved to another port), or the token alone. null: neither.
 */
export function parseTokenInput(text: string): TokenInput {
  const s = text.trim();
  if (TOKEN.test(s)) return { token: s, origin: null };
  try {
    const u = new URL(s);
    const token = parseHash(u.hash, u.search).token;
    return token && TOKEN.test(token) ? { token, origin: u.origin } : null;
  } catch {
    return null;
  }
}

/** Where to go after the user gave a token: the same view, on the server that printed it. */
export function resumeUrl(
  input: NonNullable<TokenInput>,
  loc: { origin: string; pathname: string; hash: string; search: string },
): string {
  const view = viewOf(parseHash(loc.hash, loc.search));
  if (!input.origin || input.origin === loc.origin) return `${loc.pathname}${formatHash(view)}`;
  // Another port: the token travels in the new address (the new origin has its own storage).
  return `${input.origin}/${formatHash({ ...view, token: input.token })}`;
}

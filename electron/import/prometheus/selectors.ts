// The user's `--match` selector joined into the importer's own: `{cluster="prod"}` or
// `cluster="prod"` adds its matchers to every query, so several clusters in one store stay apart.

/** The label matchers inside a `--match` value, without braces; '' for none. Throws on an unbalanced value. */
export function matchersOf(match: string | undefined): string {
  const m = (match ?? '').trim();
  if (m === '') return '';
  const inner = m.startsWith('{') ? (m.endsWith('}') ? m.slice(1, -1) : null) : m.endsWith('}') ? null : m;
  if (inner === null || /^[a-zA-Z_:][a-zA-Z0-9_:]*\{/.test(m)) {
    throw new Error(`--match takes label matchers such as '{cluster="prod"}', got ${JSON.stringify(match)}`);
  }
  return inner.trim().replace(/,\s*$/, '');
}

/** `selector` (`name{…}` or `{…}`) with `extra` matchers added. */
export function withMatchers(selector: string, extra: string): string {
  if (extra === '') return selector;
  if (!selector.endsWith('}')) return `${selector}{${extra}}`;
  const body = selector.slice(0, -1);
  return body.endsWith('{') ? `${body}${extra}}` : `${body},${extra}}`;
}

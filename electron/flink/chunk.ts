// Flink's Netty REST server rejects request lines over 4096 bytes (it then answers for a fake
// "/bad-request" path). Per-subtask metric ids are long (`17.Shuffle.Netty.Input.Buffers.…`), so
// `get=` lists are split so every encoded line `GET <path>?get=<ids> HTTP/1.1` stays short.

/** Encodes one metric id for a `get=` list; the commas between ids stay literal. */
export function encodeMetricId(id: string): string {
  return encodeURIComponent(id);
}

/** The query string (without `?`) for a `get=` list. */
export function metricQuery(ids: readonly string[]): string {
  return `get=${ids.map(encodeMetricId).join(',')}`;
}

/** Length of the HTTP/1.1 request line for `path?get=ids`. */
export function requestLineLength(path: string, ids: readonly string[]): number {
  return `GET ${path}?${metricQuery(ids)} HTTP/1.1`.length;
}

/**
 * Splits `ids` into groups whose request line (`GET <pathPrefix>?get=… HTTP/1.1`) is at most
 * `maxLine` bytes. `pathPrefix` is the full server path, including any proxy prefix. Order is kept.
 * Throws when a single id cannot fit.
 */
export function chunkMetricIds(pathPrefix: string, ids: readonly string[], maxLine = 3500): string[][] {
  const fixed = `GET ${pathPrefix}?get= HTTP/1.1`.length;
  const chunks: string[][] = [];
  let current: string[] = [];
  let length = fixed;
  for (const id of ids) {
    const enc = encodeMetricId(id).length;
    if (fixed + enc > maxLine) {
      throw new Error(
        `metric id "${id.slice(0, 80)}" is too long for one request line (${fixed + enc} > ${maxLine} bytes)`,
      );
    }
    const add = (current.length > 0 ? 1 : 0) + enc;
    if (length + add > maxLine) {
      chunks.push(current);
      current = [];
      length = fixed;
      length += enc;
    } else {
      length += add;
    }
    current.push(id);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

// TaskManagerFrame values as a small blob: varint count, then (varint metricId, float64 LE) pairs.
// Exact (NaN and ±Infinity survive, which JSON would not keep).

export function encodeTaskManagerValues(entries: ReadonlyArray<readonly [number, number]>): Buffer {
  const buf = Buffer.alloc(1 + entries.length * 10);
  let p = 0;
  buf[p++] = entries.length;
  if (entries.length > 255) throw new RangeError('too many TaskManager metrics');
  for (const [id, value] of entries) {
    if (!(id >= 0 && id <= 255)) throw new RangeError(`TaskManager metric id ${id} does not fit one byte`);
    buf[p++] = id;
    p = buf.writeDoubleLE(value, p);
  }
  return buf.subarray(0, p);
}

export function decodeTaskManagerValues(data: Uint8Array): Array<[number, number]> {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const n = buf[0] ?? 0;
  if (buf.length !== 1 + n * 9)
    throw new RangeError(`TaskManager frame of ${buf.length} bytes does not hold ${n} values`);
  const out: Array<[number, number]> = [];
  for (let i = 0, p = 1; i < n; i++, p += 9) out.push([buf[p]!, buf.readDoubleLE(p + 1)]);
  return out;
}

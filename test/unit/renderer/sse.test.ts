import { describe, expect, it } from 'vitest';
import { SseParser } from '../../../renderer/src/lib/sse';

const bytes = (s: string) => new TextEncoder().encode(s);

/** The data of every event, the stream fed in the given pieces. */
function parse(chunks: Uint8Array[]): string[] {
  const out: string[] = [];
  const p = new SseParser((d) => out.push(d));
  for (const c of chunks) p.push(c);
  return out;
}

// A multi-byte character in each event (2, 3 and 4 bytes), comments, both line ends.
const STREAM =
  ': connected\n\n' +
  'event: tick\ndata: {"name":"é"}\n\n' +
  ': keep-alive\r\n\r\n' +
  'event: annotations\r\ndata: {"note":"€ 5"}\r\n\r\n' +
  'data: first\ndata:second 🐟\n\n';
const EVENTS = ['{"name":"é"}', '{"note":"€ 5"}', 'first\nsecond 🐟'];

describe('SseParser', () => {
  it('reads events whole, comments and other fields left out', () => {
    expect(parse([bytes(STREAM)])).toEqual(EVENTS);
  });

  it('reads the same events whatever byte the stream is split at', () => {
    const all = bytes(STREAM);
    for (let i = 0; i <= all.length; i++) {
      expect(parse([all.subarray(0, i), all.subarray(i)]), `split at ${i}`).toEqual(EVENTS);
    }
  });

  it('reads the same events one byte at a time', () => {
    const all = bytes(STREAM);
    expect(parse([...all].map((b) => Uint8Array.of(b)))).toEqual(EVENTS);
  });

  it('takes a lone CR as a line end once the next byte shows it is not half of a CRLF', () => {
    expect(parse([bytes('data: a\r'), bytes('\r'), bytes('data: b\r\r')])).toEqual(['a']);
    expect(parse([bytes('data: a\r'), bytes('\r'), bytes('data: b\r\r'), bytes(':')])).toEqual(['a', 'b']);
  });

  it('strips one space after the colon only', () => {
    expect(parse([bytes('data:  two\n\n')])).toEqual([' two']);
  });

  it('skips events without data and holds an event until its blank line', () => {
    const out: string[] = [];
    const p = new SseParser((d) => out.push(d));
    p.push(bytes('event: tick\n\ndata: x\n'));
    expect(out).toEqual([]);
    p.push(bytes('\n'));
    expect(out).toEqual(['x']);
  });
});

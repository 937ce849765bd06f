// A text/event-stream reader for fetch bodies (EventSource cannot send the token header). Bytes
// arrive in arbitrary chunks: a UTF-8 character, a CRLF or a field may be split between two.

const EOL = /\r\n|\r|\n/g;

/** Calls `onData` with each event's data (its `data` lines joined by \n); events without data are skipped. */
export class SseParser {
  private readonly decoder = new TextDecoder();
  private pending = '';
  private data: string[] = [];

  constructor(private readonly onData: (data: string) => void) {}

  push(chunk: Uint8Array): void {
    const text = this.pending + this.decoder.decode(chunk, { stream: true });
    let start = 0;
    EOL.lastIndex = 0;
    for (let m = EOL.exec(text); m; m = EOL.exec(text)) {
      // A CR last in the text may be half of a CRLF whose LF is in the next chunk.
      if (m[0] === '\r' && m.index === text.length - 1) break;
      this.line(text.slice(start, m.index));
      start = EOL.lastIndex;
    }
    this.pending = text.slice(start);
  }

  private line(line: string): void {
    if (line === '') {
      const data = this.data.join('\n');
      this.data = [];
      if (data !== '') this.onData(data);
      return;
    }
    if (line.startsWith(':')) return; // a comment: the server's heartbeat
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    if (field !== 'data') return; // event, id and retry: the data names its own type
    const value = colon < 0 ? '' : line.slice(colon + 1);
    this.data.push(value.startsWith(' ') ? value.slice(1) : value);
  }
}

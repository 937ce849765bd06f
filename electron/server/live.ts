// Server-sent events for live viewers: every connected viewer gets each LiveEvent. A comment
// line every keepAliveMs keeps a quiet stream inside the server's idle timeout (listen.ts sets
// it to a third of that timeout) and proxies from closing it.

import type { ServerResponse } from 'node:http';
import { DEFAULT_SESSION, type LiveEvent } from '../../shared/api';

export class LiveHub {
  /** Each viewer's stream and the session (handle) it follows. */
  private readonly clients = new Map<ServerResponse, string>();
  private readonly keepAlive: NodeJS.Timeout;

  constructor(keepAliveMs = 15_000) {
    this.keepAlive = setInterval(() => {
      for (const c of this.clients.keys()) c.write(': keep-alive\n\n');
    }, keepAliveMs);
    this.keepAlive.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  /** Viewers following one session. */
  following(session: string): number {
    let n = 0;
    for (const s of this.clients.values()) if (s === session) n++;
    return n;
  }

  /** Takes over a response as an event stream of one session (headers already checked by the caller). */
  attach(res: ServerResponse, headers: Record<string, string>, session: string = DEFAULT_SESSION): void {
    res.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    this.clients.set(res, session);
    res.on('close', () => this.clients.delete(res));
  }

  /** Sends an event to the viewers of one session (the first one's when not named). */
  publish(event: LiveEvent, session: string = DEFAULT_SESSION): void {
    const frame = `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
    for (const [c, s] of this.clients) if (s === session) c.write(frame);
  }

  close(): void {
    clearInterval(this.keepAlive);
    for (const c of this.clients.keys()) c.end();
    this.clients.clear();
  }
}

import type { ServerResponse } from 'node:http';

/** A Server-Sent Events writer over a raw response that respects backpressure and client departure. */
export class SseWriter {
  private closed = false;

  constructor(private readonly res: ServerResponse, headers: Record<string, string> = {}) {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      ...headers,
    });
    // Send the head now: clients show "connected" and proxies do not buffer.
    res.flushHeaders();
    res.on('close', () => {
      this.closed = true;
    });
  }

  /** True once the client went away or the stream was ended. */
  get isClosed(): boolean {
    return this.closed || this.res.destroyed;
  }

  /** Writes one `data:` event (optionally named); waits when the socket buffer is full. */
  async data(payload: unknown, event?: string): Promise<void> {
    if (this.isClosed) return;
    const line = `${event ? `event: ${event}\n` : ''}data: ${typeof payload === 'string' ? payload : JSON.stringify(payload)}\n\n`;
    if (!this.res.write(line)) await this.drain();
  }

  /** Writes one event with an id (what EventSource sends back as Last-Event-ID) and a name. */
  async event(payload: unknown, opts: { id?: number | string; event?: string } = {}): Promise<void> {
    const id = opts.id !== undefined ? `id: ${opts.id}\n` : '';
    await this.write(`${id}${opts.event ? `event: ${opts.event}\n` : ''}data: ${typeof payload === 'string' ? payload : JSON.stringify(payload)}\n\n`);
  }

  /** Writes a comment line: clients ignore it, so it serves as a heartbeat that keeps idle connections open. */
  async comment(text: string): Promise<void> {
    await this.write(`: ${text}\n\n`);
  }

  /** Tells EventSource how long to wait before reconnecting after the stream drops. */
  async retry(ms: number): Promise<void> {
    await this.write(`retry: ${Math.round(ms)}\n\n`);
  }

  /** Ends the stream. */
  end(): void {
    if (!this.res.writableEnded) this.res.end();
    this.closed = true;
  }

  private async write(text: string): Promise<void> {
    if (this.isClosed) return;
    if (!this.res.write(text)) await this.drain();
  }

  private drain(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.res.off('drain', done);
        this.res.off('close', done);
        resolve();
      };
      this.res.on('drain', done);
      this.res.on('close', done);
    });
  }
}

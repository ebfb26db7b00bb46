import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';

const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** One request/response pair, the same for HTTP/1.1 and HTTP/2 (compat API). */
export class Exchange {
  readonly method: string;
  readonly rawPath: string;
  readonly query: string;
  readonly headers: Record<string, string>;
  body: Buffer = Buffer.alloc(0);
  /** The client went away before we ended the response. */
  aborted = false;
  private ended = false;
  private readonly closeWaiters = new Set<() => void>();

  constructor(
    private readonly req: IncomingMessage | Http2ServerRequest,
    private readonly res: ServerResponse | Http2ServerResponse,
  ) {
    this.method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    this.rawPath = q < 0 ? url : url.slice(0, q);
    this.query = q < 0 ? '' : url.slice(q + 1);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
    }
    this.headers = headers;
    const noop = () => {};
    req.on('error', noop);
    res.on('error', noop);
    const stream = (res as Http2ServerResponse).stream;
    stream?.on('error', noop);
    res.on('close', () => this.onClose());
  }

  get closed(): boolean {
    return this.aborted || this.ended;
  }

  private onClose(): void {
    if (!this.ended) this.aborted = true;
    const waiters = [...this.closeWaiters];
    this.closeWaiters.clear();
    for (const w of waiters) w();
  }

  /** Reads the whole request body; resolves false when the client left first. */
  readBody(): Promise<boolean> {
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      let size = 0;
      this.req.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= MAX_BODY_BYTES) chunks.push(c);
      });
      this.req.on('end', () => {
        this.body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
        resolve(true);
      });
      this.req.on('close', () => resolve(false));
    });
  }

  /** Resolves after ms, or as soon as the client goes away. */
  sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.closeWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.closeWaiters.add(done);
    });
  }

  /** Sends a complete response. */
  send(status: number, headers: Record<string, string>, body: string | Uint8Array): void {
    if (this.closed) return;
    this.ended = true;
    this.res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
    this.res.end(body);
  }

  /** Starts a streamed response. */
  start(status: number, headers: Record<string, string>): void {
    if (this.closed) return;
    this.res.writeHead(status, headers);
  }

  /** Writes a piece of a streamed response, waiting for the client to drain when needed. */
  async write(chunk: Uint8Array): Promise<void> {
    if (this.closed) return;
    if ((this.res as ServerResponse).write(chunk)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.res.off('drain', done);
        this.closeWaiters.delete(done);
        resolve();
      };
      this.res.on('drain', done);
      this.closeWaiters.add(done);
    });
  }

  /** Writes and resolves once the bytes were handed to the socket (or the client left). */
  flushWrite(chunk: Uint8Array): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.closeWaiters.delete(done);
        resolve();
      };
      this.closeWaiters.add(done);
      (this.res as ServerResponse).write(chunk, done);
    });
  }

  /** Ends a streamed response. */
  end(): void {
    if (this.closed) return;
    this.ended = true;
    this.res.end();
  }

  /** Resets the stream (HTTP/2 RST_STREAM, HTTP/1.1 socket close) instead of ending it. */
  cut(): void {
    if (this.closed) return;
    this.ended = true;
    this.res.destroy();
  }
}

import http2 from 'node:http2';

// One pooled HTTP/2 session to Bedrock and what h2-pool.ts needs to know about it: how many
// streams it carries, whether it can take another, when it last proved alive, and a PING that
// answers "alive?" within a bound. Node's ClientHttp2Session does the protocol; this only watches.

/** What ended a request on a session that died before the answer's head: safe to send again. */
export class DeadSessionError extends Error {
  /** Node's code for what happened, so that errors.ts and the SDK's retry rules read it as a cut connection. */
  constructor(message: string, readonly code: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'DeadSessionError';
  }
}

/** The connection's own end, as a session error code; the others (refused, unreachable, TLS, timeouts) are not retried. */
const DEAD_CONNECTION_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_HTTP2_GOAWAY_SESSION', 'ERR_HTTP2_INVALID_SESSION', 'ERR_HTTP2_SESSION_ERROR', 'ERR_HTTP2_OUT_OF_STREAMS', 'ERR_STREAM_PREMATURE_CLOSE']);

/** Node's default until the server's SETTINGS arrive (peerMaxConcurrentStreams). */
const ASSUMED_MAX_STREAMS = 100;

export interface SessionSettings {
  /** The local receive window of each stream (SETTINGS_INITIAL_WINDOW_SIZE). */
  streamWindow: number;
  /** The local receive window of the whole connection (setLocalWindowSize once connected). */
  sessionWindow: number;
  /** Our own cap on concurrent streams, below the server's. */
  maxStreams?: number;
}

let opened = 0;

/** A ClientHttp2Session in the pool. */
export class PooledSession {
  readonly session: http2.ClientHttp2Session;
  /** Opening order: a retry goes to a session opened after the one that failed. */
  readonly seq = ++opened;
  /** Streams open on it now, and over its life. */
  streams = 0;
  carried = 0;
  /** `carried` at the pool's last look (an idle spare that carried nothing since is closed). */
  carriedSeen = 0;
  connectedAt = 0;
  /** Last proof of life: connected, an answer's head or end, a PING's ACK. */
  aliveAt = 0;
  /** No new streams: GOAWAY received, closing, or found dead. */
  private retiredFlag = false;
  private pinging?: Promise<boolean>;
  private settled = false;
  private condemned?: string;
  /** Streams that have their answer's head and have not closed: what a cut connection leaves unfinished. */
  private readonly answering = new Set<http2.ClientHttp2Stream>();
  /** destroy() was asked for: the process shuts the pool down, nothing is to be sent again. */
  private destroying = false;

  constructor(
    readonly origin: string,
    connect: http2.SecureClientSessionOptions,
    private readonly settings: SessionSettings,
    private readonly onRetired: (s: PooledSession) => void,
    onClosed: (s: PooledSession) => void,
  ) {
    this.session = http2.connect(origin, {
      ...connect,
      settings: { ...connect.settings, enablePush: false, initialWindowSize: settings.streamWindow },
      // New streams are refused while a session holds more than this (Node's default is 10 MB,
      // sized for one request's uploads; here every request shares the session).
      maxSessionMemory: 64,
    });
    const s = this.session;
    s.unref();
    s.once('remoteSettings', () => (this.settled = true));
    s.once('connect', () => {
      this.connectedAt = this.aliveAt = Date.now();
      // Node consumes the connection window as data arrives, but its 64 KB default caps what all
      // streams together may have in flight per round trip: 430 KB/s at 150 ms, for every stream.
      if (!s.destroyed) s.setLocalWindowSize(settings.sessionWindow);
    });
    // Node closes the session itself after a GOAWAY once its streams end; streams above the
    // server's last stream id are refused (retried by the pool).
    // A GOAWAY with an error code: Node destroys the session right after this event, failing its
    // streams with ERR_HTTP2_SESSION_ERROR, which the SDK does not retry; cut first, as on a close.
    s.on('goaway', (code: number) => {
      if (code !== http2.constants.NGHTTP2_NO_ERROR) this.cutUnfinished();
      this.retire();
    });
    s.on('error', () => this.retire());
    s.once('close', () => {
      this.retire();
      onClosed(this);
    });
    s.on('frameError', () => {});
    // Node ends the streams of a connection that closes (FIN, after a GOAWAY or not) as if their
    // answers had ended: the SDK would read a cut answer as a whole one (an empty event stream, a
    // Converse answer without output) and not retry. Ahead of Node's own 'close' listener, those
    // still waiting for their END_STREAM fail instead, as on a TCP reset (see cutUnfinished).
    s.socket.prependListener('close', () => this.cutUnfinished());
    const request = s.request.bind(s);
    s.request = (headers, options) => {
      const stream = request(headers, options);
      stream.once('response', () => this.answering.add(stream));
      stream.once('close', () => this.answering.delete(stream));
      return stream;
    };
  }

  /** Resolves once the server's SETTINGS arrived (the HTTP/2 handshake is done) or the session closed. */
  ready(): Promise<void> {
    const s = this.session;
    if (this.settled || s.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        s.off('remoteSettings', done);
        s.off('close', done);
        resolve();
      };
      s.once('remoteSettings', done);
      s.once('close', done);
    });
  }

  /** Whether a new stream may go here now. */
  canTake(): boolean {
    const s = this.session;
    if (this.retiredFlag || s.destroyed || s.closed) return false;
    const server = s.remoteSettings?.maxConcurrentStreams ?? ASSUMED_MAX_STREAMS;
    return this.streams < Math.min(server, this.settings.maxStreams ?? Infinity);
  }

  get connected(): boolean {
    return this.connectedAt > 0 && !this.session.destroyed;
  }

  /** Counts a stream in; the session keeps the process alive while it carries one. */
  take(): void {
    if (this.streams++ === 0) this.session.ref();
    this.carried++;
  }

  release(): void {
    if (--this.streams > 0 || this.session.destroyed) return;
    if (this.condemned) this.kill(this.condemned);
    else this.session.unref();
  }

  /** Sends a PING unless one is out; true once its ACK came, false if none came within `timeoutMs`. */
  ping(timeoutMs: number): Promise<boolean> {
    if (this.pinging) return this.pinging;
    this.pinging = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      timer.unref();
      const done = (ok: boolean): void => {
        clearTimeout(timer);
        if (ok) this.aliveAt = Date.now();
        resolve(ok);
      };
      try {
        // false: too many PINGs unanswered already (maxOutstandingPings), itself a bad sign.
        if (!this.session.ping((err) => done(!err))) done(false);
      } catch {
        done(false);
      }
    }).finally(() => (this.pinging = undefined));
    return this.pinging;
  }

  get retired(): boolean {
    return this.retiredFlag;
  }

  /** Takes no new streams from now on; the pool is told once. */
  retire(): void {
    if (this.retiredFlag) return;
    this.retiredFlag = true;
    this.onRetired(this);
  }

  /**
   * A PING went unanswered: no new streams, destroyed now if it carries none, else once they have
   * ended (a slow but live path lets them finish; on a dead one their deadlines end them).
   */
  condemn(why: string): void {
    this.condemned = why;
    this.retire();
    if (this.streams === 0) this.kill(why);
  }

  /** Found dead (a machine that slept, a PING without ACK): destroyed with `why`, its streams fail with it. */
  kill(why: string): void {
    this.retire();
    if (!this.session.destroyed) this.session.destroy(new DeadSessionError(why, 'ERR_HTTP2_SESSION_ERROR'));
  }

  /**
   * The connection closed under streams that have their answer's head but not its END_STREAM (one
   * that got it is closed by then): each fails as cut, so a call whose answer was not read yet is
   * sent again by the SDK (on a fresh session: this one is retired); a stream whose events the proxy
   * already relays ends with an in-stream error. Not on destroy(): nothing is sent again then.
   */
  private cutUnfinished(): void {
    if (this.destroying) return;
    for (const stream of this.answering) if (!stream.closed && !stream.destroyed) stream.destroy(cutError());
  }

  /** Closes once its streams have ended. */
  close(): void {
    this.retire();
    if (!this.session.closed) this.session.close();
  }

  destroy(): void {
    this.destroying = true;
    this.retire();
    if (!this.session.destroyed) this.session.destroy();
  }
}

/** What a stream cut by its connection's close fails with: ECONNRESET, which the SDK's retry rules treat as transient. */
function cutError(): Error {
  return Object.assign(new Error('The connection to Bedrock closed before the answer ended.'), { code: 'ECONNRESET' });
}

/**
 * Why a stream ended before its answer's head, as the error to report: a DeadSessionError when the
 * session under it died or refused the stream (GOAWAY below its id, REFUSED_STREAM, reset, closed,
 * PING unanswered), so that the request can be sent again; otherwise the error as it came.
 */
export function beforeHeadError(err: unknown, stream: http2.ClientHttp2Stream | undefined, pooled: PooledSession): unknown {
  if (err instanceof DeadSessionError) return err;
  // REFUSED_STREAM: not processed, by definition (RFC 9113 §8.7). ENHANCE_YOUR_CALM: the session
  // holds too much (Node refuses new streams over maxSessionMemory) or the server wants fewer.
  const rst = stream?.rstCode;
  if (rst === http2.constants.NGHTTP2_REFUSED_STREAM || rst === http2.constants.NGHTTP2_ENHANCE_YOUR_CALM) return new DeadSessionError('Bedrock refused the stream on this connection.', 'ERR_HTTP2_STREAM_ERROR', err);
  // A stream still waiting for its session to connect is cancelled with the session's error as cause.
  const e = err as { code?: string; cause?: { code?: string } } | undefined;
  const cause = e?.code === 'ERR_HTTP2_STREAM_CANCEL' ? e.cause : e;
  if (cause?.code && DEAD_CONNECTION_CODES.has(cause.code)) return new DeadSessionError(`The connection to Bedrock was cut (${cause.code}).`, cause.code, err);
  const s = pooled.session;
  if (!cause && (s.destroyed || s.closed || pooled.retired)) return new DeadSessionError('The connection to Bedrock closed before the answer.', 'ERR_HTTP2_INVALID_SESSION', err);
  return err ?? Object.assign(new Error('Unexpected error: http2 request did not get a response'), { name: 'TimeoutError' });
}

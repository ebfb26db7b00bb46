// The runtime client's HTTP/2 request handler: warm connections to Bedrock, shared by every call.
//
// The SDK's NodeHttp2Handler gives each event stream (ConverseStream) a connection of its own and
// leaves shared ones to close on their own; each new connection costs TCP + TLS (2-4 round trips
// to a region). This keeps a few sessions per origin open while the proxy is in use, multiplexes
// streamed and non-streamed calls on them up to the server's SETTINGS_MAX_CONCURRENT_STREAMS,
// finds dead ones with PING (one timer per handler), and sends a request once more on a fresh
// session when the one it was given turns out dead before the answer's head.
//
// What it relies on from the SDK (tests/integration/h2-pool-canary.test.ts checks each): the
// BedrockRuntimeClient keeps a `requestHandler` instance that has `handle` as is (NodeHttp2Handler
// .create); calls handle(request, { abortSignal, requestTimeout, isEventStream }) with a signed
// HttpRequest (protocol, hostname, port, path, query, headers with ':authority' because
// metadata.handlerProtocol is 'h2', body a string or Uint8Array); reads `response.body` as a Node
// Readable; may call updateHttpClientConfig(key, value) and httpHandlerConfigs(); calls destroy()
// from client.destroy().
import http2 from 'node:http2';
import type { HttpHandlerOptions, HttpRequest, HttpResponse, RequestHandler } from '@smithy/types';
import { abortError, flatHeaders, originOf, pathOf, replayable, writeBody } from './h2-message';
import { beforeHeadError, DeadSessionError, PooledSession } from './h2-session';

export interface PoolOptions {
  /** Passed to http2.connect (createConnection for proxies and the connect timeout, ca). */
  connect?: http2.SecureClientSessionOptions;
  /** Sessions stay open while the pool was used within this (ms); then they close and the timer stops. */
  keepMs: number;
  /** The one timer: idle sessions get a PING this often (ms). */
  pingEveryMs: number;
  /** A PING not answered within this (ms) means the session is dead. */
  pingTimeoutMs: number;
  /** A request on a session quiet for longer (ms) sends a PING alongside. */
  checkAfterMs: number;
  /** The timer firing this much later than due (ms) means the machine slept: idle sessions are replaced. */
  sleepGapMs: number;
  /** Receive window per stream, and for the whole session (bytes). */
  streamWindow: number;
  sessionWindow: number;
  /** Our cap on streams per session (the server's SETTINGS_MAX_CONCURRENT_STREAMS applies anyway). */
  maxStreams?: number;
}

/**
 * Coding agents pause for minutes between turns (tools run, people read); 30 min covers a working
 * session, after which nothing wakes the process. A PING every 30 s keeps NAT and firewall state
 * alive and finds a dead path within ~35 s, at one small frame each way. An ACK is one round trip
 * (well under a second even by satellite): 5 s allows for a congested uplink, and a dead session
 * then costs 5 s plus a handshake instead of the first-byte limit. 256 KB per stream is one round
 * trip for a large non-streamed answer and all a stalled client can hold; 32 MB for the session
 * exceeds 100 such streams.
 */
export const DEFAULT_POOL_OPTIONS: PoolOptions = {
  keepMs: 30 * 60_000,
  pingEveryMs: 30_000,
  pingTimeoutMs: 5_000,
  checkAfterMs: 3_000,
  sleepGapMs: 30_000,
  streamWindow: 256 * 1024,
  sessionWindow: 32 * 1024 * 1024,
};

/** How warm() opens the way. */
export interface WarmOptions {
  /** The machine just woke from sleep: replace the sessions kept from before without asking them (resumed()). */
  afterSleep?: boolean;
}

type Options = HttpHandlerOptions & { isEventStream?: boolean };

// The longest warm() waits for a session to become ready (it goes on opening after).
const WARM_WAIT_MS = 30_000;

/** A smithy RequestHandler over pooled, pinged HTTP/2 sessions (see the top of this file). */
export class PooledHttp2Handler implements RequestHandler<HttpRequest, HttpResponse, Options> {
  readonly metadata = { handlerProtocol: 'h2' };
  private readonly opts: PoolOptions;
  // Sessions that take new streams, per origin; every session not yet closed.
  private readonly pools = new Map<string, PooledSession[]>();
  private readonly sessions = new Set<PooledSession>();
  private usedAt = 0;
  private timer?: NodeJS.Timeout;
  private tickDue = 0;
  private destroyed = false;
  private config: Record<string | symbol, unknown> = {};

  constructor(options: Partial<PoolOptions> = {}) {
    this.opts = { ...DEFAULT_POOL_OPTIONS, ...options };
  }

  async handle(request: HttpRequest, options: Options = {}): Promise<{ response: HttpResponse }> {
    const signal = options.abortSignal as AbortSignal | undefined;
    if (signal?.aborted) throw abortError(signal);
    const origin = originOf(request);
    this.usedAt = Date.now();
    const first = this.lease(origin);
    try {
      return await this.send(request, options, first);
    } catch (err) {
      if (!(err instanceof DeadSessionError)) throw err;
      // Nothing reached the client yet; a body that is a stream could not be sent again.
      if (signal?.aborted || !replayable(request.body)) throw err.cause ?? err;
      try {
        return await this.send(request, options, this.lease(origin, first.seq));
      } catch (again) {
        throw again instanceof DeadSessionError ? (again.cause ?? again) : again;
      }
    }
  }

  /**
   * Opens a session to `url`'s origin unless a usable one is there (one quiet for a while is PINGed
   * first); resolves once it is ready or failed, never rejects. With `afterSleep`, see resumed().
   */
  async warm(url: string | URL, opts: WarmOptions = {}): Promise<void> {
    if (this.destroyed) return;
    const origin = new URL(url).origin;
    this.usedAt = Date.now();
    if (opts.afterSleep) this.resumed();
    let pooled = this.pools.get(origin)?.find((s) => s.canTake());
    if (pooled?.connected && Date.now() - pooled.aliveAt > this.opts.checkAfterMs && !(await pooled.ping(this.opts.pingTimeoutMs))) {
      pooled.condemn(this.noAck());
      pooled = this.pools.get(origin)?.find((s) => s.canTake());
    }
    // Bounded: a handshake that hangs without a connect timeout must not hold the caller.
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, WARM_WAIT_MS)).unref());
    await Promise.race([(pooled ?? this.connect(origin)).ready(), bound]);
    clearTimeout(timer);
  }

  /**
   * The machine woke from sleep (the desktop is told): sessions kept from before are most likely
   * dead (NAT and TCP state rarely survive), and a PING would hold the first request for
   * pingTimeoutMs to find out, so they are not asked: idle ones are closed now, busy ones take no
   * new streams and close once theirs have finished or failed on their own. warm() then opens a
   * fresh session. One that proved alive within checkAfterMs (by the wall clock, which counts the
   * sleep) did so since the wake, and stays: after a sleep of seconds, or one the timer opened first.
   */
  private resumed(): void {
    // The tick due before the sleep would read the wall clock's jump as another sleep, and close
    // the fresh session as idle: it starts again from now.
    clearTimeout(this.timer);
    this.timer = undefined;
    const now = Date.now();
    for (const s of [...this.sessions]) {
      if (s.connected && now - s.aliveAt <= this.opts.checkAfterMs) continue;
      if (s.streams > 0) s.close();
      else s.kill('the machine slept');
    }
    if (!this.timer && this.sessions.size > 0) this.schedule();
  }

  destroy(): void {
    this.destroyed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const s of this.sessions) s.destroy();
    this.pools.clear();
  }

  updateHttpClientConfig(key: string | symbol, value: unknown): void {
    this.config = { ...this.config, [key]: value };
  }

  httpHandlerConfigs(): Record<string | symbol, unknown> {
    return this.config;
  }

  // A session with room for one more stream (opened after `after`, when given), else a new one.
  private lease(origin: string, after = 0): PooledSession {
    return this.pools.get(origin)?.find((s) => s.seq > after && s.canTake()) ?? this.connect(origin);
  }

  private connect(origin: string): PooledSession {
    const pooled = new PooledSession(origin, this.opts.connect ?? {}, this.opts, (s) => this.retired(s), (s) => this.sessions.delete(s));
    const list = this.pools.get(origin) ?? [];
    list.push(pooled);
    this.pools.set(origin, list);
    this.sessions.add(pooled);
    if (!this.timer && !this.destroyed) this.schedule();
    return pooled;
  }

  // A session takes no more streams (GOAWAY, error, closed, found dead): out of the pool, and a
  // replacement opens at once if the pool is in use and has no other. Only for a session that was
  // useful (carried a request or stayed up a ping interval): a server that closes every new
  // connection at once must not get a reconnect loop.
  private retired(pooled: PooledSession): void {
    const list = this.pools.get(pooled.origin) ?? [];
    const i = list.indexOf(pooled);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.pools.delete(pooled.origin);
    if (this.destroyed || !pooled.connectedAt || Date.now() - this.usedAt >= this.opts.keepMs) return;
    const useful = pooled.carried > 0 || Date.now() - pooled.connectedAt >= this.opts.pingEveryMs;
    if (useful && !list.some((s) => s.canTake())) this.connect(pooled.origin);
  }

  private schedule(): void {
    this.tickDue = Date.now() + this.opts.pingEveryMs;
    this.timer = setTimeout(() => this.tick(), this.opts.pingEveryMs);
    this.timer.unref();
  }

  // Every pingEveryMs while sessions are open: idle ones are PINGed, a spare that carried nothing
  // since the last look is closed, all close once the pool is unused for keepMs; after a sleep the
  // idle ones are replaced (their TCP connections are most likely gone) and busy ones PINGed.
  private tick(): void {
    this.timer = undefined;
    const now = Date.now();
    const slept = now - this.tickDue > this.opts.sleepGapMs;
    const inUse = now - this.usedAt < this.opts.keepMs;
    for (const list of [...this.pools.values()]) {
      let keptIdle = false;
      for (const s of [...list]) {
        const carriedSince = s.carried !== s.carriedSeen;
        s.carriedSeen = s.carried;
        const quiet = s.connected && now - s.aliveAt >= this.opts.pingEveryMs / 2;
        if (s.streams > 0) {
          if (slept || quiet) this.check(s);
        } else if (slept) {
          s.kill('the machine slept');
        } else if (!inUse || (keptIdle && !carriedSince)) {
          s.close();
        } else {
          keptIdle = true;
          if (quiet) this.check(s);
        }
      }
    }
    if (this.sessions.size > 0 && !this.destroyed) this.schedule();
  }

  private check(s: PooledSession): void {
    void s.ping(this.opts.pingTimeoutMs).then((ok) => ok || s.condemn(this.noAck()));
  }

  private noAck(): string {
    return `Bedrock did not answer a PING within ${this.opts.pingTimeoutMs} ms`;
  }

  // One attempt on one session; a DeadSessionError when the session failed before the answer's head.
  private send(request: HttpRequest, options: Options, pooled: PooledSession): Promise<{ response: HttpResponse }> {
    const signal = options.abortSignal as AbortSignal | undefined;
    const quiet = pooled.connected && Date.now() - pooled.aliveAt > this.opts.checkAfterMs;
    pooled.take();
    return new Promise((resolve, reject) => {
      let headed = false;
      let settled = false;
      let streamError: unknown;
      const fail = (err: unknown): void => {
        if (settled) return;
        settled = true;
        reject(err);
      };
      let stream: http2.ClientHttp2Stream;
      try {
        stream = pooled.session.request({ ...request.headers, ':path': pathOf(request), ':method': request.method });
      } catch (err) {
        // The session was closing or destroyed already (ERR_HTTP2_GOAWAY_SESSION, INVALID_SESSION).
        pooled.release();
        pooled.retire();
        return fail(beforeHeadError(err, undefined, pooled));
      }
      // Alive, the session answers the PING with the request (no wait); without an ACK in time the
      // request is sent again on a fresh session, and this one takes no more (condemn).
      if (quiet) {
        void pooled.ping(this.opts.pingTimeoutMs).then((ok) => {
          if (ok || headed) return;
          pooled.condemn(this.noAck());
          fail(new DeadSessionError(this.noAck(), 'ERR_HTTP2_SESSION_ERROR'));
          stream.close(http2.constants.NGHTTP2_CANCEL);
        });
      }
      const onAbort = (): void => {
        stream.close(http2.constants.NGHTTP2_CANCEL);
        fail(abortError(signal!));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const timeout = Number(options.requestTimeout ?? this.config.requestTimeout) || 0;
      if (timeout > 0) {
        stream.setTimeout(timeout, () => {
          stream.close(http2.constants.NGHTTP2_CANCEL);
          fail(Object.assign(new Error(`Stream timed out because of no activity for ${timeout} ms`), { name: 'TimeoutError' }));
        });
      }
      // Stays attached: an error after the head is the body reader's, and must not go unhandled.
      stream.on('error', (err) => void (streamError ??= err));
      stream.on('frameError', (type: number, code: number, id: number) => void (streamError ??= new Error(`Frame type id ${type} in stream id ${id} has failed with code ${code}.`)));
      stream.once('response', (headers) => {
        headed = true;
        pooled.aliveAt = Date.now();
        if (settled) return;
        settled = true;
        resolve({ response: { statusCode: Number(headers[':status'] ?? -1), headers: flatHeaders(headers), body: stream } as HttpResponse });
      });
      stream.once('end', () => void (pooled.aliveAt = Date.now()));
      stream.once('close', () => {
        this.usedAt = Date.now();
        pooled.release();
        signal?.removeEventListener('abort', onAbort);
        if (!headed) fail(signal?.aborted ? abortError(signal) : beforeHeadError(streamError, stream, pooled));
      });
      writeBody(stream, request.body);
    });
  }
}

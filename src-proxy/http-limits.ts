import http from 'node:http';
import type { Socket } from 'node:net';

// What Node's HTTP server does before fastify sees a request: how long a client may take to send
// its headers and its whole request, and how the errors Node raises itself (headers too large, a
// malformed request line, those timeouts) are answered. Node's defaults answer them with a bare
// status line, and fastify's with its own JSON; clients of this proxy expect their API's error shape.

export interface HttpLimits {
  /** Time to receive a request's headers (a client that stalls while sending them is cut). */
  headersTimeoutMs: number;
  /** Time to receive a whole request, body included; answers may stream for as long as they need. */
  requestTimeoutMs: number;
  /** How often Node checks the two limits above while connections are open (a cut comes at most this much late). */
  checkIntervalMs: number;
}

/**
 * A loopback client sends even a 50 MB body in well under a second; 2 minutes leaves a slow
 * tunnel room while bounding a client that never finishes. The check runs every 10 s, not Node's
 * 30 s, so a stalled client is cut close to its limit; it runs only while a connection is open
 * (see checkOnlyWhileConnected), so an idle proxy is not woken by it.
 */
export const DEFAULT_HTTP_LIMITS: HttpLimits = { headersTimeoutMs: 20_000, requestTimeoutMs: 120_000, checkIntervalMs: 10_000 };

interface ClientErrorAnswer {
  status: number;
  code: string;
  message: string;
}

/** Node's client errors (https://nodejs.org/api/http.html#event-clienterror) as answers a client can read. */
export function clientErrorAnswer(err: NodeJS.ErrnoException, limits: HttpLimits): ClientErrorAnswer {
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return {
      status: 408,
      code: 'request_timeout',
      message: `The request was not received in time: headers must arrive within ${seconds(limits.headersTimeoutMs)} and the whole request within ${seconds(limits.requestTimeoutMs)}. The connection is closed; send the request again.`,
    };
  }
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    return { status: 431, code: 'headers_too_large', message: `The request headers are larger than ${Math.round(http.maxHeaderSize / 1024)} KB; send smaller headers (a cookie or a token may have grown).` };
  }
  return { status: 400, code: 'invalid_request', message: 'The request is not valid HTTP/1.1 (a malformed request line or header); it was not processed.' };
}

/** True for a request of the Anthropic API: it names an anthropic-version, or it is for /v1/messages. */
function isAnthropic(req: http.IncomingMessage | undefined): boolean {
  return !!req && (req.headers['anthropic-version'] !== undefined || /^\/v1\/messages(?:[/?]|$)/.test(req.url ?? ''));
}

/** The answer body in the shape of the API the request was for (Anthropic's or OpenAI's). */
export function clientErrorBody(answer: ClientErrorAnswer, req: http.IncomingMessage | undefined): string {
  if (isAnthropic(req)) {
    const type = answer.status === 408 ? 'timeout_error' : answer.status === 431 ? 'request_too_large' : 'invalid_request_error';
    return JSON.stringify({ type: 'error', error: { type, message: answer.message } });
  }
  return JSON.stringify({ error: { message: answer.message, type: 'invalid_request_error', code: answer.code, param: null } });
}

/** fastify options applying `limits` and answering client errors in the API's own shape. */
export function httpServerOptions(limits: HttpLimits) {
  return {
    requestTimeout: limits.requestTimeoutMs,
    http: { headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs, connectionsCheckingInterval: limits.checkIntervalMs },
    clientErrorHandler: (err: NodeJS.ErrnoException, socket: Socket) => answerClientError(err, socket, limits),
  };
}

// Node's checker of headersTimeout / requestTimeout: an interval the server arms on 'listening'
// and clears on close (lib/_http_server.js, setupConnectionsTracking). Neither has a public API;
// both are looked up by name, and when a Node release renames them the server keeps Node's
// always-running check (tests/unit/http-limits-idle.test.ts fails loudly then).
const CHECK_INTERVAL = 'http.server.connectionsCheckingInterval';
const SETUP_CHECKS = 'setupConnectionsTracking';

type CheckerSeam = { stop(): void; start(): void };

/** The handles on Node's limit checker of `server`, or undefined when this Node hides them. */
export function connectionsChecker(server: http.Server): CheckerSeam | undefined {
  const setup = server.listeners('listening').find((f) => f.name === SETUP_CHECKS) as ((this: http.Server) => void) | undefined;
  if (!setup) return undefined;
  const slot = (): symbol | undefined => Object.getOwnPropertySymbols(server).find((s) => s.description === CHECK_INTERVAL);
  return {
    stop() {
      const key = slot();
      if (key) clearInterval((server as unknown as Record<symbol, NodeJS.Timeout | undefined>)[key]);
    },
    // Node's own set-up: clears any interval it armed before and arms a new one.
    start: () => setup.call(server),
  };
}

/**
 * Runs Node's check of the header and request limits only while connections are open: the
 * limits are per connection, so with none open the check has nothing to do, and an idle proxy
 * would otherwise wake every checkIntervalMs for nothing. The first connection re-arms the
 * check (a stalled client is still cut at most checkIntervalMs after its limit) and the last one
 * to close stops it. Call before the server listens.
 */
export function checkOnlyWhileConnected(server: http.Server): void {
  const checker = connectionsChecker(server);
  if (!checker) return;
  let open = 0;
  let armed = true;
  const stop = (): void => {
    checker.stop();
    armed = false;
  };
  // Node arms the check on 'listening' (its listener comes first): stop it until someone connects.
  server.on('listening', () => {
    if (open === 0) stop();
  });
  server.on('connection', (socket: Socket) => {
    open++;
    if (!armed && server.listening) {
      checker.start();
      armed = true;
    }
    socket.once('close', () => {
      if (--open === 0) stop();
    });
  });
}

function answerClientError(err: NodeJS.ErrnoException, socket: Socket, limits: HttpLimits): void {
  // A reset connection has no one to answer.
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  // The request in flight on this socket, if Node had parsed its request line (a timed-out body).
  const inFlight = (socket as Socket & { _httpMessage?: http.ServerResponse })._httpMessage;
  if (inFlight?.headersSent || !socket.writable) {
    socket.destroy();
    return;
  }
  const answer = clientErrorAnswer(err, limits);
  const body = clientErrorBody(answer, inFlight?.req);
  socket.end(
    `HTTP/1.1 ${answer.status} ${http.STATUS_CODES[answer.status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  // end() lets the answer out first; a client that never reads it does not keep the socket.
  setTimeout(() => socket.destroy(), 1000).unref();
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

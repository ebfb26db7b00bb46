import http from 'node:http';
import { recorder } from '../emulator-kit';
import http2 from 'node:http2';
import net from 'node:net';
import tls from 'node:tls';
import { handleControlPlane } from './control-plane';
import { BedrockError, sendError } from './errors';
import { Exchange } from './exchange';
import { PromptCache } from './prompt-cache';
import { handleRuntime, RUNTIME_ACTIONS } from './runtime';
import { authenticate, type AuthStore } from './sigv4';
import type {
  BedrockEmulator,
  EmulatorOptions,
  EmulatorStats,
  Operation,
  RecordedRequest,
  Reply,
  ReplyHandler,
} from './types';

export const TEST_ACCESS_KEY_ID = 'AKIDEMULATOR0000001';
export const TEST_SECRET_ACCESS_KEY = 'emulator-secret-key';
export const TEST_BEDROCK_API_KEY = 'emulator-bedrock-api-key';
/** On every response: how Outcrop tells the emulator from real Bedrock (src-main/core/diagnosis/backend.ts). */
export const EMULATOR_HEADER = 'x-outcrop-emulator';

const RUNTIME_ROUTE = /^\/model\/([^/]*)\/([a-z-]+)$/;
const CONTROL_ROUTES: Record<string, Operation> = {
  '/foundation-models': 'ListFoundationModels',
  '/inference-profiles': 'ListInferenceProfiles',
};

interface Route {
  operation: Operation;
  modelId?: string;
  method: string;
}

function route(rawPath: string): Route | undefined {
  const control = CONTROL_ROUTES[rawPath];
  if (control) return { operation: control, method: 'GET' };
  const m = RUNTIME_ROUTE.exec(rawPath);
  const operation = m && RUNTIME_ACTIONS[m[2]];
  if (!m || !operation) return undefined;
  let modelId: string;
  try {
    modelId = decodeURIComponent(m[1]);
  } catch {
    modelId = m[1];
  }
  return { operation, modelId, method: 'POST' };
}

function parseBody(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Starts the emulator on one port serving HTTP/2 (h2c, runtime) and HTTP/1.1 (control plane). */
export async function startBedrockEmulator(opts: EmulatorOptions = {}): Promise<BedrockEmulator> {
  const auth: AuthStore = {
    verify: opts.verifySignature !== false,
    credentials: new Map(Object.entries(opts.credentials ?? { [TEST_ACCESS_KEY_ID]: TEST_SECRET_ACCESS_KEY })),
    apiKeys: new Set(opts.apiKeys ?? [TEST_BEDROCK_API_KEY]),
    revoked: new Map(),
  };
  const requests: RecordedRequest[] = [];
  const queue: Reply[] = [];
  let handler: ReplyHandler | undefined;
  const stats: EmulatorStats = { activeStreams: 0, abortedStreams: 0, completedStreams: 0, connections: 0, openConnections: 0, pings: 0 };
  // reset() starts a new generation so that replies still in flight do not skew the new counts.
  let generation = 0;

  const promptCache = new PromptCache();
  const runtimeCtx = {
    promptCache,
    async nextReply(rec: RecordedRequest): Promise<Reply | undefined> {
      const scripted = queue.shift();
      if (scripted) return scripted;
      if (!handler) return undefined;
      try {
        return await handler(rec);
      } catch (err) {
        throw new BedrockError('InternalServerException', `Bedrock emulator: the reply handler threw: ${(err as Error)?.message ?? err}`);
      }
    },
  };

  const record = recorder(requests, opts.recordLimit, opts.onRequest);

  async function serve(ex: Exchange): Promise<void> {
    if (!(await ex.readBody())) return;
    const r = route(ex.rawPath);
    if (!r) return sendError(ex, 'UnknownOperationException', `Unknown operation: ${ex.method} ${ex.rawPath}`, 404);
    const a = await authenticate(ex, auth);
    const rec: RecordedRequest = {
      operation: r.operation,
      modelId: r.modelId,
      rawPath: ex.rawPath,
      body: parseBody(ex.body),
      headers: ex.headers,
      auth: a.auth,
      accessKeyId: a.accessKeyId,
      sessionToken: a.sessionToken,
      time: Date.now(),
    };
    record(rec);
    if (ex.method !== r.method) {
      return sendError(ex, 'UnknownOperationException', `Unknown operation: ${ex.method} ${ex.rawPath}`, 404);
    }
    if (a.error) {
      const key = a.error.type === 'AccessDeniedException' && a.auth === 'bearer' ? 'Message' : 'message';
      return sendError(ex, a.error.type, a.error.message, a.error.status, key);
    }
    const region = a.region ?? 'us-east-1';
    if (r.modelId === undefined) return handleControlPlane(ex, rec, opts, region);
    if (ex.body.length > 0 && rec.body === undefined) {
      throw new BedrockError('ValidationException', 'Malformed input request, please reformat your input and try again.');
    }
    const gen = generation;
    stats.activeStreams++;
    try {
      await handleRuntime(runtimeCtx, ex, rec, a.auth === 'sigv4' ? region : undefined);
    } finally {
      if (gen === generation) {
        stats.activeStreams--;
        if (ex.aborted) stats.abortedStreams++;
        else stats.completedStreams++;
      }
    }
  }

  function onRequest(req: http.IncomingMessage | http2.Http2ServerRequest, res: http.ServerResponse | http2.Http2ServerResponse): void {
    res.setHeader(EMULATOR_HEADER, 'bedrock');
    const ex = new Exchange(req, res);
    serve(ex).catch((err: unknown) => {
      if (ex.closed) return;
      if (res.headersSent) return ex.cut();
      if (err instanceof BedrockError) return sendError(ex, err.type, err.message, err.status);
      sendError(ex, 'InternalServerException', `Bedrock emulator bug: ${(err as Error)?.stack ?? String(err)}`, 500);
    });
  }

  const h1 = http.createServer(onRequest);
  const h2 = http2.createServer(opts.maxConcurrentStreams ? { settings: { maxConcurrentStreams: opts.maxConcurrentStreams } } : {}, onRequest);
  const sessions = new Set<http2.ServerHttp2Session>();
  h2.on('session', (s) => {
    sessions.add(s);
    s.on('ping', () => void stats.pings++);
    s.on('error', () => {});
    s.on('close', () => sessions.delete(s));
  });
  h2.on('sessionError', () => {});
  h1.on('clientError', (_err, socket) => socket.destroy());

  const sockets = new Set<net.Socket>();
  let resetNext = 0;
  // false: the connection is reset instead of served.
  const track = (socket: net.Socket): boolean => {
    sockets.add(socket);
    stats.connections++;
    stats.openConnections = sockets.size;
    socket.on('close', () => {
      sockets.delete(socket);
      stats.openConnections = sockets.size;
    });
    socket.on('error', () => {});
    if (resetNext <= 0) return true;
    resetNext--;
    socket.once('data', () => socket.resetAndDestroy());
    return false;
  };
  // Over TLS, ALPN says which protocol the client speaks; in the clear, the first bytes do.
  const server: net.Server = opts.tls
    ? tls.createServer({ ...opts.tls, ALPNProtocols: ['h2', 'http/1.1'] }, (socket) => {
        if (!track(socket)) return;
        if (socket.alpnProtocol === 'h2') h2.emit('connection', socket);
        else h1.emit('connection', socket);
      }).on('tlsClientError', () => {})
    : net.createServer((socket) => {
        if (!track(socket)) return;
        let head: Buffer = Buffer.alloc(0);
        const onData = (chunk: Buffer) => {
          head = head.length ? Buffer.concat([head, chunk]) : chunk;
          if (head.length < 3 && 'PRI'.startsWith(head.toString('latin1'))) return;
          socket.off('data', onData);
          socket.pause();
          socket.unshift(head);
          // http2 picks up the unshifted bytes itself on the next tick (it reads socket.readableLength);
          // http needs the socket flowing again.
          if (head.subarray(0, 3).toString('latin1') === 'PRI') h2.emit('connection', socket);
          else {
            h1.emit('connection', socket);
            socket.resume();
          }
        };
        socket.on('data', onData);
      });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as net.AddressInfo).port;
  const host = opts.host ?? '127.0.0.1';
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `${opts.tls ? 'https' : 'http'}://${urlHost}:${port}`,
    port,
    requests,
    stats,
    lastRequest(operation?: Operation) {
      for (let i = requests.length - 1; i >= 0; i--) {
        if (!operation || requests[i].operation === operation) return requests[i];
      }
      return undefined;
    },
    script(...replies: Reply[]) {
      queue.push(...replies);
    },
    setHandler(fn) {
      handler = fn;
    },
    addCredentials(accessKeyId, secret) {
      auth.credentials.set(accessKeyId, secret);
      auth.revoked.delete(accessKeyId);
    },
    revokeCredentials(accessKeyId, as = 'ExpiredTokenException') {
      auth.revoked.set(accessKeyId, as);
    },
    goaway(lastStreamId) {
      // As a server going away does: GOAWAY, then the connection closes once the streams it kept end.
      for (const s of sessions) {
        s.goaway(http2.constants.NGHTTP2_NO_ERROR, lastStreamId);
        s.close();
      }
    },
    freeze() {
      // HTTP/2 reads the socket's handle directly (pausing the socket would not stop it); a session
      // that reads nothing writes nothing either (no ACKs, no answers).
      for (const s of sockets) (s as unknown as { _handle?: { readStop?: () => void } })._handle?.readStop?.();
    },
    resetNextConnections(count) {
      resetNext = count;
    },
    resetConnections() {
      for (const s of sockets) s.resetAndDestroy();
    },
    reset() {
      requests.length = 0;
      queue.length = 0;
      handler = undefined;
      promptCache.clear();
      generation++;
      stats.activeStreams = 0;
      stats.abortedStreams = 0;
      stats.completedStreams = 0;
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sessions) s.destroy();
        for (const s of sockets) s.destroy();
        h1.closeAllConnections();
      });
    },
  };
}

// The gateway's runtime client: the SDK's own BedrockRuntimeClient, with what it does on every call
// for nothing trimmed (measured on this project's bench; see README "Performance"). Behaviour is
// the stock client's: same requests on the wire, same retries, signing, errors and credentials;
// its HTTP/2 connections are warm and shared (h2-pool.ts) instead of one per stream.
//
// The trims lean on SDK internals (middleware names, @aws-sdk/core's user-agent middleware, V8's
// handling of the config object). Each is checked when the client is built and throws
// SdkPatchError if the SDK no longer has what it relies on; tests/integration/sdk-patch-canary.test.ts,
// h2-pool-canary.test.ts and runtime-client.test.ts check the rest. Upgrading the SDK: see
// docs/sdk-upgrade.md. `stock: true` (OUTCROP_STOCK_SDK_CLIENT=1) builds the SDK's client untouched.
import { Readable } from 'node:stream';
import { BedrockRuntimeClient, ConverseStreamCommand, type BedrockRuntimeClientConfig } from '@aws-sdk/client-bedrock-runtime';
import { getUserAgentMiddlewareOptions, userAgentMiddleware } from '@aws-sdk/core/client';
import { getEndpointFromInstructions } from '@smithy/core/endpoints';
import type { HttpHandlerOptions, HttpRequest, HttpResponse, RequestHandler } from '@smithy/types';
import { http2ConnectOptions } from '../net/agents';
import type { NetworkConfig } from '../net/proxy-rules';
import { withConnectTimeout } from './connect-timeout';
import { PooledHttp2Handler, type PoolOptions, type WarmOptions } from './h2-pool';
import { isEventStream, relayBody } from './event-stream-body';
import { BadResponseError, eventStreamFrameCheck } from './frame-check';

/**
 * The SDK's NodeHttp2Handler options the gateway used before h2-pool.ts (streams each on their own
 * connection, non-streamed calls sharing one). Only the bench's direct-SDK baseline still uses them.
 */
export const BEDROCK_RUNTIME_HANDLER = { disableConcurrentStreams: false, maxConcurrentStreams: 50 } as const;

/** What one call hands the HTTP layer besides the command. */
export interface CallOptions {
  /** Aborts the call's HTTP/2 request (see abortSignalsFor). */
  signal?: AbortSignal;
  /** Told whenever bytes of an event stream's body arrive (the stream idle clock). */
  onBytes?: () => void;
}

export interface RuntimeClient {
  client: BedrockRuntimeClient;
  /** Sends a command; a signal (or `call.signal`) aborts its HTTP/2 request. */
  send<O>(command: { input: object }, call: AbortSignal | CallOptions | undefined): Promise<O>;
  /** Opens a connection to the runtime endpoint (resolved as the SDK does for a call) ahead of need; never rejects. */
  warm(opts?: WarmOptions): Promise<void>;
}

export interface RuntimeClientOptions {
  /** The connect timeout (ms), read whenever a connection opens; none when absent. */
  connectMs?: () => number;
  /** How connections are pooled and kept (defaults: DEFAULT_POOL_OPTIONS). */
  pool?: Partial<Omit<PoolOptions, 'connect'>>;
  /**
   * The SDK's BedrockRuntimeClient exactly as the SDK builds it, to rule Outcrop's patches out when
   * something looks wrong (OUTCROP_STOCK_SDK_CLIENT=1): its own middleware stack and request handler
   * (NodeHttp2Handler, a connection per stream), none of the trims, pool, connect timeout, proxy or
   * extra CAs, warm() or event-stream checks below. The abort signal goes as the SDK's abortSignal.
   */
  stock?: boolean;
  /** Told why opening a connection ahead of need failed (the diagnostic log); the next request reports it to its client. */
  onWarmFailure?: (err: unknown) => void;
}

/** The SDK no longer has what one of Outcrop's patches relies on (after an SDK upgrade): see docs/sdk-upgrade.md. */
export class SdkPatchError extends Error {
  readonly code = 'sdk-patch';
  constructor(what: string) {
    super(`Outcrop's AWS SDK patch no longer fits the installed SDK: ${what}. See docs/sdk-upgrade.md (or run with OUTCROP_STOCK_SDK_CLIENT=1 to use the SDK's client untouched).`);
    this.name = 'SdkPatchError';
  }
}

/**
 * The stock middleware the trimmed client removes (see createRuntimeClient for why each goes).
 * Each must be in the stock client's stack: removing a name that is not there throws.
 */
export const TRIMMED_MIDDLEWARE = ['loggerMiddleware', 'recursionDetectionMiddleware'] as const;

/** A BedrockRuntimeClient for the gateway: `config` as for the SDK's, plus the trims below; `network` adds a proxy and CAs. */
export function createRuntimeClient(config: BedrockRuntimeClientConfig, network?: NetworkConfig, opts: RuntimeClientOptions = {}): RuntimeClient {
  if (opts.stock) return stockRuntimeClient(config);
  const proxied = http2ConnectOptions(network);
  const connect = opts.connectMs ? withConnectTimeout(proxied, opts.connectMs) : proxied;
  const pool = new PooledHttp2Handler({ ...opts.pool, ...(connect ? { connect } : {}) });
  const client = new BedrockRuntimeClient({
    ...config,
    requestHandler: pool,
    // Resolve each command's middleware chain once, not on every call (the SDK's own option; it
    // sorts and wraps the whole stack per call otherwise). It ignores per-call options, so the
    // abort signal travels with the input instead (abortSignalsFor).
    cacheMiddleware: true,
  });
  // The SDK's logger middleware copies every request and answer, schema-walking them to mask
  // sensitive fields, and hands the copies to a logger that does nothing (we pass none): about 1 ms
  // per 100 KB of conversation on every call. Outcrop keeps its own request log.
  // recursionDetectionMiddleware only acts inside AWS Lambda (it forwards the Lambda trace id);
  // Outcrop never runs there.
  for (const name of TRIMMED_MIDDLEWARE) removeStockMiddleware(client, name);
  memoizeUserAgent(client);
  const calls = callOptionsFor(client);
  withFastProperties(client.config);
  return {
    client,
    send: <O>(command: { input: object }, call: AbortSignal | CallOptions | undefined): Promise<O> => {
      if (call) calls.set(command.input, call instanceof AbortSignal ? { signal: call } : call);
      return client.send(command as never) as Promise<O>;
    },
    warm: async (warmOpts) => {
      try {
        await pool.warm(await runtimeEndpoint(client), warmOpts);
      } catch (err) {
        // The next request reports what is wrong (no region, a bad endpoint) to its client.
        opts.onWarmFailure?.(err);
      }
    },
  };
}

/** The SDK's client as the SDK builds it (RuntimeClientOptions.stock). */
function stockRuntimeClient(config: BedrockRuntimeClientConfig): RuntimeClient {
  const client = new BedrockRuntimeClient(config);
  return {
    client,
    send: <O>(command: { input: object }, call: AbortSignal | CallOptions | undefined): Promise<O> => {
      const signal = call instanceof AbortSignal ? call : call?.signal;
      return client.send(command as never, signal ? { abortSignal: signal } : {}) as Promise<O>;
    },
    warm: async () => undefined,
  };
}

/** Removes a middleware of the stock stack by name; throws SdkPatchError when the stack has none by that name. */
export function removeStockMiddleware(client: Pick<BedrockRuntimeClient, 'middlewareStack'>, name: string): void {
  if (!client.middlewareStack.remove(name)) throw new SdkPatchError(`the BedrockRuntimeClient middleware stack has no "${name}" to remove`);
}

/**
 * Where the client sends its calls: the SDK's own endpoint resolution for an operation (its rules
 * from region, FIPS and dual-stack, or the endpoint override, or AWS_ENDPOINT_URL_BEDROCK_RUNTIME
 * and the profile's endpoint_url), as the endpoint middleware runs it. It writes to the config it
 * is given, hence the copy.
 */
export async function runtimeEndpoint(client: BedrockRuntimeClient): Promise<URL> {
  const endpoint = await getEndpointFromInstructions({}, ConverseStreamCommand, { ...client.config } as never);
  return endpoint.url;
}

/**
 * Every SDK client's resolved config (about 50 properties, added one by one as the client is
 * built) sits in V8's dictionary mode, a hash table. The SDK copies it with object spread three or
 * four times per call (to serialise, to resolve the endpoint, to build the signer, to deserialise):
 * about 28 µs per copy in dictionary mode, 3 µs in fast mode on this project's VM; and reads it
 * all along the call. V8 turns an object back into fast mode once a property lookup has gone
 * through it as a prototype (https://v8.dev/blog/fast-properties); this does such lookups. The
 * object keeps its identity, properties and accessors: nothing but its layout in memory changes.
 * Measured: about 0.17 ms less CPU per Converse call. If a V8 version stops doing this, the
 * object just stays in dictionary mode (tests/integration/runtime-client.test.ts checks it does).
 */
export function withFastProperties(obj: object): void {
  const receiver = Object.create(obj) as Record<string, unknown>;
  // V8 gives a function its inline caches (where the conversion happens) after a few calls.
  const lookUp = (o: Record<string, unknown>) => o.__outcropAbsentProperty;
  for (let i = 0; i < 64; i++) lookUp(receiver);
}

/**
 * The SDK's user-agent middleware rebuilds the same user-agent headers on every call (an async
 * provider, feature checks, a dozen regex escapes: about 45 µs per call). This runs the SDK's own
 * middleware until it has produced them once, then sets the headers it produced.
 */
function memoizeUserAgent(client: BedrockRuntimeClient): void {
  checkUserAgentMiddleware(client);
  const sdkUserAgent = userAgentMiddleware(client.config);
  let headers: Record<string, string> | undefined;
  client.middlewareStack.add(
    (next, context) => {
      const firstTime = sdkUserAgent(async (args) => {
        const h = (args.request as { headers?: Record<string, string> }).headers;
        // Kept only in the shape this was written for (both headers set); otherwise the SDK's
        // middleware keeps running on every call, as in the stock client.
        if (h && USER_AGENT_HEADERS.every((name) => typeof h[name] === 'string' && h[name] !== '')) {
          headers = Object.fromEntries(USER_AGENT_HEADERS.map((name) => [name, h[name]]));
        }
        return next(args);
      }, context);
      return (args) => {
        const h = (args.request as { headers?: Record<string, string> }).headers;
        if (!headers || !h) return firstTime(args);
        Object.assign(h, headers);
        return next(args);
      };
    },
    { ...getUserAgentMiddlewareOptions, override: true },
  );
}
const USER_AGENT_HEADERS = ['user-agent', 'x-amz-user-agent'];

/**
 * What memoizeUserAgent takes from @aws-sdk/core's internals: the middleware factory, and its
 * options naming the middleware that the stock stack holds (so that `override` replaces it rather
 * than adding a second one). Throws SdkPatchError when either moved.
 */
export function checkUserAgentMiddleware(client: Pick<BedrockRuntimeClient, 'middlewareStack'>): void {
  if (typeof userAgentMiddleware !== 'function') throw new SdkPatchError('@aws-sdk/core/client no longer exports userAgentMiddleware');
  const { name, step, override } = (getUserAgentMiddlewareOptions ?? {}) as { name?: string; step?: string; override?: boolean };
  if (!name || step !== 'build' || override !== true) throw new SdkPatchError('@aws-sdk/core/client getUserAgentMiddlewareOptions is not a named, overriding build-step middleware');
  if (!client.middlewareStack.identify().some((entry) => entry.startsWith(`${name} - `))) {
    throw new SdkPatchError(`the BedrockRuntimeClient middleware stack has no "${name}" for the memoized user agent to replace`);
  }
}

/**
 * Per-call options (abort signal, body activity) for a client with `cacheMiddleware`, whose cached
 * handlers cannot take per-call options: the gateway files them under the command's input; a
 * middleware, innermost so that it sees the signed request of every attempt, files them under that
 * request; the request handler, wrapped, hands the signal to the HTTP/2 call, which then ends when
 * the client goes away. The wrapped handler also checks that a streamed operation got an event
 * stream, and hands the SDK its body through relayBody (event-stream-body.ts), which checks each
 * frame's prelude and reports the bytes as they arrive.
 */
function callOptionsFor(client: BedrockRuntimeClient): WeakMap<object, CallOptions> {
  const byInput = new WeakMap<object, CallOptions>();
  const byRequest = new WeakMap<object, CallOptions>();
  client.middlewareStack.add(
    (next) => (args) => {
      const call = byInput.get(args.input as object);
      if (call) byRequest.set(args.request as object, call);
      return next(args);
    },
    { step: 'deserialize', priority: 'low', name: 'outcropAbortSignal' },
  );
  type Handler = RequestHandler<HttpRequest, HttpResponse, HttpHandlerOptions> & {
    updateHttpClientConfig?: (key: never, value: never) => void;
    httpHandlerConfigs?: () => object;
  };
  const inner = client.config.requestHandler as Handler;
  const wrapped: Handler = {
    metadata: inner.metadata,
    handle: (request, options) => {
      const call = byRequest.get(request);
      return inner.handle(request, call?.signal ? { ...options, abortSignal: call.signal } : options).then((out) => {
        const { body, headers, statusCode } = out.response;
        const streamed = isEventStream(headers);
        // A 2xx to ConverseStream (or InvokeModelWithResponseStream) that is not an event stream is
        // someone else's answer (a portal, a proxy); the SDK would try to decode it as frames.
        if (!streamed && statusCode >= 200 && statusCode < 300 && STREAMED_PATH.test(request.path)) {
          if (body instanceof Readable) body.destroy();
          throw new BadResponseError(`a streamed call was answered with ${headers['content-type'] ? `content type ${headers['content-type'].slice(0, 60)}` : 'no content type'}, not an event stream`);
        }
        if (body instanceof Readable && streamed) {
          const check = eventStreamFrameCheck();
          const onBytes = call?.onBytes;
          out.response.body = relayBody(body, {
            inspect: (chunk) => {
              onBytes?.();
              return check(chunk);
            },
          });
        }
        return out;
      });
    },
    destroy: () => inner.destroy?.(),
    updateHttpClientConfig: (key, value) => inner.updateHttpClientConfig?.(key, value),
    httpHandlerConfigs: () => inner.httpHandlerConfigs?.() ?? {},
  };
  (client.config as { requestHandler: unknown }).requestHandler = wrapped;
  return byInput;
}

// The runtime operations that answer with an event stream.
const STREAMED_PATH = /\/(converse-stream|invoke-with-response-stream)$/;


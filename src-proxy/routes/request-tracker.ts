import type { TokenUsage } from '@aws-sdk/client-bedrock-runtime';
import type { FastifyRequest } from 'fastify';
import { clientName } from '../../src-shared/client-name';
import { CLIENT_CLOSED_STATUS, protocolForPath, type RequestLogEntry, type RequestProtocol } from '../../src-shared/request-log';
import type { ProxyContext } from '../context';
import { ProxyError } from '../errors';

// A user-agent is for reading, not storage: the longest real ones are about 200 characters.
const MAX_USER_AGENT = 300;
// Longer than any model id or ARN; a model name past this is not one.
const MAX_MODEL = 512;

/** Collects what one request did and hands a RequestLogEntry to the log sink exactly once. */
export class RequestTracker {
  stream = false;
  /** Which API the request spoke; by default the one its endpoint belongs to. */
  protocol: RequestProtocol;
  model?: string;
  bedrockModel?: string;
  /** What the proxy changed or dropped to fit Bedrock, named once in the log entry. */
  notes?: string[];
  private readonly started = performance.now();
  private readonly time = Date.now();
  private firstTokenMs?: number;
  private done = false;

  constructor(private readonly ctx: ProxyContext, private readonly request: FastifyRequest, private readonly endpoint: string) {
    this.protocol = protocolForPath(endpoint);
    tracked.add(request);
  }

  get hasFirstToken(): boolean {
    return this.firstTokenMs !== undefined;
  }

  /** Marks the time of the first token. */
  ttft(): void {
    this.firstTokenMs ??= performance.now() - this.started;
  }

  /** Records that the client went away before the answer was complete (499, `client_closed`). */
  clientClosed(extra: { usage?: TokenUsage } = {}): void {
    const after = this.firstTokenMs === undefined ? 'before the answer started' : 'before the answer was complete';
    this.finish(CLIENT_CLOSED_STATUS, { ...extra, error: new ProxyError('client_closed', `The client closed the connection ${after}; the Bedrock call was cancelled.`) });
  }

  /** Records the outcome; later calls are ignored. */
  finish(status: number, extra: { usage?: TokenUsage; error?: ProxyError; finishReason?: string; reasoningTokens?: number; bodies?: RequestLogEntry['bodies'] } = {}): void {
    if (this.done) return;
    this.done = true;
    const entry: RequestLogEntry = {
      id: String(this.request.id),
      time: this.time,
      endpoint: this.endpoint,
      method: this.request.method,
      protocol: this.protocol,
      client: clientName(this.request.headers),
      userAgent: this.request.headers['user-agent']?.slice(0, MAX_USER_AGENT),
      model: this.model ?? this.bodyModel(),
      bedrockModel: this.bedrockModel,
      stream: this.stream,
      status,
      latencyMs: Math.round((performance.now() - this.started) * 100) / 100,
      // Only a stream has a first token before its end: for a whole answer it would repeat the latency.
      ttftMs: !this.stream || this.firstTokenMs === undefined ? undefined : Math.round(this.firstTokenMs * 100) / 100,
      finishReason: extra.finishReason,
      inputTokens: extra.usage?.inputTokens,
      outputTokens: extra.usage?.outputTokens,
      cacheReadTokens: extra.usage?.cacheReadInputTokens,
      cacheWriteTokens: extra.usage?.cacheWriteInputTokens,
      reasoningTokens: extra.reasoningTokens,
      ...(this.notes?.length ? { notes: this.notes } : {}),
    };
    if (extra.error) entry.error = { code: extra.error.code, message: extra.error.message };
    // Bodies only when the user asked to keep them; the log redacts and truncates them.
    if (extra.bodies && this.ctx.settings().keepBodies) entry.bodies = extra.bodies;
    this.toDiagnosticLog(entry, extra.error);
    try {
      this.ctx.log(entry);
    } catch (err) {
      // A failing log sink must never fail the request it describes; the diagnostic log says so.
      this.request.log.error({ err }, 'the request log could not take an entry');
    }
  }

  // A request that failed before its route read the model (its body did not validate) still
  // names the model it asked for, when the body has one.
  private bodyModel(): string | undefined {
    const body = this.request.body as { model?: unknown } | null | undefined;
    const model = body && typeof body === 'object' ? body.model : undefined;
    return typeof model === 'string' && model.trim() ? model.slice(0, MAX_MODEL) : undefined;
  }

  // Failures at info and above (server-side ones as errors, with their cause chain); every request at debug.
  private toDiagnosticLog(entry: RequestLogEntry, error: ProxyError | undefined): void {
    const log = this.request.log;
    const fields = { endpoint: entry.endpoint, status: entry.status, model: entry.model, bedrockModel: entry.bedrockModel, client: entry.client, stream: entry.stream, latencyMs: entry.latencyMs };
    // At debug, what the client sent besides the body (the logger redacts credentials in headers).
    const request = log.level === 'debug' || log.level === 'trace' ? { method: this.request.method, url: this.request.url, headers: this.request.headers } : undefined;
    if (!error) {
      log.debug({ ...fields, notes: entry.notes, request }, 'request');
      return;
    }
    const line = `${entry.status} ${error.code}: ${error.message}`;
    if (entry.status >= 500) log.error({ ...fields, err: error, request }, line);
    else if (entry.status === 429 || entry.status === 401 || entry.status === 403) log.warn({ ...fields, err: error, request }, line);
    else log.info({ ...fields, request }, line);
  }
}

// Requests a route has begun to log (so that an aborted upload is not logged twice).
const tracked = new WeakSet<FastifyRequest>();

/**
 * Logs a request whose client went away while its body was still arriving (fastify's
 * onRequestAbort: no route handler ran, so nothing else will log it). Only the APIs' paths: the
 * admin API and the settings UI are not requests of the log.
 */
export function logAbortedUpload(ctx: ProxyContext, request: FastifyRequest): void {
  if (tracked.has(request)) return;
  const path = request.url.split('?')[0];
  if (protocolForPath(path) === 'unknown') return;
  const tracker = new RequestTracker(ctx, request, path);
  tracker.finish(CLIENT_CLOSED_STATUS, { error: new ProxyError('client_closed', 'The client closed the connection while still sending the request.') });
}

/**
 * Logs a request that no route serves (method, path, client; the status and error the client
 * got), so the user sees which client called which path.
 */
export function logUnroutedRequest(ctx: ProxyContext, request: FastifyRequest, error: ProxyError): void {
  const path = request.url.split('?')[0];
  // A browser showing the settings UI asks for this on its own; no client called it.
  if (path === '/favicon.ico') return;
  new RequestTracker(ctx, request, path).finish(error.status, { error });
}

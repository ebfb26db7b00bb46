import type { TokenUsage } from '@aws-sdk/client-bedrock-runtime';
import type { FastifyRequest } from 'fastify';
import type { RequestLogEntry } from '../../src-shared/request-log';
import type { ProxyContext } from '../context';
import type { ProxyError } from '../errors';

/** Collects what one request did and hands a RequestLogEntry to the log sink exactly once. */
export class RequestTracker {
  stream = false;
  model?: string;
  bedrockModel?: string;
  private readonly started = performance.now();
  private readonly time = Date.now();
  private firstTokenMs?: number;
  private done = false;

  constructor(private readonly ctx: ProxyContext, private readonly request: FastifyRequest, private readonly endpoint: string) {}

  get hasFirstToken(): boolean {
    return this.firstTokenMs !== undefined;
  }

  /** Marks the time of the first token. */
  ttft(): void {
    this.firstTokenMs ??= performance.now() - this.started;
  }

  /** Records the outcome; later calls are ignored. */
  finish(status: number, extra: { usage?: TokenUsage; error?: ProxyError; finishReason?: string; reasoningTokens?: number; bodies?: RequestLogEntry['bodies'] } = {}): void {
    if (this.done) return;
    this.done = true;
    const entry: RequestLogEntry = {
      id: String(this.request.id),
      time: this.time,
      endpoint: this.endpoint,
      client: this.request.headers['user-agent'],
      model: this.model,
      bedrockModel: this.bedrockModel,
      stream: this.stream,
      status,
      latencyMs: Math.round((performance.now() - this.started) * 100) / 100,
      ttftMs: this.firstTokenMs === undefined ? undefined : Math.round(this.firstTokenMs * 100) / 100,
      finishReason: extra.finishReason,
      inputTokens: extra.usage?.inputTokens,
      outputTokens: extra.usage?.outputTokens,
      cacheReadTokens: extra.usage?.cacheReadInputTokens,
      cacheWriteTokens: extra.usage?.cacheWriteInputTokens,
      reasoningTokens: extra.reasoningTokens,
    };
    if (extra.error) entry.error = { code: extra.error.code, message: extra.error.message };
    // Bodies only when the user asked to keep them; the log redacts and truncates them.
    if (extra.bodies && this.ctx.settings().keepBodies) entry.bodies = extra.bodies;
    try {
      this.ctx.log(entry);
    } catch {
      // A failing log sink must never fail the request it describes.
    }
  }
}

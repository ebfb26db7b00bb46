// One proxied request, as the request log, the live view and the usage totals see it.

export interface RequestLogEntry {
  id: string;
  /** Epoch milliseconds when the request arrived. */
  time: number;
  endpoint: string;
  client?: string;
  /** The model name the client asked for. */
  model?: string;
  /** The Bedrock model id or ARN that was invoked. */
  bedrockModel?: string;
  stream: boolean;
  status: number;
  /** Stable error code from the proxy's catalogue, with the message the client saw. */
  error?: { code: string; message: string };
  latencyMs: number;
  /** Time to the first streamed token (or the whole answer when not streaming). */
  ttftMs?: number;
  finishReason?: string;
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  reasoningTokens?: number;
  /** Estimated cost in USD from the price table (undefined when the model has no price). */
  costUsd?: number;
  /** Translated request/response, only when the user keeps bodies; truncated, secrets and image bytes redacted. */
  bodies?: { request?: unknown; response?: unknown };
}

/** Where finished requests go (the core's request log; a no-op in tests that do not care). */
export type RequestLogSink = (entry: RequestLogEntry) => void;

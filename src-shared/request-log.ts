// One proxied request, as the request log, the live view and the usage totals see it.

export interface RequestLogEntry {
  id: string;
  /** Epoch milliseconds when the request arrived. */
  time: number;
  endpoint: string;
  /** The HTTP method (logged so that a request to a route that does not exist reads in full). */
  method?: string;
  /** Which API the client spoke, from the path (see protocolForPath). */
  protocol?: RequestProtocol;
  /** A short name for the client ("claude-cli/2.1.3", "Cline"); see client-name.ts. */
  client?: string;
  /** The client's full user-agent, truncated. */
  userAgent?: string;
  /** The model name the client asked for (also when its request did not validate, if the body named one). */
  model?: string;
  /** The Bedrock model id or ARN that was invoked. */
  bedrockModel?: string;
  stream: boolean;
  /** The HTTP status the client got; CLIENT_CLOSED_STATUS (499) when it left before the answer was complete. */
  status: number;
  /** Stable error code from the proxy's catalogue, with the message the client saw. */
  error?: { code: string; message: string };
  latencyMs: number;
  /** Time to the first streamed token; only for streams (older entries may carry it for whole answers too). */
  ttftMs?: number;
  finishReason?: string;
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  reasoningTokens?: number;
  /** What the proxy changed or dropped to fit Bedrock (betas, server tools, clamped max_tokens), one line each. */
  notes?: string[];
  /** Estimated cost in USD from the price table (undefined when the model has no price). */
  costUsd?: number;
  /** Translated request/response, only when the user keeps bodies; truncated, secrets and image bytes redacted. */
  bodies?: { request?: unknown; response?: unknown };
}

/**
 * The status logged for a request whose client closed the connection before the answer was
 * complete (nginx's "client closed request"), with error code `client_closed`. Nobody received it:
 * not Outcrop's or Bedrock's failure, though the request did not complete.
 */
export const CLIENT_CLOSED_STATUS = 499;

/** Whether an entry is a request its client gave up on (see CLIENT_CLOSED_STATUS). */
export function isClientClosed(e: Pick<RequestLogEntry, 'status' | 'error'>): boolean {
  return e.status === CLIENT_CLOSED_STATUS && e.error?.code === 'client_closed';
}

/** The APIs a request can speak; `unknown` is a path no front door serves. */
export const REQUEST_PROTOCOLS = ['chat', 'completions', 'embeddings', 'messages', 'responses', 'models', 'unknown'] as const;
export type RequestProtocol = (typeof REQUEST_PROTOCOLS)[number];

// By the end of the path, so that prefixed mounts (/anthropic/v1/messages, /openai/v1/...) and
// the bare paths some clients use (/chat/completions) read the same. First match wins.
const PROTOCOL_PATHS: Array<[RegExp, RequestProtocol]> = [
  [/\/chat\/completions\/?$/, 'chat'],
  [/\/completions\/?$/, 'completions'],
  [/\/embeddings\/?$/, 'embeddings'],
  [/\/messages(\/count_tokens|\/batches(\/.*)?)?\/?$/, 'messages'],
  [/\/responses(\/.*)?$/, 'responses'],
  [/\/models(\/.*)?$/, 'models'],
];

/** The API a request path belongs to (query string ignored); `unknown` when none serves it. */
export function protocolForPath(path: string): RequestProtocol {
  const bare = path.split('?')[0].toLowerCase();
  return PROTOCOL_PATHS.find(([pattern]) => pattern.test(bare))?.[1] ?? 'unknown';
}

/** Where finished requests go (the core's request log; a no-op in tests that do not care). */
export type RequestLogSink = (entry: RequestLogEntry) => void;

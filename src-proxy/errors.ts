// The one error catalogue of the proxy: every failure a client can see has a stable code here,
// an HTTP status, and renders as the client's own error format (OpenAI or Anthropic).

export type ErrorCode =
  | 'invalid_json'
  | 'invalid_request'
  | 'unsupported_parameter'
  | 'body_too_large'
  | 'not_found'
  | 'method_not_allowed'
  | 'model_not_found'
  | 'image_fetch_failed'
  | 'unauthorized'
  | 'forbidden'
  | 'too_many_requests'
  | 'bedrock_validation'
  | 'bedrock_access_denied'
  | 'bedrock_not_found'
  | 'bedrock_throttled'
  | 'bedrock_model_not_ready'
  | 'bedrock_quota_exceeded'
  | 'bedrock_model_timeout'
  | 'bedrock_model_error'
  | 'bedrock_internal'
  | 'bedrock_unavailable'
  | 'bedrock_unreachable'
  | 'bedrock_timeout'
  | 'bedrock_stream_error'
  | 'bedrock_bad_response'
  | 'client_closed'
  | 'aws_credentials'
  | 'aws_not_configured'
  | 'internal';

type OpenAiType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'server_error'
  | 'api_error';

interface CatalogueEntry {
  status: number;
  openai: OpenAiType;
  anthropic: string;
}

const CATALOGUE: Record<ErrorCode, CatalogueEntry> = {
  invalid_json: { status: 400, openai: 'invalid_request_error', anthropic: 'invalid_request_error' },
  invalid_request: { status: 400, openai: 'invalid_request_error', anthropic: 'invalid_request_error' },
  unsupported_parameter: { status: 400, openai: 'invalid_request_error', anthropic: 'invalid_request_error' },
  body_too_large: { status: 413, openai: 'invalid_request_error', anthropic: 'request_too_large' },
  not_found: { status: 404, openai: 'not_found_error', anthropic: 'not_found_error' },
  method_not_allowed: { status: 405, openai: 'invalid_request_error', anthropic: 'invalid_request_error' },
  model_not_found: { status: 404, openai: 'invalid_request_error', anthropic: 'not_found_error' },
  image_fetch_failed: { status: 400, openai: 'invalid_request_error', anthropic: 'invalid_request_error' },
  unauthorized: { status: 401, openai: 'authentication_error', anthropic: 'authentication_error' },
  forbidden: { status: 403, openai: 'permission_error', anthropic: 'permission_error' },
  too_many_requests: { status: 429, openai: 'rate_limit_error', anthropic: 'rate_limit_error' },
  bedrock_validation: { status: 400, openai: 'invalid_request_error', anthropic: 'invalid_request_error' },
  bedrock_access_denied: { status: 403, openai: 'permission_error', anthropic: 'permission_error' },
  bedrock_not_found: { status: 404, openai: 'not_found_error', anthropic: 'not_found_error' },
  bedrock_throttled: { status: 429, openai: 'rate_limit_error', anthropic: 'rate_limit_error' },
  bedrock_model_not_ready: { status: 429, openai: 'rate_limit_error', anthropic: 'rate_limit_error' },
  bedrock_quota_exceeded: { status: 429, openai: 'rate_limit_error', anthropic: 'rate_limit_error' },
  bedrock_model_timeout: { status: 408, openai: 'api_error', anthropic: 'timeout_error' },
  bedrock_model_error: { status: 502, openai: 'api_error', anthropic: 'api_error' },
  bedrock_internal: { status: 502, openai: 'server_error', anthropic: 'api_error' },
  bedrock_unavailable: { status: 503, openai: 'server_error', anthropic: 'overloaded_error' },
  bedrock_unreachable: { status: 502, openai: 'server_error', anthropic: 'api_error' },
  bedrock_timeout: { status: 504, openai: 'server_error', anthropic: 'timeout_error' },
  bedrock_stream_error: { status: 502, openai: 'server_error', anthropic: 'api_error' },
  // Something answered that is not Bedrock (a captive portal, a proxy's page) or bytes that do not decode.
  bedrock_bad_response: { status: 502, openai: 'server_error', anthropic: 'api_error' },
  // The client went away before the answer was complete: nobody receives this, the request log
  // records it. 499 is nginx's "client closed request".
  client_closed: { status: 499, openai: 'invalid_request_error', anthropic: 'invalid_request_error' },
  aws_credentials: { status: 401, openai: 'authentication_error', anthropic: 'authentication_error' },
  // A setup problem on this machine (no region), not a server fault: a 4xx that clients show
  // instead of retrying, with the doctor's finding and fix as the message.
  aws_not_configured: { status: 400, openai: 'invalid_request_error', anthropic: 'invalid_request_error' },
  internal: { status: 500, openai: 'server_error', anthropic: 'api_error' },
};

export interface ProxyErrorOptions {
  param?: string | null;
  /** Seconds, sent as Retry-After (429 and 503). */
  retryAfter?: number;
  /** The upstream error name (Bedrock's exception type), kept for logs and for the client. */
  upstream?: string;
  status?: number;
  /** What went wrong underneath (the SDK's or the network's error), for the diagnostic log; never sent to a client. */
  cause?: unknown;
}

/** An error with a catalogue code; the only kind of error routes let reach a client. */
export class ProxyError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly param: string | null;
  readonly retryAfter?: number;
  readonly upstream?: string;

  constructor(code: ErrorCode, message: string, opts: ProxyErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'ProxyError';
    this.code = code;
    this.status = opts.status ?? CATALOGUE[code].status;
    this.param = opts.param ?? null;
    this.retryAfter = opts.retryAfter;
    this.upstream = opts.upstream;
  }
}

/** The OpenAI error body: {error:{message,type,code,param}}. */
export function openAiErrorBody(err: ProxyError): { error: { message: string; type: string; code: string; param: string | null } } {
  return { error: { message: err.message, type: CATALOGUE[err.code].openai, code: err.code, param: err.param } };
}

/** The Anthropic error body: {type:"error", error:{type,message}}. */
export function anthropicErrorBody(err: ProxyError): { type: 'error'; error: { type: string; message: string } } {
  return { type: 'error', error: { type: CATALOGUE[err.code].anthropic, message: err.message } };
}

/** Headers that go with an error response (Retry-After for throttling). */
export function errorHeaders(err: ProxyError): Record<string, string> {
  return err.retryAfter !== undefined ? { 'retry-after': String(err.retryAfter) } : {};
}

/** Turns anything thrown inside a route into a ProxyError without leaking a stack trace. */
export function asProxyError(err: unknown): ProxyError {
  if (err instanceof ProxyError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new ProxyError('internal', `Outcrop hit an unexpected error: ${message}. The request was not completed; try again, and report it if it repeats.`, { cause: err });
}

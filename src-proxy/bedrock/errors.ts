import { explainNetworkError } from '../../src-shared/network-errors';
import { ProxyError, type ErrorCode } from '../errors';
import { ConnectTimeoutError } from './connect-timeout-error';
import { BadResponseError } from './frame-check';

/** What the proxy knows about the call when Bedrock fails, so the message can say what to do. */
export interface BedrockErrorContext {
  profile?: string;
  region?: string;
  modelId?: string;
  /** The app's finding for a credentials problem (what is missing, the one fix); replaces the generic hint. */
  advice?: string;
}

/** A setup problem the proxy cannot judge itself (it sees no files or settings). */
export type ConfigProblem = { kind: 'no-region' } | { kind: 'credentials'; error: unknown };

/**
 * Given by the app: says what is missing and the one command or UI action that fixes it, for the
 * way Outcrop runs (headless or desktop). Undefined when it has nothing better than the error.
 */
export type ConfigAdvisor = (problem: ConfigProblem) => Promise<string | undefined>;

// Bedrock error types (x-amzn-ErrorType, or :exception-type in a stream) and their meaning for a client.
// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_Errors
const BY_NAME: Record<string, ErrorCode> = {
  ValidationException: 'bedrock_validation',
  AccessDeniedException: 'bedrock_access_denied',
  ResourceNotFoundException: 'bedrock_not_found',
  ThrottlingException: 'bedrock_throttled',
  ModelNotReadyException: 'bedrock_model_not_ready',
  ServiceQuotaExceededException: 'bedrock_quota_exceeded',
  ModelTimeoutException: 'bedrock_model_timeout',
  ModelErrorException: 'bedrock_model_error',
  ModelStreamErrorException: 'bedrock_stream_error',
  InternalServerException: 'bedrock_internal',
  ServiceUnavailableException: 'bedrock_unavailable',
  ExpiredTokenException: 'aws_credentials',
  UnrecognizedClientException: 'aws_credentials',
  InvalidSignatureException: 'aws_credentials',
  MissingAuthenticationTokenException: 'aws_credentials',
  IncompleteSignatureException: 'aws_credentials',
  CredentialsProviderError: 'aws_credentials',
  TokenProviderError: 'aws_credentials',
  InvalidGrantException: 'aws_credentials',
  UnauthorizedException: 'aws_credentials',
};

/** Error names that mean "these credentials are no good any more": re-resolve once and retry. */
export const CREDENTIAL_ERROR_NAMES = new Set([
  'ExpiredTokenException',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'CredentialsProviderError',
  'TokenProviderError',
  'InvalidGrantException',
  'UnauthorizedException',
]);

// ERR_HTTP2_*: the HTTP/2 session or stream to Bedrock broke (reset bursts, GOAWAY mid-call): a cut
// connection, not an Outcrop bug.
const NETWORK_CODES = new Set(['ERR_HTTP2_SESSION_ERROR', 'ERR_HTTP2_STREAM_ERROR', 'ERR_HTTP2_STREAM_CANCEL', 'ERR_HTTP2_GOAWAY_SESSION', 'ERR_HTTP2_INVALID_SESSION', 'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID']);

// The HTTP/2 handler wraps socket errors: look through the cause chain for the system error code.
function networkCode(err: unknown): string | undefined {
  for (let e = err as { code?: string; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    // EPROXY*: the CONNECT tunnel through the user's HTTPS proxy failed (src-proxy/net/tunnel.ts).
    if (e.code && (NETWORK_CODES.has(e.code) || e.code.startsWith('EPROXY'))) return e.code;
  }
  return undefined;
}

/** Normalises a stream exception name (throttlingException) to the SDK's class name (ThrottlingException). */
function canonicalName(name: string): string {
  return name ? name[0].toUpperCase() + name.slice(1) : name;
}

/** True for errors that mean the AWS credentials were rejected or could not be loaded. */
export function isCredentialError(err: unknown): boolean {
  const name = (err as { name?: string })?.name;
  return typeof name === 'string' && CREDENTIAL_ERROR_NAMES.has(canonicalName(name));
}

function signInHint(ctx: BedrockErrorContext): string {
  const profile = ctx.profile ?? 'default';
  return `Check the AWS credentials for profile "${profile}": sign in from the Outcrop tray or run \`aws sso login --profile ${profile}\` (or \`npm run outcrop -- login --profile ${profile}\`), then retry.`;
}

// The SDK appends this to errors it met while decoding an answer.
const DESERIALIZATION_HINT = /\s*Deserialization error: to see the raw response.*$/s;

/**
 * The part of an upstream message fit to show a client: Bedrock's own messages are short plain
 * sentences (or JSON with a `message`); anything else (HTML, binary, a wall of text) is someone
 * else's bytes and is not echoed.
 */
export function readableMessage(text: string): string | undefined {
  let t = text.replace(DESERIALIZATION_HINT, '').trim();
  if (t.startsWith('{')) {
    try {
      const parsed = JSON.parse(t) as { message?: unknown; Message?: unknown };
      const m = parsed.message ?? parsed.Message;
      if (typeof m !== 'string') return undefined;
      t = m.trim();
    } catch {
      return undefined;
    }
  }
  // eslint-disable-next-line no-control-regex
  if (!t || t.length > 1000 || /<[!/a-z]/i.test(t) || /[\u0000-\u0008\u000e-\u001f\ufffd]/.test(t)) return undefined;
  return t;
}

function statusAndType(err: unknown): string {
  const e = err as { $metadata?: { httpStatusCode?: number }; $response?: { statusCode?: number; headers?: Record<string, string> } };
  const status = e.$response?.statusCode ?? e.$metadata?.httpStatusCode;
  const type = e.$response?.headers?.['content-type']?.split(';')[0].slice(0, 60);
  return [status ? `HTTP ${status}` : '', type ?? ''].filter(Boolean).join(', ');
}

const NOT_BEDROCK_HINT = 'A captive portal (hotel or airport Wi-Fi sign-in), a proxy or a firewall may be answering instead of Bedrock: open any web page to sign in to the network, check the proxy and the Bedrock endpoint setting, then retry.';

/** The client's error for an answer that could not be decoded; none of its bytes are repeated. */
function badResponse(err: unknown): ProxyError | undefined {
  const name = (err as { name?: string })?.name;
  if (err instanceof BadResponseError) {
    // Not err.message: the SDK appends its own hint to errors it passes on.
    return new ProxyError('bedrock_bad_response', `Bedrock's answer could not be decoded: ${err.reason}. ${NOT_BEDROCK_HINT}`, { upstream: 'BadResponse' });
  }
  // JSON.parse of a body (the SDK's deserializer, for answers and error answers alike).
  if (name === 'SyntaxError') {
    const what = statusAndType(err);
    // Not the SyntaxError as the cause: its message quotes the body, and the diagnostic log prints causes.
    const cause = new Error(`The SDK could not parse the answer as JSON${what ? ` (${what})` : ''}.`);
    return new ProxyError('bedrock_bad_response', `Bedrock's answer could not be decoded${what ? ` (${what})` : ''}: it is not an AWS response. ${NOT_BEDROCK_HINT}`, { upstream: 'BadResponse', cause });
  }
  return undefined;
}

function connectTimeout(err: unknown): ConnectTimeoutError | undefined {
  for (let e = err as { cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e instanceof ConnectTimeoutError) return e;
  }
  return undefined;
}

/** Maps an error thrown by the AWS SDK (or the network under it) to a ProxyError keeping Bedrock's message; the original is its `cause`. */
export function fromBedrockError(err: unknown, ctx: BedrockErrorContext = {}): ProxyError {
  if (err instanceof ProxyError) return err;
  const out = translate(err, ctx);
  // Kept for the diagnostic log only (the client gets the message): what the SDK or socket said.
  if (out.cause === undefined) Object.defineProperty(out, 'cause', { value: loggableCause(err), writable: true, configurable: true, enumerable: false });
  return out;
}

// An error whose message is not readable text (a portal's page in an exception frame, binary) is
// not kept as it is: the diagnostic log prints causes, and the page's bytes stay out of it too.
function loggableCause(err: unknown): unknown {
  const e = err as { name?: unknown; message?: unknown };
  if (typeof e?.message !== 'string' || !e.message || readableMessage(e.message.slice(0, 1000)) !== undefined) return err;
  const what = statusAndType(err);
  return new Error(`${typeof e.name === 'string' ? e.name : 'Error'} with a message that is not readable text${what ? ` (${what})` : ''}; its bytes are left out.`);
}

function translate(err: unknown, ctx: BedrockErrorContext): ProxyError {
  const e = err as { name?: string; message?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const name = canonicalName(e?.name ?? 'Error');
  const bad = badResponse(err);
  if (bad) return bad;
  if (name === 'AbortError') return new ProxyError('client_closed', 'The client closed the connection; the Bedrock call was cancelled.', { upstream: name });
  const slow = connectTimeout(err);
  if (slow) return new ProxyError('bedrock_timeout', `Could not connect to Bedrock (${slow.host}) within ${slow.ms >= 1000 ? `${Math.round(slow.ms / 100) / 10} s` : `${slow.ms} ms`} (connect timeout). Check the network, VPN or proxy, or raise "Connect" under Settings → Limits, then retry.`, { upstream: 'ConnectTimeout' });
  const raw = readableMessage(e?.message ?? String(err)) ?? '(no readable message)';
  const code = BY_NAME[name];

  if (code === 'aws_credentials') {
    if (ctx.advice) return new ProxyError('aws_credentials', ctx.advice, { upstream: name });
    return new ProxyError('aws_credentials', `AWS rejected or could not load the credentials (${name}: ${raw}). ${signInHint(ctx)}`, { upstream: name });
  }
  if (code === 'bedrock_throttled' || code === 'bedrock_model_not_ready' || code === 'bedrock_quota_exceeded') {
    return new ProxyError(code, `Bedrock is throttling requests (${name}): ${raw}`, { upstream: name, retryAfter: code === 'bedrock_model_not_ready' ? 5 : 2 });
  }
  if (code === 'bedrock_unavailable') {
    return new ProxyError(code, `Bedrock is unavailable right now (${name}): ${raw}`, { upstream: name, retryAfter: 5 });
  }
  if (code === 'bedrock_access_denied') {
    const model = ctx.modelId ? ` to model ${ctx.modelId}` : '';
    return new ProxyError(code, `Bedrock denied access${model} (${name}): ${raw} Make sure model access is enabled in the Bedrock console for region ${ctx.region ?? 'your region'} and that profile "${ctx.profile ?? 'default'}" may call bedrock:InvokeModel.`, { upstream: name });
  }
  if (code) return new ProxyError(code, `Bedrock ${name}: ${raw}`, { upstream: name });

  if (name === 'TimeoutError' || e?.code === 'ETIMEDOUT') {
    return new ProxyError('bedrock_timeout', explainNetworkError(err, { service: 'Bedrock' })?.sentence ?? `Bedrock did not answer in time: ${raw}`, { upstream: name });
  }
  const network = networkCode(err);
  if (network) {
    // Credentials resolve through the SSO portal first: name the service that failed.
    const host = explainNetworkError(err)?.host ?? '';
    const explained = explainNetworkError(err, { service: /(^|\.)(portal\.sso|oidc|sso)\./.test(host) ? 'AWS SSO' : 'Bedrock' });
    return new ProxyError('bedrock_unreachable', explained?.sentence ?? `Could not reach Bedrock (${network}): ${raw}. Check your network, VPN or the Bedrock endpoint setting.`, { upstream: network });
  }
  const status = e?.$metadata?.httpStatusCode;
  if (status && status >= 400 && status < 500) {
    return new ProxyError('bedrock_validation', `Bedrock ${name}: ${raw}`, { upstream: name, status });
  }
  if (status && status >= 500) return new ProxyError('bedrock_internal', `Bedrock ${name}: ${raw}`, { upstream: name });
  // An exception frame of a type the SDK does not know, inside a stream.
  if (/Exception$/.test(name)) return new ProxyError('bedrock_stream_error', `Bedrock reported ${name} in the stream: ${raw}`, { upstream: name });
  return new ProxyError('internal', `Outcrop could not complete the Bedrock call (${name}): ${raw}`, { upstream: name });
}

import {
  AccessDeniedException,
  InternalServerException,
  ModelErrorException,
  ModelNotReadyException,
  ModelStreamErrorException,
  ModelTimeoutException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ServiceUnavailableException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import { CREDENTIAL_ERROR_NAMES, fromBedrockError, isCredentialError } from '../../src-proxy/bedrock/errors';
import { errorHeaders, openAiErrorBody, ProxyError } from '../../src-proxy/errors';

const meta = (httpStatusCode: number) => ({ httpStatusCode, requestId: 'req-1', attempts: 1, totalRetryDelay: 0 });
const named = (name: string, message: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(message), { name }, extra);
/** What the SDK throws for an exception frame inside ConverseStream: the lower-camel :exception-type as name. */
const streamException = (type: string, message: string) => named(type, message);

describe('fromBedrockError: SDK exceptions before the stream starts', () => {
  it.each([
    [new ValidationException({ message: 'The model returned the following errors: messages: text content blocks must be non-empty', $metadata: meta(400) }), 'bedrock_validation', 400],
    [new AccessDeniedException({ message: "You don't have access to the model with the specified model ID.", $metadata: meta(403) }), 'bedrock_access_denied', 403],
    [new ResourceNotFoundException({ message: 'Model not found.', $metadata: meta(404) }), 'bedrock_not_found', 404],
    [new ModelTimeoutException({ message: 'Model timed out.', $metadata: meta(408) }), 'bedrock_model_timeout', 408],
    [new ModelErrorException({ message: 'The model failed.', $metadata: meta(424) }), 'bedrock_model_error', 502],
    [new InternalServerException({ message: 'Internal error.', $metadata: meta(500) }), 'bedrock_internal', 502],
    [new ServiceUnavailableException({ message: 'Service unavailable.', $metadata: meta(503) }), 'bedrock_unavailable', 503],
  ])('maps %s to %s (HTTP %i) and keeps the Bedrock message', (err, code, status) => {
    const p = fromBedrockError(err, { modelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0' });
    expect(p).toBeInstanceOf(ProxyError);
    expect(p).toMatchObject({ code, status, upstream: err.name });
    expect(p.message).toContain(err.message);
  });

  it('rule 9: throttling before the first event becomes a real 429 with Retry-After', () => {
    const p = fromBedrockError(new ThrottlingException({ message: 'Too many requests, please wait before trying again.', $metadata: meta(429) }));
    expect(p).toMatchObject({ code: 'bedrock_throttled', status: 429, retryAfter: 2, upstream: 'ThrottlingException' });
    expect(errorHeaders(p)).toEqual({ 'retry-after': '2' });
    expect(openAiErrorBody(p).error.type).toBe('rate_limit_error');
    expect(p.message).toContain('Too many requests');
  });

  it('rule 9: ModelNotReady and quota errors are 429 too; unavailable is 503 with Retry-After', () => {
    expect(fromBedrockError(new ModelNotReadyException({ message: 'not ready', $metadata: meta(429) }))).toMatchObject({ status: 429, retryAfter: 5, code: 'bedrock_model_not_ready' });
    expect(fromBedrockError(new ServiceQuotaExceededException({ message: 'quota', $metadata: meta(400) }))).toMatchObject({ status: 429, retryAfter: 2, code: 'bedrock_quota_exceeded' });
    expect(fromBedrockError(new ServiceUnavailableException({ message: 'busy', $metadata: meta(503) }))).toMatchObject({ status: 503, retryAfter: 5 });
  });

  it('access denied names the model, the region and the profile to fix', () => {
    const p = fromBedrockError(new AccessDeniedException({ message: 'denied.', $metadata: meta(403) }), { modelId: 'us.amazon.nova-pro-v1:0', region: 'us-east-1', profile: 'dev' });
    expect(p.message).toContain('to model us.amazon.nova-pro-v1:0');
    expect(p.message).toContain('region us-east-1');
    expect(p.message).toContain('profile "dev"');
  });

  it('returns a ProxyError unchanged', () => {
    const p = new ProxyError('invalid_request', 'x');
    expect(fromBedrockError(p)).toBe(p);
  });
});

describe('fromBedrockError: exceptions inside a stream (rule 9)', () => {
  it.each([
    ['throttlingException', 'bedrock_throttled', 429],
    ['modelStreamErrorException', 'bedrock_stream_error', 502],
    ['validationException', 'bedrock_validation', 400],
    ['internalServerException', 'bedrock_internal', 502],
    ['serviceUnavailableException', 'bedrock_unavailable', 503],
  ])('rule 9: stream exception %s maps to %s', (type, code, status) => {
    const p = fromBedrockError(streamException(type, 'stream broke'));
    expect(p).toMatchObject({ code, status, upstream: type[0].toUpperCase() + type.slice(1) });
    expect(openAiErrorBody(p).error).toMatchObject({ code, message: expect.stringContaining('stream broke') });
  });

  it('rule 9: the SDK class for a mid-stream model error maps the same way', () => {
    expect(fromBedrockError(new ModelStreamErrorException({ message: 'Model stream error', $metadata: meta(424) })).code).toBe('bedrock_stream_error');
  });
});

describe('fromBedrockError: network and unknown errors', () => {
  it('maps timeouts and network failures to 504 and 502 with advice', () => {
    expect(fromBedrockError(named('TimeoutError', 'socket timed out'))).toMatchObject({ code: 'bedrock_timeout', status: 504 });
    expect(fromBedrockError(named('Error', 'timed out', { code: 'ETIMEDOUT' }))).toMatchObject({ code: 'bedrock_timeout' });
    const p = fromBedrockError(named('Error', 'connect ECONNREFUSED 127.0.0.1:443', { code: 'ECONNREFUSED' }));
    expect(p).toMatchObject({ code: 'bedrock_unreachable', status: 502, upstream: 'ECONNREFUSED' });
    expect(p.message).toBe('Bedrock (127.0.0.1:443) refused the connection: nothing is listening there — check the endpoint setting (or start the emulator), then try again.');
    const dns = fromBedrockError(named('Error', 'getaddrinfo ENOTFOUND bedrock-runtime.us-east-1.amazonaws.com', { code: 'ENOTFOUND', hostname: 'bedrock-runtime.us-east-1.amazonaws.com' }));
    expect(dns).toMatchObject({ code: 'bedrock_unreachable', status: 502, upstream: 'ENOTFOUND' });
    expect(dns.message).toMatch(/^Could not look up Bedrock \(bedrock-runtime\.us-east-1\.amazonaws\.com\): this machine looks offline/);
    const sso = fromBedrockError(named('Error', 'getaddrinfo ENOTFOUND portal.sso.us-east-1.amazonaws.com', { code: 'ENOTFOUND', hostname: 'portal.sso.us-east-1.amazonaws.com' }));
    expect(sso.message).toMatch(/^Could not look up AWS SSO \(portal\.sso\.us-east-1\.amazonaws\.com\)/);
    const tls = fromBedrockError(named('Error', 'self-signed certificate in certificate chain', { code: 'SELF_SIGNED_CERT_IN_CHAIN' }));
    expect(tls).toMatchObject({ code: 'bedrock_unreachable', upstream: 'SELF_SIGNED_CERT_IN_CHAIN' });
    expect(tls.message).toContain('AWS_CA_BUNDLE');
  });

  it.each(['ERR_HTTP2_SESSION_ERROR', 'ERR_HTTP2_STREAM_ERROR', 'ERR_HTTP2_GOAWAY_SESSION', 'ERR_HTTP2_INVALID_SESSION'])(
    'a broken HTTP/2 session or stream (%s, also as a cause) is 502 bedrock_unreachable, not internal', (code) => {
      const direct = fromBedrockError(named('Error', `Session closed with error code 2`, { code }));
      expect(direct).toMatchObject({ code: 'bedrock_unreachable', status: 502, upstream: code });
      expect(direct.message).toMatch(/^The connection to Bedrock was cut/);
      const wrapped = fromBedrockError(named('Error', 'request failed', { cause: named('Error', 'inner', { code }) }));
      expect(wrapped).toMatchObject({ code: 'bedrock_unreachable', status: 502 });
    });

  it('a credentials error with the app\'s advice says only that (the doctor\'s finding and fix)', () => {
    const p = fromBedrockError(named('CredentialsProviderError', 'Could not load credentials from any providers'), { advice: 'AWS profile "dev" (from --profile) is not defined. To fix: restart with `--profile prod`.' });
    expect(p).toMatchObject({ code: 'aws_credentials', status: 401, message: 'AWS profile "dev" (from --profile) is not defined. To fix: restart with `--profile prod`.' });
  });

  it('maps an unknown 4xx to a validation error keeping its status, an unknown 5xx to 502, anything else to 500', () => {
    expect(fromBedrockError(named('WeirdException', 'odd', { $metadata: { httpStatusCode: 413 } }))).toMatchObject({ code: 'bedrock_validation', status: 413 });
    expect(fromBedrockError(named('WeirdException', 'odd', { $metadata: { httpStatusCode: 502 } }))).toMatchObject({ code: 'bedrock_internal', status: 502 });
    expect(fromBedrockError(new Error('boom'))).toMatchObject({ code: 'internal', status: 500 });
    expect(fromBedrockError(null).code).toBe('internal');
    expect(fromBedrockError('text').message).toContain('text');
  });
});

describe('rule 16: credential errors', () => {
  it.each(['ExpiredTokenException', 'UnrecognizedClientException', 'InvalidSignatureException', 'CredentialsProviderError', 'TokenProviderError', 'InvalidGrantException', 'UnauthorizedException', 'expiredTokenException'])(
    'rule 16: isCredentialError(%s) is true, so the gateway re-resolves once',
    (name) => {
      expect(isCredentialError(named(name, 'x'))).toBe(true);
    },
  );

  it('rule 16: permission, throttling and validation errors are not credential errors (no re-resolve loop on them)', () => {
    expect(isCredentialError(new AccessDeniedException({ message: 'no', $metadata: meta(403) }))).toBe(false);
    expect(isCredentialError(new ThrottlingException({ message: 'slow', $metadata: meta(429) }))).toBe(false);
    expect(isCredentialError(new ValidationException({ message: 'bad', $metadata: meta(400) }))).toBe(false);
    expect(isCredentialError(null)).toBe(false);
    expect(isCredentialError(undefined)).toBe(false);
    expect(isCredentialError('ExpiredTokenException')).toBe(false);
    expect(isCredentialError({})).toBe(false);
  });

  it('rule 16: every credential error name maps to aws_credentials (401)', () => {
    for (const name of CREDENTIAL_ERROR_NAMES) expect(fromBedrockError(named(name, 'x')).code).toBe('aws_credentials');
  });

  it('rule 16: an expired token tells the user which profile to sign in to', () => {
    const p = fromBedrockError(named('ExpiredTokenException', 'The security token included in the request is expired', { $metadata: { httpStatusCode: 403 } }), { profile: 'bedrock-dev' });
    expect(p).toMatchObject({ code: 'aws_credentials', status: 401, upstream: 'ExpiredTokenException' });
    expect(p.message).toContain('The security token included in the request is expired');
    expect(p.message).toContain('profile "bedrock-dev"');
    expect(p.message).toContain('aws sso login --profile bedrock-dev');
    expect(openAiErrorBody(p).error.type).toBe('authentication_error');
  });

  it('rule 16: an SSO session that cannot be refreshed also names the profile (default when unknown)', () => {
    const p = fromBedrockError(named('CredentialsProviderError', 'The SSO session associated with this profile has expired or is otherwise invalid.'));
    expect(p.code).toBe('aws_credentials');
    expect(p.message).toContain('aws sso login --profile default');
  });
});

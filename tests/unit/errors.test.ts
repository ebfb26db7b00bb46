import { describe, expect, it } from 'vitest';
import { anthropicErrorBody, asProxyError, errorHeaders, openAiErrorBody, ProxyError } from '../../src-proxy/errors';

describe('ProxyError', () => {
  it('takes its status from the catalogue unless told otherwise', () => {
    const e = new ProxyError('model_not_found', 'nope', { param: 'model' });
    expect(e).toBeInstanceOf(Error);
    expect(e).toMatchObject({ name: 'ProxyError', code: 'model_not_found', status: 404, param: 'model', message: 'nope' });
    expect(new ProxyError('bedrock_validation', 'x', { status: 422 }).status).toBe(422);
    expect(new ProxyError('internal', 'x').param).toBeNull();
  });

  it.each([
    ['invalid_request', 400],
    ['body_too_large', 413],
    ['unauthorized', 401],
    ['bedrock_access_denied', 403],
    ['bedrock_throttled', 429],
    ['bedrock_model_timeout', 408],
    ['bedrock_unavailable', 503],
    ['bedrock_timeout', 504],
    ['bedrock_stream_error', 502],
    ['aws_credentials', 401],
    ['aws_not_configured', 400],
    ['internal', 500],
  ] as const)('%s is HTTP %i', (code, status) => {
    expect(new ProxyError(code, 'm').status).toBe(status);
  });
});

describe('error bodies', () => {
  it('renders the OpenAI error shape', () => {
    expect(openAiErrorBody(new ProxyError('unsupported_parameter', "'n' must be 1", { param: 'n' }))).toEqual({
      error: { message: "'n' must be 1", type: 'invalid_request_error', code: 'unsupported_parameter', param: 'n' },
    });
    expect(openAiErrorBody(new ProxyError('bedrock_throttled', 'slow down')).error).toEqual({ message: 'slow down', type: 'rate_limit_error', code: 'bedrock_throttled', param: null });
    expect(openAiErrorBody(new ProxyError('aws_credentials', 'sign in')).error.type).toBe('authentication_error');
    // A setup problem is the user's to fix, not a server error a client would retry.
    expect(openAiErrorBody(new ProxyError('aws_not_configured', 'set a region')).error.type).toBe('invalid_request_error');
  });

  it('renders the Anthropic error shape', () => {
    expect(anthropicErrorBody(new ProxyError('bedrock_unavailable', 'busy'))).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'busy' } });
    expect(anthropicErrorBody(new ProxyError('model_not_found', 'x')).error.type).toBe('not_found_error');
  });

  it('rule 9: sends Retry-After only when the error has one', () => {
    expect(errorHeaders(new ProxyError('bedrock_throttled', 'm', { retryAfter: 2 }))).toEqual({ 'retry-after': '2' });
    expect(errorHeaders(new ProxyError('bedrock_validation', 'm'))).toEqual({});
  });
});

describe('asProxyError', () => {
  it('keeps ProxyErrors and wraps anything else as an internal error without a stack', () => {
    const p = new ProxyError('invalid_json', 'bad');
    expect(asProxyError(p)).toBe(p);
    const wrapped = asProxyError(new TypeError('x is undefined'));
    expect(wrapped).toMatchObject({ code: 'internal', status: 500 });
    expect(wrapped.message).toContain('x is undefined');
    expect(wrapped.message).not.toContain('at ');
    expect(asProxyError('plain string').message).toContain('plain string');
  });
});

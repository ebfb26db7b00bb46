import { describe, expect, test } from 'vitest';
import { explainNetworkError } from '../../src-shared/network-errors';

const sys = (code: string, message = `${code} x`, extra: Record<string, unknown> = {}) => Object.assign(new Error(message), { code, ...extra });

describe('explainNetworkError: one sentence and the action', () => {
  test.each([
    ['ENOTFOUND', 'dns', /offline or its DNS is failing/],
    ['EAI_AGAIN', 'dns', /offline or its DNS is failing/],
    ['ECONNREFUSED', 'refused', /refused the connection/],
    ['ETIMEDOUT', 'timeout', /did not answer in time/],
    ['ENETUNREACH', 'unreachable', /cannot be reached from this network/],
    ['EHOSTUNREACH', 'unreachable', /cannot be reached/],
    ['ECONNRESET', 'reset', /was cut/],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls', /AWS_CA_BUNDLE/],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'tls', /corporate proxy/],
    ['CERT_HAS_EXPIRED', 'tls-expired', /clock/],
  ])('%s -> %s', (code, problem, sentence) => {
    const out = explainNetworkError(sys(code), { service: 'AWS SSO' });
    expect(out).toMatchObject({ problem, code });
    expect(out!.sentence).toMatch(sentence);
    expect(out!.sentence).toContain('AWS SSO');
    // One sentence: one full stop, at the end.
    expect(out!.sentence.replace(/\([^)]*\)/g, '').match(/\.(\s|$)/g)).toHaveLength(1);
  });

  test("a failed proxy tunnel (EPROXY*) is the proxy's fault, whatever socket error it wraps", () => {
    const tunnel = sys('EPROXYUNREACHABLE', 'Could not reach the proxy http://***@proxy.corp:3128 (for bedrock-runtime.us-east-1.amazonaws.com:443): connect ECONNREFUSED 10.0.0.1:3128.');
    const out = explainNetworkError(new Error('request failed', { cause: tunnel }), { service: 'Bedrock' })!;
    expect(out).toMatchObject({ problem: 'proxy', code: 'EPROXYUNREACHABLE' });
    expect(out.sentence).toMatch(/^Could not reach the proxy http:\/\/\*\*\*@proxy\.corp:3128 .* — check the proxy in Outcrop's settings \(or HTTPS_PROXY \/ NO_PROXY\), then try again\.$/);
  });

  test('finds the code deep in a cause chain or an AggregateError, and names the host', () => {
    const inner = sys('ENOTFOUND', 'getaddrinfo ENOTFOUND oidc.eu-west-1.amazonaws.com', { hostname: 'oidc.eu-west-1.amazonaws.com' });
    const wrapped = new Error('request failed', { cause: new AggregateError([inner], 'all failed') });
    const out = explainNetworkError(wrapped, { service: 'AWS SSO' })!;
    expect(out.problem).toBe('dns');
    expect(out.host).toBe('oidc.eu-west-1.amazonaws.com');
    expect(out.sentence).toContain('(oidc.eu-west-1.amazonaws.com)');
    expect(out.sentence).not.toContain('getaddrinfo');
  });

  test('a code only in the message text still counts (SDK wrappers that drop .code)', () => {
    expect(explainNetworkError(new Error('connect ECONNREFUSED 127.0.0.1:9'))).toMatchObject({ problem: 'refused', host: '127.0.0.1:9' });
  });

  test('the SSO portal 401 and an expired SSO token are "sign in again" with the command', () => {
    const portal = Object.assign(new Error('Session token not found or invalid. '.repeat(20)), { name: 'UnauthorizedException' });
    const out = explainNetworkError(portal, { loginCommand: 'npm run outcrop -- login --profile dev' })!;
    expect(out.problem).toBe('sso-expired');
    expect(out.sentence).toBe('The AWS SSO session expired or was revoked — sign in again with `npm run outcrop -- login --profile dev`.');
    const sdk = Object.assign(new Error('The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login with the corresponding profile.'), { name: 'CredentialsProviderError' });
    expect(explainNetworkError(sdk)?.problem).toBe('sso-expired');
  });

  test('anything else is not a network problem', () => {
    expect(explainNetworkError(new Error('boom'))).toBeUndefined();
    expect(explainNetworkError(Object.assign(new Error('nope'), { name: 'ValidationException' }))).toBeUndefined();
    expect(explainNetworkError(undefined)).toBeUndefined();
  });
});

test('the most specific cause wins over a vague wrapper (an HTTP/2 cancel around ECONNREFUSED)', () => {
  const err = Object.assign(new Error('stream cancelled'), { code: 'ERR_HTTP2_STREAM_CANCEL', cause: sys('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1') });
  expect(explainNetworkError(err)).toMatchObject({ problem: 'refused', code: 'ECONNREFUSED', host: '127.0.0.1:1' });
});

import { describe, expect, test } from 'vitest';
import { RejectedParams } from '../../src-proxy/converse/rejected-params';
import { ProxyError } from '../../src-proxy/errors';

const refusal = (message: string) => new ProxyError('bedrock_validation', `Bedrock ValidationException: ${message}`, { upstream: 'ValidationException' });
const input = () => ({ inferenceConfig: { temperature: 0.5, topP: 0.9, stopSequences: ['x'], maxTokens: 100 }, additionalModelRequestFields: { top_k: 5, thinking: { type: 'enabled' } } });

describe('RejectedParams', () => {
  test.each([
    ['`temperature` and `top_p` cannot both be specified for this model.', 'top_p'],
    ['Malformed input request: #: extraneous key [top_k] is not permitted', 'top_k'],
    ['stop_sequences is not supported by this model', 'stop_sequences'],
    ['Unsupported parameter: temperature', 'temperature'],
    ['The model returned the following errors: `top_k` is deprecated for this model.', 'top_k'],
  ])('%s -> drops %s', (message, name) => {
    const r = new RejectedParams();
    const i = input();
    expect(r.learn('m', refusal(message), i)).toBe(name);
    expect(JSON.stringify(i)).not.toMatch(name === 'top_p' ? /topP/ : name === 'stop_sequences' ? /stopSequences/ : new RegExp(`"${name}"`));
    expect(i.inferenceConfig.maxTokens).toBe(100);
    const next = input();
    expect(r.apply('m', next)).toEqual([name]);
    expect(r.apply('other-model', input())).toEqual([]);
  });

  test('anything else is not learned: another error, another upstream type, a parameter the request lacks', () => {
    const r = new RejectedParams();
    expect(r.learn('m', new Error('`temperature` and `top_p` cannot both be specified'), input())).toBeUndefined();
    expect(r.learn('m', new ProxyError('bedrock_throttled', 'extraneous key [top_k] is not permitted', { upstream: 'ThrottlingException' }), input())).toBeUndefined();
    expect(r.learn('m', refusal('The provided model identifier is invalid.'), input())).toBeUndefined();
    expect(r.learn('m', refusal('extraneous key [top_k] is not permitted'), { inferenceConfig: {} })).toBeUndefined();
    expect(r.apply('m', input())).toEqual([]);
  });
});

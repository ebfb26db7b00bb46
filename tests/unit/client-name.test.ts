import { describe, expect, it } from 'vitest';
import { clientName, shortUserAgent } from '../../src-shared/client-name';
import { protocolForPath } from '../../src-shared/request-log';

describe('clientName: a short name from the user-agent', () => {
  it.each([
    ['claude-cli/2.1.3 (external, sdk-cli)', 'claude-cli/2.1.3'],
    ['codex_exec/0.17.2 (Ubuntu 24.4.0; x86_64) xterm-256color (codex_exec; 0.17.2)', 'codex_exec/0.17.2'],
    ['codex_cli_rs/0.171.0 (Mac OS 15.1.0; arm64) ghostty/1.2.0', 'codex_cli_rs/0.171.0'],
    ['OpenAI/JS 6.49.0', 'OpenAI/JS 6.49.0'],
    ['OpenAI/Python 1.99.1', 'OpenAI/Python 1.99.1'],
    ['Anthropic/JS 0.71.2', 'Anthropic/JS 0.71.2'],
    ['Anthropic/Python 0.69.0', 'Anthropic/Python 0.69.0'],
    ['curl/8.5.0', 'curl/8.5.0'],
    ['Continue/1.2.3', 'Continue/1.2.3'],
    ['ai-sdk/openai-compatible/1.0.19 ai-sdk/provider-utils/3.0.10 runtime/node.js/22', 'ai-sdk/openai-compatible/1.0.19'],
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', 'Browser'],
    ['python-requests/2.32.3', 'python-requests/2.32.3'],
    ['Go-http-client/1.1', 'Go-http-client/1.1'],
    ['my-tool', 'my-tool'],
  ])('%s -> %s', (ua, name) => {
    expect(clientName({ 'user-agent': ua })).toBe(name);
  });

  it('prefers the app named in X-Title (Cline, Roo Code) over the SDK user-agent, with its version', () => {
    expect(clientName({ 'user-agent': 'OpenAI/JS 4.96.0', 'x-title': 'Cline', 'x-cline-version': '3.40.1' })).toBe('Cline/3.40.1');
    expect(clientName({ 'user-agent': 'OpenAI/JS 5.12.0', 'x-title': 'Roo Code' })).toBe('Roo Code');
  });

  it("falls back to Codex's originator header, and is undefined when nothing names the client", () => {
    expect(clientName({ originator: 'codex_exec' })).toBe('codex_exec');
    expect(clientName({})).toBeUndefined();
    expect(clientName({ 'user-agent': '   ' })).toBeUndefined();
    expect(clientName({ 'user-agent': ['curl/8.1.0', 'x/1'] })).toBe('curl/8.1.0');
  });

  it('keeps names short, and a short name stays as it is', () => {
    const long = clientName({ 'user-agent': `${'x'.repeat(80)}/1.0` })!;
    expect(long).toHaveLength(40);
    expect(long.endsWith('…')).toBe(true);
    for (const name of ['claude-cli/2.1.3', 'OpenAI/JS 6.49.0', 'Anthropic/JS 0.71.2', 'curl/8.5.0', 'Browser', 'Cline/3.40.1']) {
      expect(shortUserAgent(name)).toBe(name);
    }
  });
});

describe('protocolForPath', () => {
  it.each([
    ['/v1/chat/completions', 'chat'],
    ['/chat/completions', 'chat'],
    ['/v1/completions', 'completions'],
    ['/v1/embeddings', 'embeddings'],
    ['/v1/messages?beta=true', 'messages'],
    ['/v1/messages/count_tokens?beta=true', 'messages'],
    ['/anthropic/v1/messages', 'messages'],
    ['/v1/responses', 'responses'],
    ['/v1/responses/resp_123/input_items', 'responses'],
    ['/v1/models', 'models'],
    ['/v1/models/claude-sonnet', 'models'],
    ['/V1/Chat/Completions', 'chat'],
    ['/v1/xyz', 'unknown'],
    ['/', 'unknown'],
    ['/v1/messages-old', 'unknown'],
  ])('%s -> %s', (path, protocol) => {
    expect(protocolForPath(path)).toBe(protocol);
  });
});

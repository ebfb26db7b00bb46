import { describe, expect, it } from 'vitest';
import { toConverseRequest } from '../../src-proxy/converse/to-converse';
import { MAX_DEPTH } from '../../src-proxy/json-body';
import { parseCountTokensRequest, parseMessagesRequest } from '../../src-proxy/protocols/anthropic-messages/schema';
import { anthropicToNeutral } from '../../src-proxy/protocols/anthropic-messages/to-neutral';
import { parseEmbeddingsRequest } from '../../src-proxy/protocols/openai-chat/embeddings-schema';
import { toConverse } from '../../src-proxy/protocols/openai-chat/to-neutral';
import { parseResponsesRequest } from '../../src-proxy/protocols/openai-responses/schema';
import { ReasoningSealer } from '../../src-proxy/protocols/openai-responses/sealing';
import { responsesToNeutral } from '../../src-proxy/protocols/openai-responses/to-neutral';
import { ResponsesTools } from '../../src-proxy/protocols/openai-responses/tools';
import { chatRequest, model, proxyError } from './helpers';

// Every protocol's schema checks the fields its translation reads, and the 400 names the field
// (issue 17); empty inputs Bedrock would refuse are 400s in the client's words.

const SONNET = model('claude-sonnet-4.5');
const sealer = new ReasoningSealer(Buffer.alloc(32, 7));

function responses(body: Record<string, unknown>) {
  const req = parseResponsesRequest({ model: 'claude-sonnet-4.5', ...body });
  const items = typeof req.input === 'string' ? [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: req.input }] }] : req.input!;
  return toConverseRequest(responsesToNeutral(req, items as never, { images: new Map(), tools: new ResponsesTools(req.tools ?? []), sealer }), { model: SONNET });
}

const messages = (body: Record<string, unknown>) => anthropicToNeutral(parseMessagesRequest({ model: 'claude-sonnet-4-5', max_tokens: 100, ...body }), { model: SONNET });
const user = (content: unknown) => [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'ok' }, { role: 'user', content }];

describe('Responses: parts, items and tools of a known type are checked in full', () => {
  it.each([
    [{ input: [{ role: 'user', content: [{ type: 'input_text', text: 5 }] }] }, 'input[0].content[0].text'],
    [{ input: [{ type: 'message', role: 'user', content: 5 }] }, 'input[0].content'],
    [{ input: [{ role: 'user', content: [{ type: 'input_image', image_url: {} }] }] }, 'input[0].content[0].image_url'],
    [{ input: [{ role: 'user', content: [{ type: 'input_file', file_data: 1 }] }] }, 'input[0].content[0].file_data'],
    [{ input: [{ role: 'user', content: [null] }] }, 'input[0].content[0]'],
    [{ input: [{ type: 'function_call', call_id: 'c', name: 'f', arguments: {} }] }, 'input[0].arguments'],
    [{ input: [{ type: 'function_call_output', call_id: 'c', output: [{ type: 'input_text', text: [] }] }] }, 'input[0].output[0].text'],
    [{ input: [{ type: 'reasoning', encrypted_content: 7 }] }, 'input[0].encrypted_content'],
    [{ input: 'hi', tools: [{ type: 'function', name: 5 }] }, 'tools[0].name'],
    [{ input: 'hi', tools: [{ type: 'custom', name: 'x', format: { type: 'grammar', definition: 5 } }] }, 'tools[0].format.definition'],
    [{ input: 'hi', tools: [{ type: 'namespace', name: 'ns', tools: [{ type: 'function', name: 'f', parameters: 'x' }] }] }, 'tools[0].tools[0].parameters'],
    [{ input: 'hi', text: { format: { type: 'json_schema', name: 'a', schema: 5 } } }, 'text.format.schema'],
  ])('%j names %s', (body, param) => {
    const err = proxyError(() => parseResponsesRequest({ model: 'm', ...body }));
    expect(err).toMatchObject({ code: 'invalid_request', status: 400, param });
    expect(err.message).toContain(`Invalid value for '${param}'`);
  });

  it('still takes items and tools of types it does not know (hosted tools and their calls)', () => {
    const req = parseResponsesRequest({ input: [{ type: 'web_search_call', id: 'ws' }, { role: 'user', content: 'hi' }], tools: [{ type: 'web_search', external_web_access: false }] });
    expect(req.input).toHaveLength(2);
  });

  it("refuses an input with nothing in it, naming 'input' (not the core's 'messages')", () => {
    for (const input of [[], '', '   ', [{ role: 'user', content: [{ type: 'input_text', text: ' ' }] }]]) {
      expect(proxyError(() => responses({ input }))).toMatchObject({ code: 'invalid_request', param: 'input' });
    }
    expect(proxyError(() => responses({ input: [{ role: 'user', content: 'hi' }, { role: 'user', content: [] }] }))).toMatchObject({ param: 'input[1].content' });
    // An assistant message that says nothing is dropped, as before.
    expect(responses({ input: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: [] }] }).input.messages).toHaveLength(1);
  });
});

describe('Anthropic Messages: fields named the Anthropic way, empty content refused', () => {
  it.each([
    [user([{ type: 'text', text: 5 }]), 'messages.2.content.0.text'],
    [user([{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: null } }]), 'messages.2.content.0.source.data'],
    [user([{ type: 'tool_result', tool_use_id: 'x', content: [{ type: 'text', text: {} }] }]), 'messages.2.content.0.content.0.text'],
    [user([{ type: 'document', source: { type: 'url', url: 1 } }]), 'messages.2.content.0.source.url'],
  ])('%j names %s', (msgs, param) => {
    const err = proxyError(() => parseMessagesRequest({ max_tokens: 10, messages: msgs }));
    expect(err).toMatchObject({ code: 'invalid_request', param });
    expect(err.message.startsWith(`${param}: `)).toBe(true);
    expect(proxyError(() => parseCountTokensRequest({ messages: msgs })).param).toBe(param);
  });

  it('refuses no messages and a message with an empty content list, except a final assistant turn', () => {
    expect(proxyError(() => messages({ messages: [] }))).toMatchObject({ param: 'messages', message: 'messages: at least one message is required' });
    expect(proxyError(() => messages({ messages: user([]) }))).toMatchObject({ param: 'messages.2.content' });
    expect(proxyError(() => messages({ messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: [] }, { role: 'user', content: 'again' }] })).param).toBe('messages.1.content');
    expect(messages({ messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: [] }] }).neutral.messages).toHaveLength(2);
  });

  it('keeps dropping blank text blocks (rule 3) instead of refusing them', () => {
    const t = toConverseRequest(messages({ messages: user([{ type: 'text', text: '  ' }, { type: 'text', text: 'real' }]) }).neutral, { model: SONNET });
    expect(t.input.messages!.at(-1)!.content).toEqual([{ text: 'real' }]);
  });
});

describe('OpenAI chat and embeddings: empty inputs', () => {
  it('refuses a user or system message whose content is null or an empty list, naming it', () => {
    for (const content of [[], null]) {
      expect(proxyError(() => toConverse(chatRequest({ messages: [{ role: 'user', content: 'hi' }, { role: 'user', content }] }), { model: SONNET }))).toMatchObject({ param: 'messages[1].content' });
      expect(proxyError(() => toConverse(chatRequest({ messages: [{ role: 'system', content }, { role: 'user', content: 'hi' }] }), { model: SONNET }))).toMatchObject({ param: 'messages[0].content' });
    }
  });

  it('keeps assistant turns with only tool calls, and empty tool results (rules 3 and 13)', () => {
    const t = toConverse(chatRequest({
      messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: '', tool_calls: [{ id: 'c', function: { name: 'f', arguments: '{}' } }] }, { role: 'tool', tool_call_id: 'c', content: [] }],
    }), { model: SONNET });
    expect(t.input.messages![1].content![0].toolUse).toMatchObject({ toolUseId: 'c' });
    expect(t.input.messages![2].content![0].toolResult!.content![0].text).toBeTruthy();
  });

  it('refuses an empty embeddings input list and more than 2,048 inputs', () => {
    expect(proxyError(() => parseEmbeddingsRequest({ model: 'titan-embed-v2', input: [] }))).toMatchObject({ param: 'input', message: expect.stringContaining('>=1') });
    expect(proxyError(() => parseEmbeddingsRequest({ model: 'titan-embed-v2', input: [''] }))).toMatchObject({ param: 'input[0]' });
    expect(proxyError(() => parseEmbeddingsRequest({ model: 'titan-embed-v2', input: Array(2049).fill('a') }))).toMatchObject({ param: 'input' });
    expect(proxyError(() => parseEmbeddingsRequest({ model: 'titan-embed-v2', input: ['a', null] }))).toMatchObject({ param: 'input[1]' });
    expect(parseEmbeddingsRequest({ model: 'titan-embed-v2', input: Array(2048).fill('a') }).input).toHaveLength(2048);
  });
});

describe('deep values stay within what the translation walks', () => {
  const deep = (depth: number): Record<string, unknown> => {
    let v: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < depth; i++) v = { type: 'object', properties: { x: v }, additionalProperties: false };
    return v;
  };

  it('a tool schema as deep as the body cap allows goes through strict checks, cache points and the count', () => {
    const schema = deep(Math.floor(MAX_DEPTH / 2) - 4);
    const t = responses({ input: 'hi', tools: [{ type: 'function', name: 'f', parameters: schema, strict: true }], prompt_cache_key: 'k', text: { format: { type: 'json_schema', name: 'a', schema } } });
    expect(t.input.toolConfig!.tools![0].toolSpec!.inputSchema!.json).toMatchObject({ type: 'object' });
  });

  it('tool-call arguments nested deeper than a body may be are kept unparsed, not walked', () => {
    const args = '['.repeat(10_000) + ']'.repeat(10_000);
    const t = toConverse(chatRequest({ messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: null, tool_calls: [{ id: 'c', function: { name: 'f', arguments: args } }] }], prompt_caching: true }), { model: SONNET });
    expect(t.input.messages![1].content![0].toolUse!.input).toEqual({ _unparsed_arguments: args });
  });
});

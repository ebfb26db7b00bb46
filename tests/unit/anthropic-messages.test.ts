import { describe, expect, it } from 'vitest';
import { toConverseRequest } from '../../src-proxy/converse/to-converse';
import { accumulate, newAccumulator } from '../../src-proxy/converse/stream-accumulator';
import { ToolNameMap } from '../../src-proxy/converse/tool-names';
import { splitBetas } from '../../src-proxy/protocols/anthropic-messages/betas';
import { renderMessage, stopReasonOf } from '../../src-proxy/protocols/anthropic-messages/response';
import { parseMessagesRequest } from '../../src-proxy/protocols/anthropic-messages/schema';
import { encodeAnthropicEvent, finishAnthropicStream, newAnthropicStream } from '../../src-proxy/protocols/anthropic-messages/stream-encoder';
import { anthropicToNeutral } from '../../src-proxy/protocols/anthropic-messages/to-neutral';
import { ev, model, proxyError } from './helpers';

const req = (body: Record<string, unknown>) => parseMessagesRequest({ model: 'claude-sonnet-4-5', max_tokens: 1000, messages: [{ role: 'user', content: 'hi' }], ...body });
const claude = model('claude-sonnet-4-5');

describe('Anthropic request → neutral → Converse', () => {
  it('blank text and empty tool results follow the core rules; tool_use names are aliased; is_error becomes status error', () => {
    const { neutral } = anthropicToNeutral(req({
      messages: [
        { role: 'user', content: [{ type: 'text', text: '  ' }, { type: 'text', text: 'go' }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'mcp.fs/read', input: { p: 1 } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: '', is_error: true }] },
      ],
    }), { model: claude });
    const t = toConverseRequest(neutral, { model: claude });
    const messages = t.input.messages!;
    expect(messages[0].content).toEqual([{ text: 'go' }]);
    const alias = messages[1].content![0].toolUse!.name!;
    expect(alias).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    expect(t.toolNames.original(alias)).toBe('mcp.fs/read');
    expect(messages[2].content).toEqual([{ toolResult: { toolUseId: 't1', content: [{ text: '(the tool returned no output)' }], status: 'error' } }]);
    // History with tools and no tools declared still gets a toolConfig (rule 10).
    expect(t.input.toolConfig!.tools![0].toolSpec!.name).toBe(alias);
  });

  it('thinking: enabled keeps the budget, disabled is off, temperature/top_p/top_k dropped with thinking on', () => {
    const on = toConverseRequest(anthropicToNeutral(req({ thinking: { type: 'enabled', budget_tokens: 4000 }, temperature: 0.5, top_p: 0.9, top_k: 3 }), { model: claude }).neutral, { model: claude });
    expect(on.thinking).toBe(true);
    expect(on.input.additionalModelRequestFields).toEqual({ thinking: { type: 'enabled', budget_tokens: 4000 } });
    // max_tokens is raised above the budget so the answer has room (the core's reasoning plan).
    expect(on.input.inferenceConfig).toEqual({ maxTokens: 4000 + 4096 });
    const off = toConverseRequest(anthropicToNeutral(req({ thinking: { type: 'disabled' }, temperature: 0.5, top_p: 0.9 }), { model: claude }).neutral, { model: claude });
    expect(off.thinking).toBe(false);
    // Claude 4.5 takes temperature or top_p, not both (rule 6).
    expect(off.input.inferenceConfig).toEqual({ maxTokens: 1000, temperature: 0.5 });
  });

  it('thinking blocks without a signature and redacted thinking map to reasoning blocks; other models do not get them back', () => {
    const body = req({ messages: [
      { role: 'user', content: 'q' },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'plan', signature: 's1' }, { type: 'text', text: 'a' }] },
      { role: 'user', content: 'more' },
    ] });
    const nova = model('nova-pro');
    const t = toConverseRequest(anthropicToNeutral(body, { model: nova }).neutral, { model: nova });
    expect(t.input.messages![1].content).toEqual([{ text: 'a' }]);
    const c = toConverseRequest(anthropicToNeutral(body, { model: claude }).neutral, { model: claude });
    expect(c.input.messages![1].content![0]).toEqual({ reasoningContent: { reasoningText: { text: 'plan', signature: 's1' } } });
  });

  it('refuses system messages with non-text blocks, a tool choice without a name and unknown block types, naming the field', () => {
    expect(proxyError(() => anthropicToNeutral(req({ messages: [{ role: 'system', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } }] }] }), { model: claude })).message).toMatch(/messages\.0\.content\.0\.type/);
    expect(proxyError(() => anthropicToNeutral(req({ tool_choice: { type: 'tool' } }), { model: claude })).param).toBe('tool_choice.name');
    expect(proxyError(() => req({ messages: [{ role: 'user', content: [{ type: 'server_tool_use', id: 'x' }] }] })).param).toMatch(/^messages\.0\.content\.0/);
  });

  it('splits anthropic-beta into what Bedrock takes for the model and the rest', () => {
    expect(splitBetas('claude-code-20250219, interleaved-thinking-2025-05-14,context-1m-2025-08-07', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0')).toEqual({
      forwarded: ['interleaved-thinking-2025-05-14', 'context-1m-2025-08-07'],
      dropped: ['claude-code-20250219'],
    });
    expect(splitBetas('context-1m-2025-08-07', 'us.anthropic.claude-haiku-4-5-20251001-v1:0').dropped).toEqual(['context-1m-2025-08-07']);
  });
});

describe('Anthropic answers', () => {
  it('maps every Bedrock stop reason', () => {
    expect(stopReasonOf('end_turn', false)).toBe('end_turn');
    expect(stopReasonOf('end_turn', true)).toBe('tool_use');
    expect(stopReasonOf('tool_use', true)).toBe('tool_use');
    expect(stopReasonOf('max_tokens', true)).toBe('max_tokens');
    expect(stopReasonOf('stop_sequence', false)).toBe('stop_sequence');
    expect(stopReasonOf('guardrail_intervened', false)).toBe('refusal');
    expect(stopReasonOf('content_filtered', false)).toBe('refusal');
    expect(stopReasonOf('model_context_window_exceeded', false)).toBe('model_context_window_exceeded');
    expect(stopReasonOf('malformed_tool_use', false)).toBe('end_turn');
  });

  it('renders a message object with blocks in order and the stop sequence when only one was asked', () => {
    const msg = renderMessage({ content: [{ text: 'a' }, { toolUse: { toolUseId: 'toolu_1', name: 'Write', input: { x: 1 } } }], stopReason: 'tool_use', usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 }, reasoningChars: 0 }, 'claude-sonnet-4-5');
    expect(msg).toMatchObject({ type: 'message', model: 'claude-sonnet-4-5', stop_reason: 'tool_use', content: [{ type: 'text', text: 'a' }, { type: 'tool_use', id: 'toolu_1', name: 'Write', input: { x: 1 } }] });
    expect(renderMessage({ content: [{ text: 'b' }], stopReason: 'stop_sequence', reasoningChars: 0 }, 'm', ['STOP']).stop_sequence).toBe('STOP');
  });

  it('encodes a stream as well-formed blocks with dense indexes, closing one before the next opens', () => {
    const acc = newAccumulator(new ToolNameMap(), { idPrefix: 'toolu_x' });
    const state = newAnthropicStream('claude-sonnet-4-5');
    const frames = [
      ev.messageStart(), ev.reasoning(0, 'r'), ev.signature(0, 'S'), ev.blockStop(0), ev.text(1, 'Hi'), ev.blockStop(1),
      ev.toolStart(2, 'toolu_1', 'Write'), ev.toolInput(2, '{}'), ev.blockStop(2), ev.messageStop('tool_use'),
      ev.metadata({ inputTokens: 3, outputTokens: 4, cacheWriteInputTokens: 9 }),
    ].flatMap((e) => accumulate(acc, e)).flatMap((n) => encodeAnthropicEvent(state, n));
    const all = [...frames, ...finishAnthropicStream(state, acc.usage)];
    expect(all.map((f) => `${f.event}${(f.data as { index?: number }).index ?? ''}`)).toEqual([
      'message_start', 'ping',
      'content_block_start0', 'content_block_delta0', 'content_block_delta0', 'content_block_stop0',
      'content_block_start1', 'content_block_delta1', 'content_block_stop1',
      'content_block_start2', 'content_block_delta2', 'content_block_stop2',
      'message_delta', 'message_stop',
    ]);
    expect(all.at(-2)!.data).toEqual({ type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { input_tokens: 3, output_tokens: 4, cache_creation_input_tokens: 9, cache_read_input_tokens: 0 } });
  });
});

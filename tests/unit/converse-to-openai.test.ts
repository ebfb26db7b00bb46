import type { ContentBlock, ConverseCommandOutput } from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import { completionId, finishReason, reasoningBlocksOf, toChatCompletion, toOpenAiUsage } from '../../src-proxy/protocols/openai-chat/response';
import { ToolNameMap } from '../../src-proxy/converse/tool-names';

function output(content: ContentBlock[], stopReason = 'end_turn', usage: ConverseCommandOutput['usage'] = { inputTokens: 10, outputTokens: 5, totalTokens: 15 }): ConverseCommandOutput {
  return { $metadata: { httpStatusCode: 200 }, output: { message: { role: 'assistant', content } }, stopReason: stopReason as 'end_turn', usage, metrics: { latencyMs: 321 } };
}

describe('finishReason', () => {
  it.each([
    ['end_turn', false, 'stop'],
    ['stop_sequence', false, 'stop'],
    ['tool_use', true, 'tool_calls'],
    ['end_turn', true, 'tool_calls'],
    ['max_tokens', false, 'length'],
    ['model_context_window_exceeded', false, 'length'],
    ['malformed_model_output', false, 'stop'],
    [undefined, false, 'stop'],
  ] as const)('maps %s (tool calls: %s) to %s', (stop, tools, expected) => {
    expect(finishReason(stop, tools)).toBe(expected);
  });

  it('rule 2: max_tokens with tool calls is "length", not "tool_calls" and not "stop"', () => {
    expect(finishReason('max_tokens', true)).toBe('length');
  });

  it('rule 14: guardrail_intervened and content_filtered map to content_filter', () => {
    expect(finishReason('guardrail_intervened', false)).toBe('content_filter');
    expect(finishReason('content_filtered', false)).toBe('content_filter');
    expect(finishReason('guardrail_intervened', true)).toBe('content_filter');
  });
});

describe('toOpenAiUsage', () => {
  it('rule 7: reports cacheReadInputTokens as prompt_tokens_details.cached_tokens; prompt_tokens includes cached input', () => {
    expect(toOpenAiUsage({ inputTokens: 100, outputTokens: 50, totalTokens: 150, cacheReadInputTokens: 900, cacheWriteInputTokens: 40 })).toEqual({
      prompt_tokens: 1040,
      completion_tokens: 50,
      total_tokens: 1090,
      prompt_tokens_details: { cached_tokens: 900, cache_write_tokens: 40 },
      completion_tokens_details: { reasoning_tokens: 0 },
      cache_creation_input_tokens: 40,
      cache_read_input_tokens: 900,
    });
  });

  it('treats missing usage and missing cache fields as zero', () => {
    expect(toOpenAiUsage(undefined)).toEqual({
      prompt_tokens: 0, completion_tokens: 0, total_tokens: 0,
      prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
      cache_creation_input_tokens: 0, cache_read_input_tokens: 0,
    });
    expect(toOpenAiUsage({ inputTokens: 7, outputTokens: 3, totalTokens: 10 }).prompt_tokens_details.cached_tokens).toBe(0);
  });

  it('estimates reasoning tokens at four characters a token, never above the output tokens', () => {
    expect(toOpenAiUsage({ inputTokens: 1, outputTokens: 100, totalTokens: 101 }, 41).completion_tokens_details.reasoning_tokens).toBe(11);
    expect(toOpenAiUsage({ inputTokens: 1, outputTokens: 5, totalTokens: 6 }, 400).completion_tokens_details.reasoning_tokens).toBe(5);
  });
});

describe('toChatCompletion', () => {
  it('turns a text answer into a chat.completion with the requested model name', () => {
    const out = toChatCompletion(output([{ text: 'Hello ' }, { text: 'there.' }]), 'claude-sonnet', new ToolNameMap());
    expect(out.id).toMatch(/^chatcmpl-/);
    expect(out.object).toBe('chat.completion');
    expect(Math.abs(out.created - Date.now() / 1000)).toBeLessThan(5);
    expect(out.model).toBe('claude-sonnet');
    expect(out.choices).toEqual([
      { index: 0, message: { role: 'assistant', content: 'Hello there.', refusal: null }, finish_reason: 'stop', logprobs: null },
    ]);
    expect(out.usage).toMatchObject({ prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 });
  });

  it('rule 13: returns parallel tool calls in order with JSON-string arguments and content null', () => {
    const out = toChatCompletion(
      output([
        { toolUse: { toolUseId: 'tooluse_1', name: 'read_file', input: { path: 'a.ts' } } },
        { toolUse: { toolUseId: 'tooluse_2', name: 'read_file', input: { path: 'b.ts' } } },
      ], 'tool_use'),
      'm',
      new ToolNameMap(),
    );
    expect(out.choices[0]).toEqual({
      index: 0,
      message: {
        role: 'assistant', content: null, refusal: null,
        tool_calls: [
          { id: 'tooluse_1', type: 'function', function: { name: 'read_file', arguments: '{"path":"a.ts"}' } },
          { id: 'tooluse_2', type: 'function', function: { name: 'read_file', arguments: '{"path":"b.ts"}' } },
        ],
      },
      finish_reason: 'tool_calls',
      logprobs: null,
    });
  });

  it('keeps text next to tool calls, and a tool call with no input gets "{}"', () => {
    const out = toChatCompletion(output([{ text: 'Listing.' }, { toolUse: { toolUseId: 't1', name: 'ls', input: undefined } }], 'tool_use'), 'm', new ToolNameMap());
    expect(out.choices[0].message.content).toBe('Listing.');
    expect(out.choices[0].message.tool_calls).toEqual([{ id: 't1', type: 'function', function: { name: 'ls', arguments: '{}' } }]);
  });

  it('rule 2: a tool call in a max_tokens answer is kept, with finish_reason length', () => {
    const out = toChatCompletion(output([{ toolUse: { toolUseId: 'tu_long', name: 'write_file', input: { path: 'x' } } }], 'max_tokens'), 'm', new ToolNameMap());
    expect(out.choices[0].finish_reason).toBe('length');
    expect(out.choices[0].message.tool_calls).toEqual([{ id: 'tu_long', type: 'function', function: { name: 'write_file', arguments: '{"path":"x"}' } }]);
  });

  it('rule 14: a guardrail intervention becomes finish_reason content_filter', () => {
    const out = toChatCompletion(output([{ text: 'Sorry, the model cannot answer this question.' }], 'guardrail_intervened'), 'm', new ToolNameMap());
    expect(out.choices[0].finish_reason).toBe('content_filter');
    expect(out.choices[0].message.content).toBe('Sorry, the model cannot answer this question.');
  });

  it('rule 5: reasoning goes to message.reasoning_content, never into content as <think> tags', () => {
    const out = toChatCompletion(
      output([
        { reasoningContent: { reasoningText: { text: 'Two plus two ', signature: 'sig' } } },
        { reasoningContent: { reasoningText: { text: 'is four.', signature: 'sig2' } } },
        { reasoningContent: { redactedContent: new Uint8Array([9]) } },
        { text: '4' },
      ], 'end_turn', { inputTokens: 10, outputTokens: 20, totalTokens: 30 }),
      'm',
      new ToolNameMap(),
    );
    expect(out.choices[0].message).toEqual({ role: 'assistant', content: '4', refusal: null, reasoning_content: 'Two plus two is four.' });
    expect(out.usage.completion_tokens_details.reasoning_tokens).toBe(Math.ceil('Two plus two is four.'.length / 4));
  });

  it('rule 5: <think>/<reasoning> tags in the text of tag-reasoning models (gpt-oss, Qwen) become reasoning_content', () => {
    const out = toChatCompletion(output([{ text: '<reasoning>Add them.</reasoning>\n\n1 + 2 = 3' }]), 'gpt-oss-120b', new ToolNameMap(), { reasoningTags: true });
    expect(out.choices[0].message).toEqual({ role: 'assistant', content: '1 + 2 = 3', refusal: null, reasoning_content: 'Add them.' });
    const claude = toChatCompletion(output([{ text: 'Write <think> literally.' }]), 'claude', new ToolNameMap());
    expect(claude.choices[0].message.content).toBe('Write <think> literally.');
  });

  it('rule 7: usage.prompt_tokens_details.cached_tokens reports cacheReadInputTokens', () => {
    const out = toChatCompletion(output([{ text: 'x' }], 'end_turn', { inputTokens: 3, outputTokens: 1, totalTokens: 4, cacheReadInputTokens: 4096, cacheWriteInputTokens: 0 }), 'm', new ToolNameMap());
    expect(out.usage.prompt_tokens_details).toEqual({ cached_tokens: 4096, cache_write_tokens: 0 });
    expect(out.usage.prompt_tokens).toBe(4099);
  });

  it('rule 11: maps safe tool names back to the client names', () => {
    const names = new ToolNameMap();
    const safe = names.add('mcp__filesystem.read/text');
    const out = toChatCompletion(output([{ toolUse: { toolUseId: 't', name: safe, input: {} } }], 'tool_use'), 'm', names);
    expect(out.choices[0].message.tool_calls![0].function.name).toBe('mcp__filesystem.read/text');
  });

  it('answers an empty output with content "" and finish_reason stop', () => {
    const out = toChatCompletion({ $metadata: {}, output: undefined, stopReason: 'end_turn', usage: undefined, metrics: undefined }, 'm', new ToolNameMap());
    expect(out.choices[0]).toEqual({ index: 0, message: { role: 'assistant', content: '', refusal: null }, finish_reason: 'stop', logprobs: null });
  });
});

describe('reasoningBlocksOf', () => {
  it('rule 5: keeps only the reasoning blocks (text and redacted), in order', () => {
    const a = { reasoningContent: { reasoningText: { text: 'a', signature: 's' } } };
    const b = { reasoningContent: { redactedContent: new Uint8Array([1]) } };
    expect(reasoningBlocksOf([a, { text: 'x' }, b, { toolUse: { toolUseId: 't', name: 'n', input: {} } }])).toEqual([a, b]);
  });
});

describe('completionId', () => {
  it('looks like an OpenAI id and differs between calls', () => {
    const a = completionId();
    expect(a).toMatch(/^chatcmpl-[a-z0-9]{10,}$/);
    expect(completionId()).not.toBe(a);
  });
});

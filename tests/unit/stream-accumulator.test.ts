import { describe, expect, it } from 'vitest';
import { accumulate, newAccumulator, streamedReasoningBlocks } from '../../src-proxy/converse/stream-accumulator';
import { ToolNameMap } from '../../src-proxy/converse/tool-names';
import { ev } from './helpers';

describe('stream accumulator: ConverseStream events to neutral events', () => {
  it('text, reasoning with signature, tool start / args / stop, stop reason and usage with cache counts', () => {
    const names = new ToolNameMap();
    const safe = names.add('mcp.server/read file');
    const acc = newAccumulator(names, { idPrefix: 'call_x' });
    const events = [
      ev.messageStart(),
      ev.reasoning(0, 'Think'), ev.signature(0, 'sig-'), ev.signature(0, 'A'), ev.blockStop(0),
      ev.text(1, 'Hi'), ev.blockStop(1),
      ev.toolStart(2, 'tooluse_1', safe), ev.toolInput(2, '{"a":'), ev.toolInput(2, '1}'), ev.blockStop(2),
      ev.messageStop('tool_use'),
      ev.metadata({ inputTokens: 5, outputTokens: 7, cacheReadInputTokens: 30, cacheWriteInputTokens: 4 }),
    ].flatMap((e) => accumulate(acc, e));
    expect(events).toEqual([
      { type: 'start' },
      { type: 'reasoning', block: 0, text: 'Think' },
      { type: 'reasoning_signature', block: 0, signature: 'sig-' },
      { type: 'reasoning_signature', block: 0, signature: 'A' },
      { type: 'block_stop', block: 0 },
      { type: 'text', block: 1, text: 'Hi' },
      { type: 'block_stop', block: 1 },
      // The client's own tool name comes back, not the Bedrock-safe alias (rule 11).
      { type: 'tool_start', block: 2, index: 0, id: 'tooluse_1', name: 'mcp.server/read file' },
      { type: 'tool_args', block: 2, index: 0, id: 'tooluse_1', args: '{"a":', first: false },
      { type: 'tool_args', block: 2, index: 0, id: 'tooluse_1', args: '1}', first: false },
      { type: 'block_stop', block: 2 },
      { type: 'stop', stopReason: 'tool_use', hasToolCalls: true },
      { type: 'usage', usage: { inputTokens: 5, outputTokens: 7, cacheReadInputTokens: 30, cacheWriteInputTokens: 4, totalTokens: 12 } },
    ]);
    expect(acc.finished).toBe(true);
    expect(acc.toolCallIds).toEqual(['tooluse_1']);
    expect(acc.reasoningChars).toBe(5);
    expect(streamedReasoningBlocks(acc)).toEqual([{ reasoningContent: { reasoningText: { text: 'Think', signature: 'sig-A' } } }]);
  });

  it('a tool delta without a start opens the call (first: true) with a generated id; redacted reasoning is an event of its own', () => {
    const acc = newAccumulator(new ToolNameMap(), { idPrefix: 'toolu_p' });
    const redacted = new Uint8Array([1, 2]);
    const events = [ev.redacted(0, redacted), ev.toolInput(1, '{}')].flatMap((e) => accumulate(acc, e));
    expect(events).toEqual([
      { type: 'redacted_reasoning', block: 0, data: redacted },
      { type: 'tool_args', block: 1, index: 0, id: 'toolu_p_0', args: '{}', first: true },
    ]);
    expect(streamedReasoningBlocks(acc)).toEqual([{ reasoningContent: { redactedContent: redacted } }]);
  });

  it('think tags of tag-reasoning models become reasoning events, held-back text released at the stop', () => {
    const acc = newAccumulator(new ToolNameMap(), { reasoningTags: true });
    const events = [ev.text(0, '<think>plan</th'), ev.text(0, 'ink>\n\nAnswer <'), ev.messageStop('end_turn')].flatMap((e) => accumulate(acc, e));
    expect(events).toEqual([
      { type: 'reasoning', block: 0, text: 'plan' },
      { type: 'text', block: 0, text: 'Answer ' },
      { type: 'text', block: 0, text: '<' },
      { type: 'stop', stopReason: 'end_turn', hasToolCalls: false },
    ]);
  });
});

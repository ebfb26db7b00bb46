import type { ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import {
  newStreamState,
  onStreamEvent,
  streamedReasoningBlocks,
  usageChunk,
  type ChatCompletionChunk,
  type ChunkDelta,
  type StreamState,
} from '../../src-proxy/protocols/openai-chat/stream-encoder';
import { ToolNameMap } from '../../src-proxy/converse/tool-names';
import { ev } from './helpers';

const ID = 'chatcmpl-unit0001';
const CREATED = 1_760_000_000;

function state(opts: { includeUsage?: boolean; names?: ToolNameMap; model?: string; reasoningTags?: boolean } = {}): StreamState {
  const s = newStreamState(opts.model ?? 'claude-sonnet', opts.names ?? new ToolNameMap(), opts.includeUsage ?? false, { reasoningTags: opts.reasoningTags });
  s.id = ID;
  s.created = CREATED;
  return s;
}

function run(s: StreamState, events: ConverseStreamOutput[]): ChatCompletionChunk[] {
  return events.flatMap((e) => onStreamEvent(s, e));
}

/** The chunk the translation must produce for a delta (and finish reason). */
function c(delta: ChunkDelta, finish: ChatCompletionChunk['choices'][0]['finish_reason'] = null, model = 'claude-sonnet'): ChatCompletionChunk {
  return { id: ID, object: 'chat.completion.chunk', created: CREATED, model, choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] };
}

const toolCallsOf = (chunks: ChatCompletionChunk[]) => chunks.flatMap((k) => k.choices[0]?.delta.tool_calls ?? []);

describe('newStreamState', () => {
  it('starts empty with a chatcmpl id and a unix-seconds timestamp', () => {
    const s = newStreamState('m', new ToolNameMap(), true);
    expect(s.id).toMatch(/^chatcmpl-[a-z0-9]+$/);
    expect(Math.abs(s.created - Date.now() / 1000)).toBeLessThan(5);
    expect(s).toMatchObject({ model: 'm', includeUsage: true, toolCallIds: [], reasoningChars: 0, finished: false });
    expect(s.toolIndex.size).toBe(0);
    expect(s.reasoning.size).toBe(0);
  });
});

describe('onStreamEvent: text', () => {
  it('opens with a role chunk, streams text fragments, ends with finish_reason stop', () => {
    const s = state();
    const chunks = run(s, [ev.messageStart(), ev.text(0, 'Hel'), ev.text(0, 'lo!'), ev.blockStop(0), ev.messageStop('end_turn')]);
    expect(chunks).toEqual([
      c({ role: 'assistant', content: '' }),
      c({ content: 'Hel' }),
      c({ content: 'lo!' }),
      c({}, 'stop'),
    ]);
    expect(s.finished).toBe(true);
    expect(s.stopReason).toBe('end_turn');
  });

  it('emits nothing for empty text deltas, block stops, metadata and unknown events', () => {
    const s = state();
    expect(onStreamEvent(s, ev.text(0, ''))).toEqual([]);
    expect(onStreamEvent(s, ev.blockStop(0))).toEqual([]);
    expect(onStreamEvent(s, ev.metadata({ inputTokens: 1, outputTokens: 1 }))).toEqual([]);
    // Real Bedrock pads events with a random "p" field; unknown members must be ignored.
    expect(onStreamEvent(s, { p: 'abcdefgh' } as unknown as ConverseStreamOutput)).toEqual([]);
    expect(onStreamEvent(s, { contentBlockDelta: { contentBlockIndex: 0, delta: {} } } as unknown as ConverseStreamOutput)).toEqual([]);
  });

  it('echoes the model name the client asked for in every chunk', () => {
    const s = state({ model: 'gpt-4o' });
    expect(run(s, [ev.messageStart(), ev.text(0, 'x')])).toEqual([c({ role: 'assistant', content: '' }, null, 'gpt-4o'), c({ content: 'x' }, null, 'gpt-4o')]);
  });
});

describe('onStreamEvent: tool calls', () => {
  it('rule 1: a tool call after a text block gets index 0 (not its content-block index 1), id/type/name on the first delta only, arguments as fragments', () => {
    const s = state();
    const chunks = run(s, [
      ev.messageStart(),
      ev.text(0, 'Let me check.'),
      ev.blockStop(0),
      ev.toolStart(1, 'tooluse_A1', 'get_weather'),
      ev.toolInput(1, '{"city":'),
      ev.toolInput(1, '"Paris"}'),
      ev.blockStop(1),
      ev.messageStop('tool_use'),
    ]);
    expect(chunks).toEqual([
      c({ role: 'assistant', content: '' }),
      c({ content: 'Let me check.' }),
      c({ tool_calls: [{ index: 0, id: 'tooluse_A1', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
      c({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
      c({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }),
      c({}, 'tool_calls'),
    ]);
    expect(s.toolCallIds).toEqual(['tooluse_A1']);
  });

  it('rule 1: parallel tool calls at content blocks 1, 2 and 3 are indexed 0, 1, 2 (dense, 0-based, never -1)', () => {
    const s = state();
    const chunks = run(s, [
      ev.messageStart(),
      ev.text(0, 'Reading three files.'),
      ev.blockStop(0),
      ev.toolStart(1, 'tooluse_1', 'read_file'),
      ev.toolInput(1, '{"path":"a.ts"}'),
      ev.blockStop(1),
      ev.toolStart(2, 'tooluse_2', 'read_file'),
      ev.toolInput(2, '{"path":'),
      ev.toolInput(2, '"b.ts"}'),
      ev.blockStop(2),
      ev.toolStart(3, 'tooluse_3', 'list_dir'),
      ev.toolInput(3, '{}'),
      ev.blockStop(3),
      ev.messageStop('tool_use'),
    ]);
    const calls = toolCallsOf(chunks);
    expect(calls.map((t) => t.index)).toEqual([0, 0, 1, 1, 1, 2, 2]);
    // Exactly one first delta per call, carrying id, type and name.
    const firsts = calls.filter((t) => t.id !== undefined);
    expect(firsts).toEqual([
      { index: 0, id: 'tooluse_1', type: 'function', function: { name: 'read_file', arguments: '' } },
      { index: 1, id: 'tooluse_2', type: 'function', function: { name: 'read_file', arguments: '' } },
      { index: 2, id: 'tooluse_3', type: 'function', function: { name: 'list_dir', arguments: '' } },
    ]);
    for (const t of calls.filter((x) => x.id === undefined)) {
      expect(t).not.toHaveProperty('type');
      expect(t.function).not.toHaveProperty('name');
    }
    // Reassembled arguments per index are the complete JSON documents.
    const args = new Map<number, string>();
    for (const t of calls) args.set(t.index, (args.get(t.index) ?? '') + t.function.arguments);
    expect([...args.values()].map((a) => JSON.parse(a))).toEqual([{ path: 'a.ts' }, { path: 'b.ts' }, {}]);
    expect(chunks.at(-1)).toEqual(c({}, 'tool_calls'));
    expect(s.toolCallIds).toEqual(['tooluse_1', 'tooluse_2', 'tooluse_3']);
  });

  it('rule 1: interleaved deltas of two open tool blocks keep their own indexes', () => {
    const s = state();
    const chunks = run(s, [
      ev.messageStart(),
      ev.toolStart(0, 'tu_a', 'a'),
      ev.toolStart(1, 'tu_b', 'b'),
      ev.toolInput(1, '{"y":'),
      ev.toolInput(0, '{"x":'),
      ev.toolInput(1, '2}'),
      ev.toolInput(0, '1}'),
    ]);
    expect(toolCallsOf(chunks)).toEqual([
      { index: 0, id: 'tu_a', type: 'function', function: { name: 'a', arguments: '' } },
      { index: 1, id: 'tu_b', type: 'function', function: { name: 'b', arguments: '' } },
      { index: 1, function: { arguments: '{"y":' } },
      { index: 0, function: { arguments: '{"x":' } },
      { index: 1, function: { arguments: '2}' } },
      { index: 0, function: { arguments: '1}' } },
    ]);
  });

  it('rule 1: a tool delta with no contentBlockStart still gets an id and type on its first delta', () => {
    const s = state();
    const chunks = run(s, [ev.messageStart(), ev.toolInput(2, '{"q":1}'), ev.toolInput(2, '')]);
    const generated = `call_${ID.slice(-8)}_0`;
    expect(toolCallsOf(chunks)).toEqual([
      { index: 0, id: generated, type: 'function', function: { name: '', arguments: '{"q":1}' } },
      { index: 0, function: { arguments: '' } },
    ]);
    expect(s.toolCallIds).toEqual([generated]);
  });

  it('rule 11: maps a Bedrock-safe tool name back to the client name', () => {
    const names = new ToolNameMap();
    const safe = names.add('github.com/create-issue');
    const s = state({ names });
    const [first] = onStreamEvent(s, ev.toolStart(0, 'tu_1', safe));
    expect(first.choices[0].delta.tool_calls![0].function.name).toBe('github.com/create-issue');
  });

  it('rule 2: tool calls cut off by max_tokens are still streamed, and finish_reason is length', () => {
    const s = state();
    const chunks = run(s, [
      ev.messageStart(),
      ev.toolStart(0, 'tooluse_cut', 'write_file'),
      ev.toolInput(0, '{"path":"x.ts","content":"lorem'),
      ev.messageStop('max_tokens'),
    ]);
    expect(chunks).toEqual([
      c({ role: 'assistant', content: '' }),
      c({ tool_calls: [{ index: 0, id: 'tooluse_cut', type: 'function', function: { name: 'write_file', arguments: '' } }] }),
      c({ tool_calls: [{ index: 0, function: { arguments: '{"path":"x.ts","content":"lorem' } }] }),
      c({}, 'length'),
    ]);
    expect(s.toolCallIds).toEqual(['tooluse_cut']);
  });
});

describe('onStreamEvent: messageStop finish_reason (rules 2 and 14)', () => {
  const cases: Array<[string, boolean, string]> = [
    ['end_turn', false, 'stop'],
    ['end_turn', true, 'tool_calls'],
    ['tool_use', true, 'tool_calls'],
    ['max_tokens', false, 'length'],
    ['max_tokens', true, 'length'],
    ['model_context_window_exceeded', false, 'length'],
    ['stop_sequence', false, 'stop'],
    ['guardrail_intervened', false, 'content_filter'],
    ['content_filtered', false, 'content_filter'],
    ['content_filtered', true, 'content_filter'],
  ];
  it.each(cases)('rule 14 / rule 2: stopReason %s (tool call made: %s) -> %s', (stopReason, withTool, expected) => {
    const s = state();
    const events = [ev.messageStart(), ...(withTool ? [ev.toolStart(1, 'tu', 'f'), ev.toolInput(1, '{}')] : [ev.text(0, 'hi')]), ev.messageStop(stopReason)];
    const chunks = run(s, events);
    expect(chunks.at(-1)).toEqual(c({}, expected as 'stop'));
    expect(chunks.filter((k) => k.choices[0].finish_reason !== null)).toHaveLength(1);
    expect(s.stopReason).toBe(stopReason);
    expect(s.finished).toBe(true);
  });
});

describe('onStreamEvent: reasoning (rule 5)', () => {
  it('rule 5: streams reasoning as delta.reasoning_content, never as <think> in content, and keeps the signed block', () => {
    const s = state();
    const chunks = run(s, [
      ev.messageStart(),
      ev.reasoning(0, 'The user wants '),
      ev.reasoning(0, 'the weather.'),
      ev.signature(0, 'EqQBCkYIBxgCKkA'),
      ev.signature(0, 'sig-tail'),
      ev.blockStop(0),
      ev.text(1, 'Checking.'),
      ev.blockStop(1),
      ev.toolStart(2, 'tooluse_W', 'get_weather'),
      ev.toolInput(2, '{"city":"Oslo"}'),
      ev.blockStop(2),
      ev.messageStop('tool_use'),
    ]);
    expect(chunks).toEqual([
      c({ role: 'assistant', content: '' }),
      c({ reasoning_content: 'The user wants ' }),
      c({ reasoning_content: 'the weather.' }),
      c({ content: 'Checking.' }),
      c({ tool_calls: [{ index: 0, id: 'tooluse_W', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
      c({ tool_calls: [{ index: 0, function: { arguments: '{"city":"Oslo"}' } }] }),
      c({}, 'tool_calls'),
    ]);
    for (const k of chunks) expect(k.choices[0].delta.content ?? '').not.toContain('<think>');
    expect(s.reasoningChars).toBe('The user wants the weather.'.length);
    expect(streamedReasoningBlocks(s)).toEqual([
      { reasoningContent: { reasoningText: { text: 'The user wants the weather.', signature: 'EqQBCkYIBxgCKkAsig-tail' } } },
    ]);
  });

  it('rule 5: keeps redacted reasoning blocks and orders blocks by content-block index', () => {
    const s = state();
    const secret = new Uint8Array([1, 2, 3]);
    run(s, [
      ev.messageStart(),
      ev.redacted(1, secret),
      ev.reasoning(0, 'first'),
      ev.signature(0, 's0'),
      ev.text(2, 'answer'),
    ]);
    expect(streamedReasoningBlocks(s)).toEqual([
      { reasoningContent: { reasoningText: { text: 'first', signature: 's0' } } },
      { reasoningContent: { redactedContent: secret } },
    ]);
  });

  it('rule 5: reasoning without a signature (DeepSeek R1) is streamed but not kept for the next turn', () => {
    const s = state();
    expect(run(s, [ev.messageStart(), ev.reasoning(0, 'hmm'), ev.text(1, 'ok')])).toEqual([
      c({ role: 'assistant', content: '' }),
      c({ reasoning_content: 'hmm' }),
      c({ content: 'ok' }),
    ]);
    expect(streamedReasoningBlocks(s)).toEqual([]);
  });
});

describe('onStreamEvent: reasoning written in tags (rule 5)', () => {
  it('rule 5: a model that writes <think> tags (gpt-oss, Qwen) gets them split into reasoning_content, even when a tag is cut across fragments', () => {
    const s = state({ reasoningTags: true });
    const chunks = run(s, [
      ev.messageStart(),
      ev.text(0, '<thi'),
      ev.text(0, 'nk>I should'),
      ev.text(0, ' add.</think>'),
      ev.text(0, 'The answer'),
      ev.text(0, ' is 3 <'),
      ev.messageStop('end_turn'),
    ]);
    expect(chunks).toEqual([
      c({ role: 'assistant', content: '' }),
      c({ reasoning_content: 'I should' }),
      c({ reasoning_content: ' add.' }),
      c({ content: 'The answer' }),
      c({ content: ' is 3 ' }),
      c({ content: '<' }),
      c({}, 'stop'),
    ]);
    expect(s.reasoningChars).toBe('I should add.'.length);
  });

  it('rule 5: a model without tag reasoning (Claude) keeps angle brackets in content untouched', () => {
    const s = state();
    expect(run(s, [ev.text(0, 'Use <think> in JSX.')])).toEqual([c({ content: 'Use <think> in JSX.' })]);
  });
});

describe('usageChunk (rules 7 and 8)', () => {
  it('rule 8: with include_usage, the final chunk has choices: [] and the usage; rule 7: cached_tokens = cacheReadInputTokens', () => {
    const s = state({ includeUsage: true });
    run(s, [
      ev.messageStart(),
      ev.reasoning(0, 'x'.repeat(40)),
      ev.text(1, 'done'),
      ev.messageStop('end_turn'),
      ev.metadata({ inputTokens: 120, outputTokens: 30, cacheReadInputTokens: 2000, cacheWriteInputTokens: 300 }),
    ]);
    expect(usageChunk(s)).toEqual({
      id: ID,
      object: 'chat.completion.chunk',
      created: CREATED,
      model: 'claude-sonnet',
      choices: [],
      usage: {
        prompt_tokens: 2420,
        completion_tokens: 30,
        total_tokens: 2450,
        prompt_tokens_details: { cached_tokens: 2000, cache_write_tokens: 300 },
        completion_tokens_details: { reasoning_tokens: 10 },
        cache_creation_input_tokens: 300,
        cache_read_input_tokens: 2000,
      },
    });
  });

  it('rule 8: without include_usage there is no usage chunk', () => {
    const s = state({ includeUsage: false });
    run(s, [ev.messageStart(), ev.text(0, 'x'), ev.messageStop('end_turn'), ev.metadata({ inputTokens: 1, outputTokens: 1 })]);
    expect(usageChunk(s)).toBeUndefined();
  });

  it('rule 8: a stream that never got metadata reports zero usage rather than failing', () => {
    const s = state({ includeUsage: true });
    expect(usageChunk(s)?.usage).toMatchObject({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, prompt_tokens_details: { cached_tokens: 0 } });
  });
});

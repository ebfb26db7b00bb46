import type { Message } from '@aws-sdk/client-bedrock-runtime';
import type { DocumentType } from '@smithy/types';
import { describe, expect, it } from 'vitest';
import { ProxyError } from '../../src-proxy/errors';
import type { ChatMessage } from '../../src-proxy/protocols/openai-chat/schema';
import {
  CONVERSATION_START,
  EMPTY_TOOL_RESULT,
  flattenToolBlocks,
  mergeSameRole,
  pairToolBlocks,
  toConverseMessages,
  toConverseSystem,
  UNANSWERED_TOOL_CALL,
} from '../../src-proxy/converse/messages';
import { chatMessagesToNeutral } from '../../src-proxy/protocols/openai-chat/messages';
import { ReasoningStore } from '../../src-proxy/protocols/openai-chat/reasoning-store';
import { safeToolName, ToolNameMap } from '../../src-proxy/converse/tool-names';

const PNG = 'data:image/png;base64,' + Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0]).toString('base64');

// The chat protocol's mapping to neutral form, then the core's mapping to Converse.
function convert(messages: unknown[], opts: { reasoning?: ReasoningStore; names?: ToolNameMap } = {}) {
  const neutral = chatMessagesToNeutral(messages as ChatMessage[], { images: new Map(), reasoning: opts.reasoning });
  return { system: toConverseSystem(neutral.system), messages: toConverseMessages(neutral.messages, opts.names ?? new ToolNameMap()) };
}

const call = (id: string, name: string, args: string | null = '{}') => ({ id, type: 'function', function: { name, arguments: args } });
const toolUse = (id: string, name: string, input: DocumentType = {}) => ({ toolUse: { toolUseId: id, name, input } });
const toolResult = (id: string, text: string) => ({ toolResult: { toolUseId: id, content: [{ text }] } });

describe('toConverseMessages: system and roles', () => {
  it('rule 4: developer is treated as system; system turns anywhere join the system prompt in order', () => {
    const out = convert([
      { role: 'system', content: 'You are a coding agent.' },
      { role: 'developer', content: [{ type: 'text', text: 'Prefer TypeScript.' }] },
      { role: 'user', content: 'Hi' },
      { role: 'system', content: 'Late instruction.' },
    ]);
    expect(out).toEqual({
      system: [{ text: 'You are a coding agent.' }, { text: 'Prefer TypeScript.' }, { text: 'Late instruction.' }],
      messages: [{ role: 'user', content: [{ text: 'Hi' }] }],
    });
  });

  it('rule 7: keeps Anthropic-style cache_control on system blocks (Cursor) as a system cache point', () => {
    const out = convert([
      { role: 'system', content: [{ type: 'text', text: 'Big rules', cache_control: { type: 'ephemeral' } }] },
      { role: 'user', content: 'Hi' },
    ]);
    expect(out.system).toEqual([{ text: 'Big rules' }, { cachePoint: { type: 'default' } }]);
  });

  it('rule 3: drops blank system text', () => {
    expect(convert([{ role: 'system', content: '  ' }, { role: 'user', content: 'Hi' }]).system).toEqual([]);
  });

  it('refuses an image in a system message', () => {
    expect(() => convert([{ role: 'system', content: [{ type: 'image_url', image_url: PNG }] }, { role: 'user', content: 'x' }])).toThrow(ProxyError);
  });

  it('refuses a request with no user or assistant content', () => {
    let err: unknown;
    try {
      convert([{ role: 'system', content: 'only system' }, { role: 'user', content: '   ' }]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ProxyError);
    expect(err).toMatchObject({ code: 'invalid_request', param: 'messages' });
  });

  it('starts the conversation with a user message when the history opens with the assistant', () => {
    expect(convert([{ role: 'assistant', content: 'Hello! How can I help?' }, { role: 'user', content: 'Fix it' }]).messages).toEqual([
      { role: 'user', content: [{ text: CONVERSATION_START }] },
      { role: 'assistant', content: [{ text: 'Hello! How can I help?' }] },
      { role: 'user', content: [{ text: 'Fix it' }] },
    ]);
  });
});

describe('toConverseMessages: merging and empty content', () => {
  it('rule 4: merges consecutive messages of the same role', () => {
    expect(convert([
      { role: 'user', content: 'first' },
      { role: 'user', content: [{ type: 'text', text: 'second' }] },
      { role: 'assistant', content: 'a' },
      { role: 'assistant', content: 'b' },
      { role: 'user', content: 'third' },
    ]).messages).toEqual([
      { role: 'user', content: [{ text: 'first' }, { text: 'second' }] },
      { role: 'assistant', content: [{ text: 'a' }, { text: 'b' }] },
      { role: 'user', content: [{ text: 'third' }] },
    ]);
  });

  it('rule 3: drops empty and whitespace-only messages, then merges what meets', () => {
    expect(convert([
      { role: 'user', content: 'q1' },
      { role: 'assistant', content: '' },
      { role: 'assistant', content: null },
      { role: 'user', content: ' \n ' },
      { role: 'user', content: 'q2' },
    ]).messages).toEqual([{ role: 'user', content: [{ text: 'q1' }, { text: 'q2' }] }]);
  });

  it('rule 3: an assistant message with blank text and tool calls keeps only the tool calls', () => {
    const { messages } = convert([
      { role: 'user', content: 'go' },
      { role: 'assistant', content: '   ', tool_calls: [call('c1', 'ls')] },
      { role: 'tool', tool_call_id: 'c1', content: 'a.ts' },
    ]);
    expect(messages[1]).toEqual({ role: 'assistant', content: [toolUse('c1', 'ls')] });
  });
});

describe('toConverseMessages: tool calls and results', () => {
  it('rule 13: parallel tool calls stay in one assistant message and their results go into one user message, in order', () => {
    const { messages } = convert([
      { role: 'user', content: 'Read a and b' },
      { role: 'assistant', content: 'Reading both.', tool_calls: [call('call_1', 'read_file', '{"path":"a"}'), call('call_2', 'read_file', '{"path":"b"}')] },
      { role: 'tool', tool_call_id: 'call_1', content: 'A' },
      { role: 'tool', tool_call_id: 'call_2', content: 'B' },
    ]);
    expect(messages).toEqual([
      { role: 'user', content: [{ text: 'Read a and b' }] },
      { role: 'assistant', content: [{ text: 'Reading both.' }, toolUse('call_1', 'read_file', { path: 'a' }), toolUse('call_2', 'read_file', { path: 'b' })] },
      { role: 'user', content: [toolResult('call_1', 'A'), toolResult('call_2', 'B')] },
    ]);
  });

  it('rule 4: tool results and a following user message share one user message, results first', () => {
    const { messages } = convert([
      { role: 'user', content: 'go' },
      { role: 'assistant', tool_calls: [call('c1', 'a'), call('c2', 'b')] },
      { role: 'tool', tool_call_id: 'c1', content: 'one' },
      { role: 'user', content: 'also, hurry' },
      { role: 'tool', tool_call_id: 'c2', content: 'two' },
    ]);
    expect(messages[2]).toEqual({ role: 'user', content: [toolResult('c1', 'one'), toolResult('c2', 'two'), { text: 'also, hurry' }] });
  });

  it('rule 3: an empty tool result gets a placeholder text', () => {
    const { messages } = convert([
      { role: 'user', content: 'go' },
      { role: 'assistant', tool_calls: [call('c1', 'a'), call('c2', 'b'), call('c3', 'c')] },
      { role: 'tool', tool_call_id: 'c1', content: '' },
      { role: 'tool', tool_call_id: 'c2', content: [{ type: 'text', text: '  ' }] },
      { role: 'tool', tool_call_id: 'c3', content: null },
    ]);
    expect(messages[2].content).toEqual([toolResult('c1', EMPTY_TOOL_RESULT), toolResult('c2', EMPTY_TOOL_RESULT), toolResult('c3', EMPTY_TOOL_RESULT)]);
  });

  it('keeps text and images of a tool result given as parts', () => {
    const { messages } = convert([
      { role: 'user', content: 'screenshot' },
      { role: 'assistant', tool_calls: [call('c1', 'screenshot')] },
      { role: 'tool', tool_call_id: 'c1', content: [{ type: 'text', text: 'Here:' }, { type: 'image_url', image_url: { url: PNG } }] },
    ]);
    expect(messages[2].content).toEqual([
      { toolResult: { toolUseId: 'c1', content: [{ text: 'Here:' }, { image: { format: 'png', source: { bytes: expect.any(Uint8Array) } } }] } },
    ]);
  });

  it('parses tool arguments into an object, whatever the model wrote', () => {
    const { messages } = convert([
      { role: 'user', content: 'go' },
      { role: 'assistant', tool_calls: [call('c1', 'a', ''), call('c2', 'b', null), call('c3', 'c', '[1,2]'), call('c4', 'd', '{"path": "x"'), call('c5', 'e', '"str"')] },
      ...['c1', 'c2', 'c3', 'c4', 'c5'].map((id) => ({ role: 'tool', tool_call_id: id, content: 'ok' })),
    ]);
    expect(messages[1].content!.map((b) => b.toolUse!.input)).toEqual([{}, {}, { value: [1, 2] }, { _unparsed_arguments: '{"path": "x"' }, { value: 'str' }]);
  });

  it('rule 11: tool names in the history are sent under their Bedrock-safe alias', () => {
    const names = new ToolNameMap();
    const { messages } = convert([
      { role: 'user', content: 'go' },
      { role: 'assistant', tool_calls: [call('c1', 'github.com/issues:create')] },
      { role: 'tool', tool_call_id: 'c1', content: 'done' },
    ], { names });
    const safe = safeToolName('github.com/issues:create');
    expect(messages[1].content).toEqual([toolUse('c1', safe)]);
    expect(names.original(safe)).toBe('github.com/issues:create');
  });

  it('answers a tool call the client never answered, with an error result', () => {
    const { messages } = convert([
      { role: 'user', content: 'go' },
      { role: 'assistant', tool_calls: [call('c1', 'a'), call('c2', 'b')] },
      { role: 'tool', tool_call_id: 'c2', content: 'two' },
      { role: 'user', content: 'next' },
    ]);
    expect(messages[2]).toEqual({
      role: 'user',
      content: [toolResult('c2', 'two'), { toolResult: { toolUseId: 'c1', content: [{ text: UNANSWERED_TOOL_CALL }], status: 'error' } }, { text: 'next' }],
    });
  });

  it('adds a user message of error results after a trailing assistant tool call', () => {
    const { messages } = convert([{ role: 'user', content: 'go' }, { role: 'assistant', tool_calls: [call('c1', 'a')] }]);
    expect(messages.at(-1)).toEqual({ role: 'user', content: [{ toolResult: { toolUseId: 'c1', content: [{ text: UNANSWERED_TOOL_CALL }], status: 'error' } }] });
  });

  it('turns a tool result whose call was trimmed from the history into text', () => {
    const { messages } = convert([
      { role: 'tool', tool_call_id: 'gone', content: 'old output' },
      { role: 'user', content: 'continue' },
    ]);
    expect(messages).toEqual([{ role: 'user', content: [{ text: 'Result of tool call gone:\nold output' }, { text: 'continue' }] }]);
  });
});

describe('toConverseMessages: reasoning (rule 5)', () => {
  it('rule 5: puts the remembered signed reasoning first in the assistant turn that made the tool calls', () => {
    const store = new ReasoningStore();
    const thinking = { reasoningContent: { reasoningText: { text: 'Need the file.', signature: 'sig' } } };
    store.remember(['toolu_1'], [thinking]);
    const { messages } = convert([
      { role: 'user', content: 'read it' },
      { role: 'assistant', content: 'Reading.', tool_calls: [call('toolu_1', 'read_file')] },
      { role: 'tool', tool_call_id: 'toolu_1', content: 'contents' },
    ], { reasoning: store });
    expect(messages[1]).toEqual({ role: 'assistant', content: [thinking, { text: 'Reading.' }, toolUse('toolu_1', 'read_file')] });
  });

  it('rule 5: adds no reasoning when no store is given (thinking off)', () => {
    const { messages } = convert([
      { role: 'user', content: 'read it' },
      { role: 'assistant', tool_calls: [call('toolu_1', 'read_file')] },
      { role: 'tool', tool_call_id: 'toolu_1', content: 'contents' },
    ]);
    expect(messages[1].content).toEqual([toolUse('toolu_1', 'read_file')]);
  });
});

describe('mergeSameRole / pairToolBlocks', () => {
  it('rule 4: mergeSameRole joins neighbours of one role and moves tool results to the front', () => {
    const input: Message[] = [
      { role: 'user', content: [{ text: 'x' }] },
      { role: 'user', content: [toolResult('t', 'r')] },
      { role: 'assistant', content: [{ text: 'y' }] },
    ];
    expect(mergeSameRole(input)).toEqual([
      { role: 'user', content: [toolResult('t', 'r'), { text: 'x' }] },
      { role: 'assistant', content: [{ text: 'y' }] },
    ]);
    expect(input[0].content).toEqual([{ text: 'x' }]);
  });

  it('rule 5: mergeSameRole moves signed reasoning to the front of a merged assistant message', () => {
    const thinking = { reasoningContent: { reasoningText: { text: 't', signature: 's' } } };
    expect(mergeSameRole([
      { role: 'user', content: [{ text: 'q' }] },
      { role: 'assistant', content: [{ text: 'Checking.' }] },
      { role: 'assistant', content: [thinking, toolUse('t1', 'a')] },
    ])).toEqual([
      { role: 'user', content: [{ text: 'q' }] },
      { role: 'assistant', content: [thinking, { text: 'Checking.' }, toolUse('t1', 'a')] },
    ]);
  });

  it('pairToolBlocks leaves a well-formed history alone', () => {
    const history: Message[] = [
      { role: 'user', content: [{ text: 'go' }] },
      { role: 'assistant', content: [toolUse('t1', 'a')] },
      { role: 'user', content: [toolResult('t1', 'ok')] },
    ];
    expect(pairToolBlocks(structuredClone(history))).toEqual(history);
  });
});

describe('flattenToolBlocks', () => {
  it('rule 10: rewrites tool calls and results as text with the client tool name', () => {
    const names = new ToolNameMap();
    const safe = names.add('fs.read');
    const messages: Message[] = [
      { role: 'user', content: [{ text: 'go' }] },
      { role: 'assistant', content: [{ text: 'Reading.' }, toolUse('t1', safe, { path: 'a' })] },
      { role: 'user', content: [toolResult('t1', 'A')] },
    ];
    flattenToolBlocks(messages, names);
    expect(messages).toEqual([
      { role: 'user', content: [{ text: 'go' }] },
      { role: 'assistant', content: [{ text: 'Reading.' }, { text: 'Called tool fs.read (call t1) with arguments {"path":"a"}' }] },
      { role: 'user', content: [{ text: 'Result of tool call t1:\nA' }] },
    ]);
  });
});

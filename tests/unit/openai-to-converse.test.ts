import { describe, expect, it } from 'vitest';
import { parseChatRequest } from '../../src-proxy/protocols/openai-chat/schema';
import { toChatCompletion } from '../../src-proxy/protocols/openai-chat/response';
import { UNANSWERED_TOOL_CALL } from '../../src-proxy/converse/messages';
import { CONTINUE_PROMPT, toConverse, type ToConverseOptions } from '../../src-proxy/protocols/openai-chat/to-neutral';
import { ReasoningStore } from '../../src-proxy/protocols/openai-chat/reasoning-store';
import { safeToolName } from '../../src-proxy/converse/tool-names';
import { validateConverse } from '../support/bedrock-emulator/validation';
import { chatRequest, model, proxyError } from './helpers';

const SONNET45 = model('claude-sonnet-4.5'); // us.anthropic.claude-sonnet-4-5-20250929-v1:0
const SONNET4 = model('claude-sonnet-4');
const LLAMA = model('llama-3.3-70b'); // no prefill, no caching
const GPT_OSS = model('gpt-oss-120b');
const NOVA2 = model('nova-2-lite');
const R1 = model('deepseek-r1'); // no tool use
const CP = { cachePoint: { type: 'default' } };
const BEDROCK_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

const weatherTool = { type: 'function', function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } };
const weatherSpec = { toolSpec: { name: 'get_weather', description: 'Weather for a city', inputSchema: { json: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } } };
const call = (id: string, name: string, args = '{}') => ({ id, type: 'function', function: { name, arguments: args } });
const user = (content: unknown) => ({ role: 'user', content });

function translate(body: Record<string, unknown>, opts: Partial<ToConverseOptions> = {}) {
  return toConverse(chatRequest(body), { model: SONNET45, ...opts });
}

describe('toConverse: the basics', () => {
  it('sends a one-line chat as a bare Converse request to the region-prefixed model id', () => {
    const t = translate({ messages: [user('Hi')] });
    expect(t.input).toEqual({ modelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', messages: [{ role: 'user', content: [{ text: 'Hi' }] }] });
    expect(t.thinking).toBe(false);
  });

  it('maps system, max_tokens, temperature and stop into system and inferenceConfig', () => {
    const t = translate({ messages: [{ role: 'system', content: 'Be brief.' }, user('Hi')], max_tokens: 512, temperature: 0.2, stop: ['\n\nHuman:', ''] });
    expect(t.input).toEqual({
      modelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      system: [{ text: 'Be brief.' }],
      messages: [{ role: 'user', content: [{ text: 'Hi' }] }],
      inferenceConfig: { maxTokens: 512, temperature: 0.2, stopSequences: ['\n\nHuman:'] },
    });
  });

  it('prefers max_completion_tokens, caps it at the model limit, and takes a single stop string', () => {
    const t = translate({ messages: [user('Hi')], max_tokens: 100, max_completion_tokens: 999_999, stop: 'END' });
    expect(t.input.inferenceConfig).toEqual({ maxTokens: 64000, stopSequences: ['END'] });
  });

  it('keeps temperature 0', () => {
    expect(translate({ messages: [user('Hi')], temperature: 0 }).input.inferenceConfig).toEqual({ temperature: 0 });
  });

  it('refuses n other than 1', () => {
    expect(proxyError(() => translate({ messages: [user('Hi')], n: 2 }))).toMatchObject({ code: 'unsupported_parameter', param: 'n', status: 400 });
    expect(translate({ messages: [user('Hi')], n: 1 }).input.messages).toHaveLength(1);
  });

  it('passes guardrailConfig and additionalModelRequestFields (extra_body) through', () => {
    const t = translate({ messages: [user('Hi')], guardrailConfig: { guardrailIdentifier: 'gr-1', guardrailVersion: '1' }, additionalModelRequestFields: { top_k: 40 } });
    expect(t.input.guardrailConfig).toEqual({ guardrailIdentifier: 'gr-1', guardrailVersion: '1' });
    expect(t.input.additionalModelRequestFields).toEqual({ top_k: 40 });
  });
});

describe('toConverse: rule 6 (sampling and reasoning)', () => {
  it('rule 6: drops top_p when temperature is set on Claude 4.5+ (it rejects both together)', () => {
    expect(translate({ messages: [user('Hi')], temperature: 0.5, top_p: 0.9 }).input.inferenceConfig).toEqual({ temperature: 0.5 });
    expect(translate({ messages: [user('Hi')], top_p: 0.9 }).input.inferenceConfig).toEqual({ topP: 0.9 });
  });

  it('rule 6: keeps both temperature and top_p for models that take both', () => {
    expect(translate({ messages: [user('Hi')], temperature: 0.5, top_p: 0.9 }, { model: SONNET4 }).input.inferenceConfig).toEqual({ temperature: 0.5, topP: 0.9 });
  });

  it('rule 6: caps temperature at the model maximum (1 for Claude, 2 for gpt-oss)', () => {
    expect(translate({ messages: [user('Hi')], temperature: 1.7 }).input.inferenceConfig).toEqual({ temperature: 1 });
    expect(translate({ messages: [user('Hi')], temperature: 1.7 }, { model: GPT_OSS }).input.inferenceConfig).toEqual({ temperature: 1.7 });
  });

  it.each([
    ['low', 2048],
    ['medium', 8192],
    ['high', 16384],
  ] as const)('rule 6: reasoning_effort %s turns on Claude thinking with a %i budget and drops temperature/top_p', (effort, budget) => {
    const t = translate({ messages: [user('Hi')], reasoning_effort: effort, temperature: 0.3, top_p: 0.8, max_tokens: 1000 });
    expect(t.thinking).toBe(true);
    expect(t.input.additionalModelRequestFields).toEqual({ thinking: { type: 'enabled', budget_tokens: budget } });
    expect(t.input.inferenceConfig).toEqual({ maxTokens: budget + 4096 });
    expect(validateConverse(t.input, t.input.modelId!)).toBeUndefined();
  });

  it('rule 6: reasoning_effort none keeps thinking off and the sampling parameters on', () => {
    const t = translate({ messages: [user('Hi')], reasoning_effort: 'none', temperature: 0.3 });
    expect(t.thinking).toBe(false);
    expect(t.input.additionalModelRequestFields).toBeUndefined();
    expect(t.input.inferenceConfig).toEqual({ temperature: 0.3 });
  });

  it('rule 6: gpt-oss and Nova 2 get their own reasoning fields and keep temperature', () => {
    const oss = translate({ messages: [user('Hi')], reasoning_effort: 'high', temperature: 0.4 }, { model: GPT_OSS });
    expect(oss.input.additionalModelRequestFields).toEqual({ reasoning_effort: 'high' });
    expect(oss.input.inferenceConfig).toEqual({ temperature: 0.4 });
    expect(oss.thinking).toBe(false);
    const nova = translate({ messages: [user('Hi')], reasoning_effort: 'medium' }, { model: NOVA2 });
    expect(nova.input.additionalModelRequestFields).toEqual({ reasoningConfig: { type: 'enabled', maxReasoningEffort: 'medium' } });
  });

  it('rule 6: with thinking on only tool_choice auto is sent (Claude rejects forced tool use while thinking)', () => {
    const required = translate({ messages: [user('Hi')], reasoning_effort: 'low', tools: [weatherTool], tool_choice: 'required' });
    expect(required.input.toolConfig).toEqual({ tools: [weatherSpec] });
    const auto = translate({ messages: [user('Hi')], reasoning_effort: 'low', tools: [weatherTool], tool_choice: 'auto' });
    expect(auto.input.toolConfig).toEqual({ tools: [weatherSpec], toolChoice: { auto: {} } });
  });
});

describe('toConverse: tools', () => {
  it('translates tools and every tool_choice form', () => {
    const base = { messages: [user('Weather in Oslo?')], tools: [weatherTool] };
    expect(translate(base).input.toolConfig).toEqual({ tools: [weatherSpec] });
    expect(translate({ ...base, tool_choice: 'auto' }).input.toolConfig).toEqual({ tools: [weatherSpec], toolChoice: { auto: {} } });
    expect(translate({ ...base, tool_choice: 'required' }).input.toolConfig).toEqual({ tools: [weatherSpec], toolChoice: { any: {} } });
    expect(translate({ ...base, tool_choice: { type: 'function', function: { name: 'get_weather' } } }).input.toolConfig).toEqual({ tools: [weatherSpec], toolChoice: { tool: { name: 'get_weather' } } });
  });

  it('sends no toolConfig for tool_choice none on a conversation without tool history', () => {
    expect(translate({ messages: [user('Hi')], tools: [weatherTool], tool_choice: 'none' }).input.toolConfig).toBeUndefined();
  });

  it('rule 3: an empty or blank tool description falls back to the tool name; missing parameters become an empty object schema', () => {
    const t = translate({
      messages: [user('Hi')],
      tools: [
        { type: 'function', function: { name: 'list_files', description: '' } },
        { type: 'function', function: { name: 'git_status', description: '  \n', parameters: {} } },
        { type: 'function', function: { name: 'no_type', description: 'd', parameters: { properties: { a: { type: 'string' } } } } },
      ],
    });
    expect(t.input.toolConfig!.tools).toEqual([
      { toolSpec: { name: 'list_files', description: 'list_files', inputSchema: { json: { type: 'object', properties: {} } } } },
      { toolSpec: { name: 'git_status', description: 'git_status', inputSchema: { json: { type: 'object', properties: {} } } } },
      { toolSpec: { name: 'no_type', description: 'd', inputSchema: { json: { type: 'object', properties: { a: { type: 'string' } } } } } },
    ]);
  });

  it('rule 11: odd or long tool names get a safe alias everywhere (tools, tool_choice, history) and map back in the response', () => {
    const mcp = 'mcp.github/create_issue';
    const long = 'server__' + 'very_long_tool_name_'.repeat(5);
    const t = translate({
      messages: [user('file it'), { role: 'assistant', tool_calls: [call('c1', mcp, '{"title":"x"}')] }, { role: 'tool', tool_call_id: 'c1', content: '#12' }],
      tools: [{ type: 'function', function: { name: mcp, description: 'Create an issue' } }, { type: 'function', function: { name: long, description: 'Long' } }],
      tool_choice: { type: 'function', function: { name: mcp } },
    });
    const safe = safeToolName(mcp);
    const names = t.input.toolConfig!.tools!.map((x) => x.toolSpec!.name!);
    expect(names).toEqual([safe, safeToolName(long)]);
    for (const n of names) expect(n).toMatch(BEDROCK_NAME);
    expect(t.input.toolConfig!.toolChoice).toEqual({ tool: { name: safe } });
    expect(t.input.messages![1].content).toEqual([{ toolUse: { toolUseId: 'c1', name: safe, input: { title: 'x' } } }]);
    expect(validateConverse(t.input, t.input.modelId!)).toBeUndefined();

    const reply = toChatCompletion(
      { $metadata: {}, output: { message: { role: 'assistant', content: [{ toolUse: { toolUseId: 't2', name: safe, input: {} } }] } }, stopReason: 'tool_use', usage: undefined, metrics: undefined },
      'claude-sonnet-4.5',
      t.toolNames,
    );
    expect(reply.choices[0].message.tool_calls![0].function.name).toBe(mcp);
  });

  it('refuses tools for a model without tool use', () => {
    expect(proxyError(() => translate({ messages: [user('Hi')], tools: [weatherTool] }, { model: R1 }))).toMatchObject({ code: 'unsupported_parameter', param: 'tools' });
  });
});

describe('toConverse: rule 10 (tool history without tools)', () => {
  const history = [
    user('Weather in Oslo?'),
    { role: 'assistant', content: null, tool_calls: [call('tooluse_1', 'get_weather', '{"city":"Oslo"}')] },
    { role: 'tool', tool_call_id: 'tooluse_1', content: '12°C' },
    { role: 'assistant', content: 'It is 12°C.' },
    user('Thanks! Summarise.'),
  ];

  it('rule 10: history with tool calls and no tools in the request gets a toolConfig derived from the history', () => {
    const t = translate({ messages: history });
    expect(t.input.toolConfig).toEqual({
      tools: [{ toolSpec: { name: 'get_weather', description: 'The get_weather tool used earlier in this conversation.', inputSchema: { json: { type: 'object', properties: {} } } } }],
    });
    expect(validateConverse(t.input, t.input.modelId!)).toBeUndefined();
  });

  it('rule 10: tool_choice none with tool history still declares the tools (Bedrock needs them) and sets no tool choice', () => {
    const t = translate({ messages: history, tools: [weatherTool], tool_choice: 'none' });
    expect(t.input.toolConfig).toEqual({ tools: [weatherSpec] });
  });

  it('rule 10: only tools the request did not declare are added from the history', () => {
    const t = translate({
      messages: [user('x'), { role: 'assistant', tool_calls: [call('a', 'get_weather'), call('b', 'read_file')] }, { role: 'tool', tool_call_id: 'a', content: '1' }, { role: 'tool', tool_call_id: 'b', content: '2' }],
      tools: [weatherTool],
    });
    expect(t.input.toolConfig!.tools!.map((x) => x.toolSpec!.name)).toEqual(['get_weather', 'read_file']);
  });

  it('rule 10: a model without tool use gets the tool history flattened to text and no toolConfig', () => {
    const t = translate({ messages: history }, { model: R1 });
    expect(t.input.toolConfig).toBeUndefined();
    expect(t.input.messages).toEqual([
      { role: 'user', content: [{ text: 'Weather in Oslo?' }] },
      { role: 'assistant', content: [{ text: 'Called tool get_weather (call tooluse_1) with arguments {"city":"Oslo"}' }] },
      { role: 'user', content: [{ text: 'Result of tool call tooluse_1:\n12°C' }] },
      { role: 'assistant', content: [{ text: 'It is 12°C.' }] },
      { role: 'user', content: [{ text: 'Thanks! Summarise.' }] },
    ]);
    expect(validateConverse(t.input, t.input.modelId!)).toBeUndefined();
  });
});

describe('toConverse: rule 13 (parallel tool calls)', () => {
  it('rule 13: all calls of one turn in one assistant message, all results in one user message, in order', () => {
    const t = translate({
      messages: [
        { role: 'system', content: 'You are Cline.' },
        user('Compare a.ts and b.ts'),
        { role: 'assistant', content: 'Reading both files.', tool_calls: [call('toolu_A', 'read_file', '{"path":"a.ts"}'), call('toolu_B', 'read_file', '{"path":"b.ts"}')] },
        { role: 'tool', tool_call_id: 'toolu_A', content: 'export const a = 1;' },
        { role: 'tool', tool_call_id: 'toolu_B', content: 'export const b = 2;' },
      ],
      tools: [{ type: 'function', function: { name: 'read_file', description: 'Read a file', parameters: { type: 'object', properties: { path: { type: 'string' } } } } }],
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 8192,
      temperature: 0,
    });
    expect(t.input.messages).toEqual([
      { role: 'user', content: [{ text: 'Compare a.ts and b.ts' }] },
      {
        role: 'assistant',
        content: [
          { text: 'Reading both files.' },
          { toolUse: { toolUseId: 'toolu_A', name: 'read_file', input: { path: 'a.ts' } } },
          { toolUse: { toolUseId: 'toolu_B', name: 'read_file', input: { path: 'b.ts' } } },
        ],
      },
      {
        role: 'user',
        content: [
          { toolResult: { toolUseId: 'toolu_A', content: [{ text: 'export const a = 1;' }] } },
          { toolResult: { toolUseId: 'toolu_B', content: [{ text: 'export const b = 2;' }] } },
        ],
      },
    ]);
    expect(t.input.system).toEqual([{ text: 'You are Cline.' }]);
    expect(t.input.inferenceConfig).toEqual({ maxTokens: 8192, temperature: 0 });
    expect(validateConverse(t.input, t.input.modelId!)).toBeUndefined();
  });

  it('rule 13: a call the client left unanswered gets an error result so Bedrock sees complete pairs', () => {
    const t = translate({
      messages: [user('go'), { role: 'assistant', tool_calls: [call('x1', 'get_weather'), call('x2', 'get_weather')] }, { role: 'tool', tool_call_id: 'x1', content: 'sun' }],
      tools: [weatherTool],
    });
    expect(t.input.messages!.at(-1)).toEqual({
      role: 'user',
      content: [
        { toolResult: { toolUseId: 'x1', content: [{ text: 'sun' }] } },
        { toolResult: { toolUseId: 'x2', content: [{ text: UNANSWERED_TOOL_CALL }], status: 'error' } },
      ],
    });
    expect(validateConverse(t.input, t.input.modelId!)).toBeUndefined();
  });
});

describe('toConverse: rule 14 (conversations ending with the assistant)', () => {
  const prefill = [user('Write a haiku'), { role: 'assistant', content: 'Autumn moon  \n' }];

  it('rule 14: a model without prefill gets a continuation user message', () => {
    const t = translate({ messages: prefill }, { model: LLAMA });
    expect(t.input.messages).toEqual([
      { role: 'user', content: [{ text: 'Write a haiku' }] },
      { role: 'assistant', content: [{ text: 'Autumn moon  \n' }] },
      { role: 'user', content: [{ text: CONTINUE_PROMPT }] },
    ]);
  });

  it('rule 14: a model with prefill keeps the assistant turn last, without trailing whitespace', () => {
    const t = translate({ messages: prefill });
    expect(t.input.messages).toEqual([
      { role: 'user', content: [{ text: 'Write a haiku' }] },
      { role: 'assistant', content: [{ text: 'Autumn moon' }] },
    ]);
  });

  it('rule 14: with thinking on, even a prefill model gets the continuation', () => {
    const t = translate({ messages: prefill, reasoning_effort: 'low' });
    expect(t.thinking).toBe(true);
    expect(t.input.messages!.at(-1)).toEqual({ role: 'user', content: [{ text: CONTINUE_PROMPT }] });
  });
});

describe('toConverse: rule 5 (signed reasoning with tools)', () => {
  const signed = { reasoningContent: { reasoningText: { text: 'I need the weather.', signature: 'EqQBCkYIARgCIkB' } } };
  const agentTurn = [
    user('Weather in Oslo?'),
    { role: 'assistant', content: 'Checking.', tool_calls: [call('toolu_1', 'get_weather', '{"city":"Oslo"}')] },
    { role: 'tool', tool_call_id: 'toolu_1', content: '12°C' },
  ];

  it('rule 5: sends the remembered signed reasoning block first in the assistant turn that made the tool calls', () => {
    const store = new ReasoningStore();
    store.remember(['toolu_1'], [signed]);
    const t = translate({ messages: agentTurn, tools: [weatherTool], reasoning_effort: 'medium' }, { reasoning: store });
    expect(t.thinking).toBe(true);
    expect(t.input.messages![1]).toEqual({
      role: 'assistant',
      content: [signed, { text: 'Checking.' }, { toolUse: { toolUseId: 'toolu_1', name: 'get_weather', input: { city: 'Oslo' } } }],
    });
    expect(t.input.additionalModelRequestFields).toEqual({ thinking: { type: 'enabled', budget_tokens: 8192 } });
    expect(validateConverse(t.input, t.input.modelId!)).toBeUndefined();
  });

  it('rule 5: when the signed reasoning is gone (proxy restarted), switches thinking off instead of failing', () => {
    const t = translate({ messages: agentTurn, tools: [weatherTool], reasoning_effort: 'medium', temperature: 0.2, max_tokens: 1000 }, { reasoning: new ReasoningStore() });
    expect(t.thinking).toBe(false);
    expect(t.input.additionalModelRequestFields).toBeUndefined();
    expect(t.input.inferenceConfig).toEqual({ maxTokens: 1000, temperature: 0.2 });
    expect(t.input.messages![1].content![0]).toEqual({ text: 'Checking.' });
    expect(validateConverse(t.input, t.input.modelId!)).toBeUndefined();
  });

  it('rule 5: keeps the reasoning first even when the client split the turn into a text and a tool-call message', () => {
    const store = new ReasoningStore();
    store.remember(['toolu_1'], [signed]);
    const t = translate({
      messages: [user('Weather in Oslo?'), { role: 'assistant', content: 'Checking.' }, { role: 'assistant', tool_calls: [call('toolu_1', 'get_weather', '{"city":"Oslo"}')] }, { role: 'tool', tool_call_id: 'toolu_1', content: '12°C' }],
      tools: [weatherTool],
      reasoning_effort: 'low',
    }, { reasoning: store });
    expect(t.input.messages![1].content![0]).toEqual(signed);
    expect(t.thinking).toBe(true);
    expect(validateConverse(t.input, t.input.modelId!)).toBeUndefined();
  });

  it('rule 5: the reasoning store is not consulted when thinking is off', () => {
    const store = new ReasoningStore();
    store.remember(['toolu_1'], [signed]);
    const t = translate({ messages: agentTurn, tools: [weatherTool] }, { reasoning: store });
    expect(t.input.messages![1].content![0]).toEqual({ text: 'Checking.' });
  });
});

describe('toConverse: rule 7 (prompt caching)', () => {
  const big = 'x'.repeat(6000);

  it('rule 7: cache_control on system, message and tool parts becomes cachePoint blocks', () => {
    const t = translate({
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'rules', cache_control: { type: 'ephemeral' } }] },
        user([{ type: 'text', text: 'context', cache_control: { type: 'ephemeral' } }, { type: 'text', text: 'question' }]),
      ],
      tools: [{ ...weatherTool, cache_control: { type: 'ephemeral' } }],
    });
    expect(t.input.system).toEqual([{ text: 'rules' }, CP]);
    expect(t.input.messages![0].content).toEqual([{ text: 'context' }, CP, { text: 'question' }]);
    expect(t.input.toolConfig!.tools).toEqual([weatherSpec, CP]);
  });

  it('rule 7: the user caching defaults place cache points on a long prompt', () => {
    const t = translate({ messages: [{ role: 'system', content: big }, user(big)] }, { caching: { system: true, tools: true, conversation: true } });
    expect(t.input.system).toEqual([{ text: big }, CP]);
    expect(t.input.messages).toEqual([{ role: 'user', content: [{ text: big }, CP] }]);
  });

  it('rule 7: prompt_caching false in the request overrides the defaults; true turns them all on', () => {
    const on = { system: true, tools: true, conversation: true };
    expect(translate({ messages: [{ role: 'system', content: big }, user(big)], prompt_caching: false }, { caching: on }).input.system).toEqual([{ text: big }]);
    const forced = translate({ messages: [{ role: 'system', content: big }, user('q')], prompt_caching: true });
    expect(forced.input.system).toEqual([{ text: big }, CP]);
    const partial = translate({ messages: [{ role: 'system', content: big }, user(big)], prompt_caching: { conversation: false } }, { caching: on });
    expect(partial.input.system).toEqual([{ text: big }, CP]);
    expect(partial.input.messages![0].content).toEqual([{ text: big }]);
  });

  it('rule 7: never more than 4 cache points reach Bedrock', () => {
    const cached = (text: string) => user([{ type: 'text', text, cache_control: { type: 'ephemeral' } }]);
    const t = translate({
      messages: [
        { role: 'system', content: [{ type: 'text', text: big, cache_control: { type: 'ephemeral' } }] },
        cached('u1'), { role: 'assistant', content: 'a1' }, cached('u2'), { role: 'assistant', content: 'a2' }, cached('u3'), { role: 'assistant', content: 'a3' }, cached('u4'),
      ],
    }, { caching: { system: true, tools: true, conversation: true } });
    const points = [...t.input.system!, ...t.input.messages!.flatMap((m) => m.content!)].filter((b) => 'cachePoint' in b && b.cachePoint);
    expect(points).toHaveLength(4);
    expect(t.input.messages![0].content).toEqual([{ text: 'u1' }]);
    expect(validateConverse(t.input, t.input.modelId!)).toBeUndefined();
  });

  it('rule 7: a model without prompt caching gets no cache points at all', () => {
    const t = translate({
      messages: [{ role: 'system', content: [{ type: 'text', text: big, cache_control: { type: 'ephemeral' } }] }, user([{ type: 'text', text: 'q', cache_control: { type: 'ephemeral' } }])],
    }, { model: LLAMA, caching: { system: true, tools: true, conversation: true } });
    expect(t.input.system).toEqual([{ text: big }]);
    expect(t.input.messages).toEqual([{ role: 'user', content: [{ text: 'q' }] }]);
  });
});

describe('toConverse: rules 3 and 4 end to end', () => {
  it('rule 3 and rule 4: blank blocks dropped, developer joins system, same-role turns merged, empty tool result filled', () => {
    const t = translate({
      messages: [
        { role: 'developer', content: 'Dev rules.' },
        user(''),
        user([{ type: 'text', text: 'Run ls' }, { type: 'text', text: '  ' }]),
        user('please'),
        { role: 'assistant', content: '', tool_calls: [call('c1', 'ls')] },
        { role: 'tool', tool_call_id: 'c1', content: '' },
      ],
      tools: [{ type: 'function', function: { name: 'ls' } }],
    });
    expect(t.input.system).toEqual([{ text: 'Dev rules.' }]);
    expect(t.input.messages).toEqual([
      { role: 'user', content: [{ text: 'Run ls' }, { text: 'please' }] },
      { role: 'assistant', content: [{ toolUse: { toolUseId: 'c1', name: 'ls', input: {} } }] },
      { role: 'user', content: [{ toolResult: { toolUseId: 'c1', content: [{ text: '(the tool returned no output)' }] } }] },
    ]);
    expect(validateConverse(t.input, t.input.modelId!)).toBeUndefined();
  });
});

// parseChatRequest hands the client's own parsed body to the translation (no copy), and the
// request log may keep that body: the translation must not change it.
describe('toConverse: the request stays as the client sent it', () => {
  const deepFreeze = <T>(v: T): T => {
    if (v && typeof v === 'object') {
      for (const child of Object.values(v)) deepFreeze(child);
      Object.freeze(v);
    }
    return v;
  };

  it('translates a deep-frozen request (tools, tool round trips, images, cache_control, stop, reasoning) without writing to it', () => {
    const big = 'x'.repeat(5000);
    const body = deepFreeze({
      model: 'claude-sonnet-4.5',
      messages: [
        { role: 'system', content: [{ type: 'text', text: big, cache_control: { type: 'ephemeral' } }] },
        { role: 'developer', content: 'Be brief.  ' },
        user([{ type: 'text', text: 'Look' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }, { type: 'text', text: '' }]),
        user('and again'),
        { role: 'assistant', content: 'Let me check. ', tool_calls: [call('c1', 'get_weather', '{"city":"Paris"}'), call('c2', 'get.weather!', '{}')] },
        { role: 'tool', tool_call_id: 'c2', content: '' },
        { role: 'tool', tool_call_id: 'c1', content: [{ type: 'text', text: 'sunny' }] },
        { role: 'assistant', content: 'Done   ' },
      ],
      tools: [weatherTool, { type: 'function', function: { name: 'get.weather!', parameters: { type: 'object' } }, cache_control: { type: 'ephemeral' } }],
      tool_choice: 'auto',
      stop: ['END', ''],
      max_tokens: 2000,
      reasoning_effort: 'low',
    });
    const before = JSON.stringify(body);
    const req = parseChatRequest(body);
    expect(req).toBe(body);
    const t = toConverse(req, { model: SONNET45, reasoning: new ReasoningStore(), caching: { system: true, tools: true, conversation: true } });
    expect(t.input.messages!.length).toBeGreaterThan(2);
    expect(JSON.stringify(body)).toBe(before);
  });
});

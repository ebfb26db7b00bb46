import { describe, expect, test } from 'vitest';
import { toConverseRequest } from '../../src-proxy/converse/to-converse';
import { applyJsonAnswer, applyStrictTools, JSON_ANSWER_TOOL, strictCompatible } from '../../src-proxy/converse/structured-output';
import { parseResponsesRequest, type ResponsesRequest } from '../../src-proxy/protocols/openai-responses/schema';
import { ReasoningSealer } from '../../src-proxy/protocols/openai-responses/sealing';
import { responsesToNeutral } from '../../src-proxy/protocols/openai-responses/to-neutral';
import { ResponsesTools, toolChoiceOf } from '../../src-proxy/protocols/openai-responses/tools';
import { model, proxyError } from './helpers';

// The Responses request mapping: items to neutral turns, tools (namespace, custom, hosted),
// tool choice, reasoning, text.format and strict, down to the Converse request.
const sealer = new ReasoningSealer(Buffer.alloc(32, 7));

function translate(body: Record<string, unknown>, name = 'claude-sonnet-4.5') {
  const req: ResponsesRequest = parseResponsesRequest({ model: name, ...body });
  const tools = new ResponsesTools(req.tools ?? []);
  const items = typeof req.input === 'string' ? [{ type: 'message', role: 'user', content: req.input }] : req.input!;
  const m = model(name);
  const t = toConverseRequest(responsesToNeutral(req, items as never, { images: new Map(), tools, sealer }), { model: m });
  return { t, tools, m, req };
}

const LONG = `You are Codex. ${'Follow the rules. '.repeat(300)}`;

describe('Responses request mapping', () => {
  test('a Codex-shaped request: developer messages join the system prompt, ids and metadata ignored, hosted tools left out', () => {
    const { t, tools } = translate({
      stream: true, store: false, include: ['reasoning.encrypted_content'], prompt_cache_key: 'thread-1', client_metadata: { a: 1 },
      tool_choice: 'auto', parallel_tool_calls: true, reasoning: { summary: 'auto' },
      input: [
        { type: 'message', id: 'msg_1', role: 'developer', content: [{ type: 'input_text', text: LONG }] },
        { type: 'message', id: 'msg_2', role: 'developer', content: [{ type: 'input_text', text: 'Sandbox: workspace-write.' }] },
        { type: 'message', id: 'msg_3', role: 'user', content: [{ type: 'input_text', text: '<environment_context>cwd=/w</environment_context>' }] },
        { type: 'message', id: 'msg_4', role: 'user', content: [{ type: 'input_text', text: 'say hello' }] },
      ],
      tools: [
        { type: 'function', name: 'exec_command', description: 'Run', strict: false, parameters: { type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'] } },
        { type: 'namespace', name: 'mcp__fs__', tools: [{ type: 'function', name: 'read', parameters: { type: 'object', properties: {} } }] },
        { type: 'web_search', external_web_access: false },
        { type: 'image_generation' },
      ],
    });
    expect(t.input.system!.filter((b) => b.text)).toEqual([{ text: LONG }, { text: 'Sandbox: workspace-write.' }]);
    expect(t.input.messages).toHaveLength(1);
    expect(t.input.messages![0].content!.filter((b) => b.text).map((b) => b.text)).toEqual(['<environment_context>cwd=/w</environment_context>', 'say hello']);
    expect(t.input.toolConfig!.tools!.flatMap((x) => (x.toolSpec ? [x.toolSpec.name] : []))).toEqual(['exec_command', 'mcp__fs__read']);
    expect(tools.skipped).toEqual(['web_search', 'image_generation']);
    expect(tools.entry('mcp__fs__read')).toEqual({ kind: 'function', name: 'read', namespace: 'mcp__fs__' });
    // summary alone asks for reasoning: thinking at medium effort on Claude.
    expect(t.thinking).toBe(true);
    // prompt_cache_key: the whole prefix is cached even with caching defaults off.
    expect(t.input.system!.at(-1)).toEqual({ cachePoint: { type: 'default' } });
  });

  test('instructions, assistant output_text, function calls and outputs (string and content list), custom tool calls', () => {
    const { t } = translate({
      instructions: 'Be terse.',
      tools: [{ type: 'custom', name: 'apply_patch', description: 'Patch files', format: { type: 'grammar', syntax: 'lark', definition: 'start: "*** Begin Patch"' } }],
      input: [
        { role: 'user', content: 'Fix it' },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Looking.' }] },
        { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'exec_command', arguments: '{"cmd":"cat a"}' },
        { type: 'function_call_output', call_id: 'call_1', output: [{ type: 'input_text', text: 'x=1' }] },
        { type: 'custom_tool_call', id: 'ctc_1', call_id: 'call_2', name: 'apply_patch', input: '*** Begin Patch' },
        { type: 'custom_tool_call_output', call_id: 'call_2', output: 'ok' },
      ],
    });
    expect(t.input.system).toEqual([{ text: 'Be terse.' }]);
    const [u, a1, r1, a2, r2] = t.input.messages!;
    expect(u.content).toEqual([{ text: 'Fix it' }]);
    expect(a1.content).toEqual([{ text: 'Looking.' }, { toolUse: { toolUseId: 'call_1', name: 'exec_command', input: { cmd: 'cat a' } } }]);
    expect(r1.content).toEqual([{ toolResult: { toolUseId: 'call_1', content: [{ text: 'x=1' }] } }]);
    expect(a2.content).toEqual([{ toolUse: { toolUseId: 'call_2', name: 'apply_patch', input: { input: '*** Begin Patch' } } }]);
    expect(r2.content).toEqual([{ toolResult: { toolUseId: 'call_2', content: [{ text: 'ok' }] } }]);
    const patch = t.input.toolConfig!.tools!.find((x) => x.toolSpec?.name === 'apply_patch')!.toolSpec!;
    expect(patch.inputSchema!.json).toMatchObject({ type: 'object', properties: { input: { type: 'string' } }, required: ['input'] });
    expect(patch.description).toContain('start: "*** Begin Patch"');
  });

  test('images and PDFs as data, an unsupported file id is a 400 naming the part', () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').toString('base64');
    const pdf = Buffer.from('%PDF-1.4 test').toString('base64');
    const { t } = translate({ input: [{ role: 'user', content: [
      { type: 'input_text', text: 'Look' },
      { type: 'input_image', image_url: `data:image/png;base64,${png}` },
      { type: 'input_file', filename: 'spec.pdf', file_data: `data:application/pdf;base64,${pdf}` },
    ] }] });
    const content = t.input.messages![0].content!;
    expect(content[1].image!.format).toBe('png');
    expect(content[2].document).toMatchObject({ format: 'pdf', name: 'spec' });
    const err = proxyError(() => translate({ input: [{ role: 'user', content: [{ type: 'input_image', file_id: 'file_1' }] }] }));
    expect(err).toMatchObject({ code: 'unsupported_parameter', param: 'input[0].content[0]' });
  });

  test('tool_choice: required, a named function in a namespace, hosted choices become auto', () => {
    const tools = new ResponsesTools([{ type: 'namespace', name: 'gh', tools: [{ type: 'function', name: 'search' }] } as never]);
    expect(toolChoiceOf('required', tools)).toBe('any');
    expect(toolChoiceOf('none', tools)).toBe('none');
    expect(toolChoiceOf({ type: 'function', name: 'search', namespace: 'gh' }, tools)).toEqual({ tool: 'gh__search' });
    expect(toolChoiceOf({ type: 'web_search' }, tools)).toBe('auto');
  });

  test('reasoning: effort plans thinking; sealed reasoning goes back signed, unsealed summaries do not', () => {
    const sealed = sealer.seal([{ reasoningContent: { reasoningText: { text: 'plan', signature: 'sig' } } }])!;
    const input = [
      { role: 'user', content: 'go' },
      { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'plan' }], encrypted_content: sealed },
      { type: 'function_call', call_id: 'c1', name: 'exec_command', arguments: '{}' },
      { type: 'function_call_output', call_id: 'c1', output: 'done' },
    ];
    const tools = [{ type: 'function', name: 'exec_command' }];
    const { t } = translate({ reasoning: { effort: 'high' }, tools, input });
    expect(t.thinking).toBe(true);
    expect(t.input.messages![1].content![0]).toEqual({ reasoningContent: { reasoningText: { text: 'plan', signature: 'sig' } } });
    const plain = translate({ reasoning: { effort: 'high' }, tools, input: input.map((i) => ((i as { type?: string }).type === 'reasoning' ? { type: 'reasoning', summary: [{ type: 'summary_text', text: 'plan' }] } : i)) });
    expect(JSON.stringify(plain.t.input.messages)).not.toContain('reasoningContent');
    expect(plain.t.thinking).toBe(false);
    expect(translate({ input: 'hi', reasoning: { effort: 'none', summary: 'auto' } }).t.thinking).toBe(false);
  });

  test('strict goes to Claude 4.5+ only, and only for schemas constrained decoding accepts (rule 18)', () => {
    const closed = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false };
    const bounded = { type: 'object', properties: { a: { type: 'array', items: { type: 'string' }, maxItems: 3 } }, additionalProperties: false };
    expect(strictCompatible(closed)).toBe(true);
    expect(strictCompatible(bounded)).toBe(false);
    expect(strictCompatible({ type: 'object', properties: {} })).toBe(false);
    const body = { input: 'hi', tools: [{ type: 'function', name: 'ok', parameters: closed, strict: true }, { type: 'function', name: 'bad', parameters: bounded, strict: true }, { type: 'function', name: 'loose', parameters: closed }] };
    const { t, tools, m } = translate(body);
    expect(applyStrictTools(t, m, tools.strict)).toEqual(['bad']);
    const specs = t.input.toolConfig!.tools!.map((x) => x.toolSpec!);
    expect(specs.map((s) => s.strict)).toEqual([true, undefined, undefined]);
    const nova = translate(body, 'amazon.nova-pro-v1:0');
    expect(applyStrictTools(nova.t, nova.m, nova.tools.strict)).toEqual(['ok', 'bad']);
  });

  test('text.format json_schema: native structured output on Claude 4.5+, a forced tool elsewhere, a system line with thinking', () => {
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false };
    const claude = translate({ input: 'Where?' });
    expect(applyJsonAnswer(claude.t, claude.m, { schema, name: 'place' })).toBe('native');
    expect(claude.t.input.outputConfig!.textFormat).toMatchObject({ type: 'json_schema', structure: { jsonSchema: { name: 'place', schema: JSON.stringify(schema) } } });
    const nova = translate({ input: 'Where?' }, 'amazon.nova-pro-v1:0');
    expect(applyJsonAnswer(nova.t, nova.m, { schema })).toBe('tool');
    expect(nova.t.input.toolConfig).toMatchObject({ tools: [{ toolSpec: { name: JSON_ANSWER_TOOL } }], toolChoice: { tool: { name: JSON_ANSWER_TOOL } } });
    const thinking = translate({ input: 'Where?', reasoning: { effort: 'low' } }, 'claude-sonnet-4.5');
    expect(applyJsonAnswer(thinking.t, thinking.m, {})).toBe('prompt');
    expect(thinking.t.input.system!.at(-1)!.text).toContain('JSON object');
  });

  test('schema: a body without input or previous_response_id is a 400', () => {
    expect(proxyError(() => parseResponsesRequest({ model: 'x' }))).toMatchObject({ code: 'invalid_request', param: 'input' });
    expect(proxyError(() => parseResponsesRequest({ model: 'x', input: 5 }))).toMatchObject({ code: 'invalid_request', param: 'input' });
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startImageHost, type ImageHost } from '../support/image-host';
import { startHarness, type Harness } from '../support/harness';

// /v1/responses against the emulator with requests shaped like Codex CLI 0.17x's (CLIENTS.md):
// its headers, two developer messages, an environment-context user message, seven functions, a
// namespace group and web_search, store:false, include encrypted reasoning, the whole history
// re-sent each turn. Plus the stored-response routes, images through the fetcher's guards,
// errors in OpenAI's shape and the API key check.
let h: Harness;
let images: ImageHost;
let imagesUrl: string;
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
beforeAll(async () => {
  // The image host is on loopback: allowed here (image URLs to private hosts are refused by default).
  h = await startHarness({ settings: { allowPrivateImageHosts: true } });
  images = await startImageHost(PNG);
  imagesUrl = images.url;
});
afterAll(async () => {
  images.close();
  await h.close();
});
beforeEach(() => {
  h.emu.reset();
  h.log.length = 0;
  h.setSettings({ requireApiKey: false, apiKeys: [] });
});

const CODEX_HEADERS = {
  authorization: 'Bearer outcrop-key', accept: 'text/event-stream', originator: 'codex_exec',
  'user-agent': 'codex_exec/0.171.0 (Debian 13; x86_64) xterm', 'session-id': 's-1', 'thread-id': 't-1', 'x-client-request-id': 'r-1',
};
const fn = (name: string, props: Record<string, unknown>, required: string[] = []) => ({ type: 'function', name, description: `The ${name} tool.`, strict: false, parameters: { type: 'object', properties: props, required, additionalProperties: false } });
const CODEX_TOOLS = [
  fn('exec_command', { cmd: { type: 'string' }, workdir: { type: 'string' }, tty: { type: 'boolean' }, yield_time_ms: { type: 'number' } }, ['cmd']),
  fn('write_stdin', { session_id: { type: 'number' }, chars: { type: 'string' } }, ['session_id']),
  fn('update_plan', { plan: { type: 'array', items: { type: 'object', properties: { step: { type: 'string' } } } } }),
  fn('request_user_input', { question: { type: 'string' } }),
  fn('view_image', { path: { type: 'string' } }, ['path']),
  fn('list_mcp_resources', {}),
  fn('read_mcp_resource', { uri: { type: 'string' } }),
  { type: 'namespace', name: 'multi_agent_v1', description: 'Sub-agents.', tools: [fn('spawn_agent', { task: { type: 'string' } }, ['task']), fn('wait_agent', { id: { type: 'string' } })] },
  { type: 'web_search', external_web_access: false },
];
const firstTurn = (prompt: string) => [
  { type: 'message', id: 'msg_d1', role: 'developer', content: [{ type: 'input_text', text: '<permissions instructions>workspace-write</permissions instructions>' }] },
  { type: 'message', id: 'msg_d2', role: 'developer', content: [{ type: 'input_text', text: '# AGENTS.md instructions' }] },
  { type: 'message', id: 'msg_u1', role: 'user', content: [{ type: 'input_text', text: '<environment_context><cwd>/w</cwd></environment_context>' }] },
  { type: 'message', id: 'msg_u2', role: 'user', content: [{ type: 'input_text', text: prompt }] },
];
const codexBody = (input: unknown[]) => ({
  model: 'claude-sonnet', instructions: undefined, input, tools: CODEX_TOOLS, tool_choice: 'auto', parallel_tool_calls: true,
  reasoning: { summary: 'auto' }, store: false, stream: true, include: ['reasoning.encrypted_content'], prompt_cache_key: 't-1', client_metadata: { 'x-codex-turn': '1' },
});

async function sse(res: Response): Promise<Array<{ event: string; data: any }>> {
  const text = await res.text();
  return text.split('\n\n').filter((b) => b.trim()).map((block) => {
    const event = /^event: (.*)$/m.exec(block)?.[1] ?? '';
    return { event, data: JSON.parse(/^data: (.*)$/m.exec(block)![1]) };
  });
}

describe('Codex-shaped requests', () => {
  test('a shell tool turn with thinking, then the whole history re-sent with the sealed reasoning', async () => {
    h.emu.script({ content: [{ reasoning: { text: 'List the folder first.' } }, { text: 'Running ls.' }, { toolUse: { toolUseId: 'tooluse_ls', name: 'exec_command', input: { cmd: 'ls' } } }], chunkSize: 5 });
    const res = await h.post('/v1/responses', codexBody(firstTurn('what is in this folder?')), CODEX_HEADERS);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events = await sse(res);
    expect(events.every((e) => e.event === e.data.type)).toBe(true);
    expect(events.map((e) => e.data.sequence_number)).toEqual(events.map((_, i) => i));
    const done = events.filter((e) => e.event === 'response.output_item.done').map((e) => e.data.item);
    expect(done.map((i) => i.type)).toEqual(['reasoning', 'message', 'function_call']);
    expect(done[0].encrypted_content).toMatch(/^outcrop\.r1\./);
    expect(done[0].summary).toEqual([{ type: 'summary_text', text: 'List the folder first.' }]);
    expect(done[2]).toMatchObject({ call_id: 'tooluse_ls', name: 'exec_command', arguments: '{"cmd":"ls"}' });
    expect(events.at(-1)!.event).toBe('response.completed');

    const sent = h.emu.lastRequest('ConverseStream')!.body;
    expect(sent.toolConfig.tools.filter((t: any) => t.toolSpec).map((t: any) => t.toolSpec.name)).toEqual([
      'exec_command', 'write_stdin', 'update_plan', 'request_user_input', 'view_image', 'list_mcp_resources', 'read_mcp_resource', 'multi_agent_v1__spawn_agent', 'multi_agent_v1__wait_agent',
    ]);
    expect(sent.system.filter((b: any) => b.text).map((b: any) => b.text)).toEqual(['<permissions instructions>workspace-write</permissions instructions>', '# AGENTS.md instructions']);
    expect(sent.additionalModelRequestFields.thinking.type).toBe('enabled');
    expect(h.log.at(-1)).toMatchObject({ protocol: 'responses', client: 'codex_exec/0.171.0', status: 200, stream: true });
    // web_search is left out, never a 400, and named once in the log entry.
    expect(h.log.at(-1)!.notes).toEqual([expect.stringContaining('hosted tools left out (Bedrock cannot run them): web_search')]);

    // Turn two, as Codex sends it: everything again, the items as received (ids kept), then the output.
    h.emu.script({ text: 'Two files: a.ts and b.ts.' });
    const history = [...firstTurn('what is in this folder?'), ...done, { type: 'function_call_output', call_id: 'tooluse_ls', output: 'a.ts\nb.ts' }];
    const again = await sse(await h.post('/v1/responses', codexBody(history), CODEX_HEADERS));
    expect(again.at(-1)!.data.response.output_text).toBe('Two files: a.ts and b.ts.');
    const second = h.emu.lastRequest('ConverseStream')!.body;
    expect(second.additionalModelRequestFields.thinking.type).toBe('enabled');
    expect(second.messages[1].content.filter((b: any) => !b.cachePoint)).toEqual([
      { reasoningContent: { reasoningText: { text: 'List the folder first.', signature: expect.any(String) } } },
      { text: 'Running ls.' },
      { toolUse: { toolUseId: 'tooluse_ls', name: 'exec_command', input: { cmd: 'ls' } } },
    ]);
    expect(second.messages[2].content[0]).toEqual({ toolResult: { toolUseId: 'tooluse_ls', content: [{ text: 'a.ts\nb.ts' }] } });
  });

  test('a namespaced call comes back with its name and namespace; a custom tool call round trips', async () => {
    h.emu.script({ content: [{ toolUse: { toolUseId: 'tooluse_sp', name: 'multi_agent_v1__spawn_agent', input: { task: 'tests' } } }] });
    const body = { ...codexBody(firstTurn('spawn a helper')), reasoning: undefined };
    const events = await sse(await h.post('/v1/responses', body, CODEX_HEADERS));
    const added = events.find((e) => e.event === 'response.output_item.added')!.data.item;
    expect(added).toMatchObject({ type: 'function_call', name: 'spawn_agent', namespace: 'multi_agent_v1', status: 'in_progress' });
    expect(events.filter((e) => e.event === 'response.function_call_arguments.delta').map((e) => e.data.delta).join('')).toBe('{"task":"tests"}');

    const patchTool = { type: 'custom', name: 'apply_patch', description: 'Edit files with a patch.', format: { type: 'grammar', syntax: 'lark', definition: 'start: begin_patch' } };
    h.emu.script({ content: [{ toolUse: { toolUseId: 'tooluse_p', name: 'apply_patch', input: { input: '*** Begin Patch\n*** End Patch' } } }] });
    const res = await h.post('/v1/responses', { model: 'claude-sonnet', input: 'patch it', tools: [patchTool], store: false });
    const json = await res.json();
    expect(json.output[0]).toMatchObject({ type: 'custom_tool_call', call_id: 'tooluse_p', name: 'apply_patch', input: '*** Begin Patch\n*** End Patch' });
    expect(json.output[0].id).toMatch(/^ctc_/);
    h.emu.script({ text: 'Patched.' });
    await h.post('/v1/responses', { model: 'claude-sonnet', store: false, tools: [patchTool], input: [{ role: 'user', content: 'patch it' }, json.output[0], { type: 'custom_tool_call_output', call_id: 'tooluse_p', output: 'Success.' }] });
    const msgs = h.emu.lastRequest('Converse')!.body.messages;
    expect(msgs[1].content[0].toolUse).toEqual({ toolUseId: 'tooluse_p', name: 'apply_patch', input: { input: '*** Begin Patch\n*** End Patch' } });
    expect(msgs[2].content[0].toolResult.content).toEqual([{ text: 'Success.' }]);
  });
});

describe('text.format', () => {
  const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false };

  test('json_schema on Claude 4.5+: native structured output (outputConfig.textFormat), the JSON as output_text', async () => {
    h.emu.script({ text: '{"city":"Paris"}' });
    const res = await (await h.post('/v1/responses', { model: 'claude-sonnet', input: 'Capital of France?', store: false, text: { format: { type: 'json_schema', name: 'answer', schema, strict: true } } })).json();
    expect(JSON.parse(res.output_text)).toEqual({ city: 'Paris' });
    expect(res.text.format).toMatchObject({ type: 'json_schema', name: 'answer' });
    const sent = h.emu.lastRequest('Converse')!.body;
    expect(sent.outputConfig.textFormat).toEqual({ type: 'json_schema', structure: { jsonSchema: { name: 'answer', schema: JSON.stringify(schema) } } });
  });

  test('json_schema on a model without native structured output: a forced tool, streamed back as output_text', async () => {
    h.emu.script({ content: [{ toolUse: { name: 'json_answer', input: { city: 'Paris' } } }], chunkSize: 4 });
    const events = await sse(await h.post('/v1/responses', { model: 'amazon.nova-pro-v1:0', input: 'Capital of France?', stream: true, store: false, text: { format: { type: 'json_schema', name: 'answer', schema } } }));
    const sent = h.emu.lastRequest('ConverseStream')!.body;
    expect(sent.toolConfig.toolChoice).toEqual({ tool: { name: 'json_answer' } });
    expect(events.filter((e) => e.event === 'response.output_text.delta').map((e) => e.data.delta).join('')).toBe('{"city":"Paris"}');
    const final = events.at(-1)!.data.response;
    expect(final.output).toEqual([expect.objectContaining({ type: 'message' })]);
    expect(final.output_text).toBe('{"city":"Paris"}');
    expect(h.log.at(-1)!.notes).toEqual([expect.stringContaining('forced through a tool')]);
  });
});

describe('routes and errors', () => {
  test('an http(s) image goes through the image fetcher; one over its limit is a 400 in OpenAI shape', async () => {
    h.emu.script({ text: 'A cat.' });
    const ok = await h.post('/v1/responses', { model: 'claude-sonnet', input: [{ role: 'user', content: [{ type: 'input_text', text: 'What?' }, { type: 'input_image', image_url: `${imagesUrl}/cat.png` }] }] });
    expect(ok.status).toBe(200);
    expect(h.emu.lastRequest('Converse')!.body.messages[0].content[1].image.format).toBe('png');
    const huge = await h.post('/v1/responses', { model: 'claude-sonnet', input: [{ role: 'user', content: [{ type: 'input_image', image_url: `${imagesUrl}/huge.png` }] }] });
    expect(huge.status).toBe(400);
    expect((await huge.json()).error).toMatchObject({ type: 'invalid_request_error' });
  });

  test('a bad body, an unknown id (GET, DELETE, input_items) and a throttled Bedrock answer in OpenAI error shape', async () => {
    const bad = await h.post('/v1/responses', { model: 'claude-sonnet', input: 7 });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatchObject({ type: 'invalid_request_error', param: 'input' });
    for (const [method, path] of [['GET', '/v1/responses/resp_nope'], ['DELETE', '/v1/responses/resp_nope'], ['GET', '/v1/responses/resp_nope/input_items']]) {
      const res = await fetch(`${h.proxy.url}${path}`, { method });
      expect(res.status).toBe(404);
      expect((await res.json()).error).toMatchObject({ type: 'not_found_error', message: expect.stringContaining('resp_nope') });
    }
    h.emu.script({ error: { type: 'ThrottlingException', message: 'Too many requests' } });
    const throttled = await h.post('/v1/responses', { model: 'claude-sonnet', input: 'hi', stream: true });
    expect(throttled.status).toBe(429);
    expect((await throttled.json()).error.type).toBeDefined();
    expect(h.log.at(-1)).toMatchObject({ protocol: 'responses', status: 429 });
  });

  test('input_items pages (order, limit, after); GET shows sealed reasoning only when include asks for it', async () => {
    h.emu.script({ content: [{ reasoning: { text: 'Hmm.', signature: 'sig-get' } }, { text: 'Three.' }] });
    const input = ['one', 'two', 'three'].map((text, n) => ({ type: 'message', id: `msg_${n}`, role: 'user', content: [{ type: 'input_text', text }] }));
    const created = await (await h.post('/v1/responses', { model: 'claude-sonnet', input, reasoning: { effort: 'low' } })).json();
    const page = await (await fetch(`${h.baseURL}/responses/${created.id}/input_items?order=asc&limit=2`)).json();
    expect(page).toMatchObject({ object: 'list', first_id: 'msg_0', last_id: 'msg_1', has_more: true });
    const rest = await (await fetch(`${h.baseURL}/responses/${created.id}/input_items?order=asc&after=msg_1`)).json();
    expect(rest.data.map((i: { id: string }) => i.id)).toEqual(['msg_2']);
    expect((await (await fetch(`${h.baseURL}/responses/${created.id}/input_items`)).json()).first_id).toBe('msg_2');
    const plain = await (await fetch(`${h.baseURL}/responses/${created.id}`)).json();
    expect(plain.output[0].type).toBe('reasoning');
    expect(plain.output[0].encrypted_content).toBeUndefined();
    const sealed = await (await fetch(`${h.baseURL}/responses/${created.id}?include[]=reasoning.encrypted_content`)).json();
    expect(sealed.output[0].encrypted_content).toMatch(/^outcrop\.r1\./);
  });

  test('with "require API key" on, /v1/responses needs a valid key and refuses in OpenAI shape', async () => {
    h.setSettings({ requireApiKey: true, apiKeys: [{ id: 'k1', name: 'codex', key: 'outcrop-key-0123456789', createdAt: '2026-01-01' }] });
    const refused = await h.post('/v1/responses', { model: 'claude-sonnet', input: 'hi' }, { authorization: 'Bearer wrong-key-0123456789' });
    expect(refused.status).toBe(401);
    expect((await refused.json()).error).toBeDefined();
    h.emu.script({ text: 'ok' });
    const ok = await h.post('/v1/responses', { model: 'claude-sonnet', input: 'hi' }, { authorization: 'Bearer outcrop-key-0123456789' });
    expect(ok.status).toBe(200);
  });
});

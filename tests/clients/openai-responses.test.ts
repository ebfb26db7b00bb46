import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startHarness, type Harness } from '../support/harness';

// The official openai package's Responses API (responses.create / responses.stream) against the
// proxy over real sockets, the way Codex-era tools call it.
let h: Harness;
let client: OpenAI;
beforeAll(async () => {
  h = await startHarness();
  client = new OpenAI({ baseURL: h.baseURL, apiKey: 'anything-on-loopback', maxRetries: 0 });
});
afterAll(async () => h.close());
beforeEach(() => {
  h.emu.reset();
  h.log.length = 0;
});

const shell = { type: 'function', name: 'exec_command', description: 'Run a shell command', parameters: { type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'] }, strict: false } as const;

describe('openai SDK: responses', () => {
  test('text, non-streamed: output_text, usage, echo, log protocol', async () => {
    h.emu.script({ text: 'Hello from Bedrock', usage: { inputTokens: 9, outputTokens: 4, cacheReadInputTokens: 3 } });
    const res = await client.responses.create({ model: 'claude-sonnet', instructions: 'Be brief.', input: 'Hi!', max_output_tokens: 100, store: false });
    expect(res.id).toMatch(/^resp_/);
    expect(res.object).toBe('response');
    expect(res.status).toBe('completed');
    expect(res.output_text).toBe('Hello from Bedrock');
    expect(res.output[0]).toMatchObject({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Hello from Bedrock', annotations: [] }] });
    expect(res.usage).toMatchObject({ input_tokens: 12, input_tokens_details: { cached_tokens: 3 }, output_tokens: 4, total_tokens: 16 });
    expect(res).toMatchObject({ model: 'claude-sonnet', max_output_tokens: 100, instructions: 'Be brief.', store: false });
    const sent = h.emu.lastRequest('Converse')!.body;
    expect(sent.system[0]).toEqual({ text: 'Be brief.' });
    expect(sent.messages[0].content[0]).toEqual({ text: 'Hi!' });
    expect(h.log.at(-1)).toMatchObject({ protocol: 'responses', status: 200 });
  });

  test('streamed text: the event sequence, rising sequence numbers, finalResponse', async () => {
    h.emu.script({ text: 'Streaming works fine', chunkSize: 4 });
    const stream = client.responses.stream({ model: 'claude-sonnet', input: 'Go', store: false });
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const ev of stream) events.push(ev);
    const final = await stream.finalResponse();
    expect(final.output_text).toBe('Streaming works fine');
    const types = [...new Set(events.map((e) => e.type))];
    expect(types).toEqual([
      'response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added',
      'response.output_text.delta', 'response.output_text.done', 'response.content_part.done', 'response.output_item.done', 'response.completed',
    ]);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    const delta = events.find((e) => e.type === 'response.output_text.delta') as OpenAI.Responses.ResponseTextDeltaEvent;
    expect(delta).toMatchObject({ output_index: 0, content_index: 0 });
    expect(delta.item_id).toMatch(/^msg_/);
  });

  test('tool round trip with store:false and the whole history re-sent', async () => {
    h.emu.script({ content: [{ text: 'Listing.' }, { toolUse: { toolUseId: 'tooluse_A', name: 'exec_command', input: { cmd: 'ls' } } }], chunkSize: 3 });
    const first = await client.responses.stream({ model: 'claude-sonnet', input: [{ role: 'user', content: 'What is here?' }], tools: [shell], store: false }).finalResponse();
    const call = first.output.find((i) => i.type === 'function_call') as OpenAI.Responses.ResponseFunctionToolCall;
    expect(call).toMatchObject({ call_id: 'tooluse_A', name: 'exec_command', arguments: '{"cmd":"ls"}', status: 'completed' });
    expect(call.id).toMatch(/^fc_/);

    h.emu.script({ text: 'Two files.' });
    const second = await client.responses.create({
      model: 'claude-sonnet', store: false, tools: [shell],
      input: [{ role: 'user', content: 'What is here?' }, ...(first.output as OpenAI.Responses.ResponseInputItem[]), { type: 'function_call_output', call_id: 'tooluse_A', output: 'a.ts\nb.ts' }],
    });
    expect(second.output_text).toBe('Two files.');
    const sent = h.emu.lastRequest('Converse')!.body;
    expect(sent.messages).toEqual([
      { role: 'user', content: [{ text: 'What is here?' }] },
      { role: 'assistant', content: [{ text: 'Listing.' }, { toolUse: { toolUseId: 'tooluse_A', name: 'exec_command', input: { cmd: 'ls' } } }] },
      { role: 'user', content: [{ toolResult: { toolUseId: 'tooluse_A', content: [{ text: 'a.ts\nb.ts' }] } }] },
    ]);
    // store:false keeps nothing.
    await expect(client.responses.retrieve(second.id)).rejects.toMatchObject({ status: 404 });
  });

  test('a namespace tool is offered under a Bedrock-safe name and called back with its name and namespace', async () => {
    const ns = { type: 'namespace', name: 'mcp.github', description: 'GitHub tools', tools: [{ type: 'function', name: 'search_issues', description: 'Search issues', parameters: { type: 'object', properties: { q: { type: 'string' } } } }] };
    h.emu.setHandler((req) => {
      const offered = req.body.toolConfig.tools.map((t: any) => t.toolSpec.name);
      return { content: [{ toolUse: { toolUseId: 'tooluse_N', name: offered[0], input: { q: 'bug' } } }], chunkSize: 5 };
    });
    const res = await client.responses.stream({ model: 'claude-sonnet', input: 'Find bugs', tools: [ns as never], store: false }).finalResponse();
    const offered = h.emu.lastRequest('ConverseStream')!.body.toolConfig.tools[0].toolSpec;
    expect(offered.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    expect(offered.description).toContain('GitHub tools');
    expect(res.output[0]).toMatchObject({ type: 'function_call', name: 'search_issues', namespace: 'mcp.github', call_id: 'tooluse_N', arguments: '{"q":"bug"}' });

    // Sent back in history, the call goes to Bedrock under the same safe name.
    h.emu.setHandler(undefined);
    h.emu.script({ text: 'Found one.' });
    await client.responses.create({ model: 'claude-sonnet', store: false, tools: [ns as never], input: [{ role: 'user', content: 'Find bugs' }, res.output[0] as never, { type: 'function_call_output', call_id: 'tooluse_N', output: '#1' }] });
    const history = h.emu.lastRequest('Converse')!.body.messages[1].content[0].toolUse;
    expect(history.name).toBe(offered.name);
  });

  test('reasoning with encrypted content goes back to Bedrock signed across a tool turn', async () => {
    h.emu.script({ content: [{ reasoning: { text: 'I should list the files.', signature: 'sig-123' } }, { toolUse: { toolUseId: 'tooluse_R', name: 'exec_command', input: { cmd: 'ls' } } }], chunkSize: 6 });
    const first = await client.responses.stream({
      model: 'claude-sonnet', input: 'List files', tools: [shell], store: false,
      reasoning: { effort: 'low', summary: 'auto' }, include: ['reasoning.encrypted_content'],
    }).finalResponse();
    const reasoning = first.output[0] as OpenAI.Responses.ResponseReasoningItem;
    expect(reasoning.type).toBe('reasoning');
    expect(reasoning.summary).toEqual([{ type: 'summary_text', text: 'I should list the files.' }]);
    expect(reasoning.encrypted_content).toMatch(/^outcrop\.r1\./);
    // Opaque: neither the thinking nor the signature can be read from it.
    expect(reasoning.encrypted_content).not.toContain('sig-123');
    expect(Buffer.from(reasoning.encrypted_content!.slice(11), 'base64url').toString('latin1')).not.toContain('list the files');
    expect(h.emu.lastRequest('ConverseStream')!.body.additionalModelRequestFields.thinking).toMatchObject({ type: 'enabled' });

    h.emu.script({ text: 'Done.' });
    const input = [{ role: 'user', content: 'List files' }, ...first.output, { type: 'function_call_output', call_id: 'tooluse_R', output: 'a.ts' }] as OpenAI.Responses.ResponseInputItem[];
    const second = await client.responses.create({ model: 'claude-sonnet', input, tools: [shell], store: false, reasoning: { effort: 'low' }, include: ['reasoning.encrypted_content'] });
    expect(second.output_text).toBe('Done.');
    const sent = h.emu.lastRequest('Converse')!.body;
    expect(sent.additionalModelRequestFields.thinking).toMatchObject({ type: 'enabled' });
    expect(sent.messages[1].content[0]).toEqual({ reasoningContent: { reasoningText: { text: 'I should list the files.', signature: 'sig-123' } } });

    // A tampered token is not trusted: the thinking is left out (and thinking turned off) instead of forged.
    const tampered = reasoning.encrypted_content!.slice(0, -4) + (reasoning.encrypted_content!.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    h.emu.script({ text: 'Done.' });
    await client.responses.create({ model: 'claude-sonnet', tools: [shell], store: false, reasoning: { effort: 'low' }, input: input.map((i) => ((i as { type?: string }).type === 'reasoning' ? { ...i, encrypted_content: tampered } : i)) as never });
    const again = h.emu.lastRequest('Converse')!.body;
    expect(JSON.stringify(again.messages)).not.toContain('sig-123');
    expect(again.additionalModelRequestFields?.thinking).toBeUndefined();
    expect(h.log.at(-1)!.notes).toEqual([expect.stringContaining('encrypted_content not sealed by this Outcrop install')]);
  });

  test('previous_response_id continues a stored conversation; GET, input_items, DELETE; unknown id is a 404', async () => {
    h.emu.script({ text: 'Nice to meet you, Ada.' });
    const first = await client.responses.create({ model: 'claude-sonnet', input: 'I am Ada.' });
    h.emu.script({ text: 'You are Ada.' });
    const second = await client.responses.create({ model: 'claude-sonnet', input: 'Who am I?', previous_response_id: first.id });
    expect(second.previous_response_id).toBe(first.id);
    expect(h.emu.lastRequest('Converse')!.body.messages).toEqual([
      { role: 'user', content: [{ text: 'I am Ada.' }] },
      { role: 'assistant', content: [{ text: 'Nice to meet you, Ada.' }] },
      { role: 'user', content: [{ text: 'Who am I?' }] },
    ]);
    const got = await client.responses.retrieve(second.id);
    expect(got.output_text).toBe('You are Ada.');
    const items = await client.responses.inputItems.list(second.id);
    expect(items.data).toHaveLength(1);
    expect(items.data[0]).toMatchObject({ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Who am I?' }] });
    expect(items.data[0].id).toMatch(/^msg_/);
    await client.responses.delete(first.id);
    await expect(client.responses.retrieve(first.id)).rejects.toMatchObject({ status: 404 });
    const err = await client.responses.create({ model: 'claude-sonnet', input: 'again', previous_response_id: first.id }).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    expect(err.error).toMatchObject({ type: 'not_found_error', param: 'previous_response_id' });
    expect(err.error.message).toContain(first.id);
  });

  test('a Bedrock exception inside the stream ends it with response.failed, never completed', async () => {
    h.emu.script({ text: 'Partial answer that breaks', chunkSize: 4, streamError: { type: 'modelStreamErrorException', message: 'The model stopped.', afterEvents: 3 } });
    const res = await fetch(`${h.baseURL}/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'claude-sonnet', input: 'Go', stream: true, store: false }) });
    expect(res.status).toBe(200);
    const text = await res.text();
    const types = [...text.matchAll(/^event: (\S+)$/gm)].map((m) => m[1]);
    expect(types.at(-1)).toBe('response.failed');
    expect(types).not.toContain('response.completed');
    const failed = JSON.parse(text.trim().split('\n').at(-1)!.slice(6));
    expect(failed.response).toMatchObject({ status: 'failed', error: { code: 'bedrock_stream_error' } });

    // The SDK surfaces it as a failed response, not a finished one.
    h.emu.script({ text: 'Partial answer that breaks', chunkSize: 4, streamError: { type: 'modelStreamErrorException', message: 'The model stopped.', afterEvents: 3 } });
    const stream = client.responses.stream({ model: 'claude-sonnet', input: 'Go', store: false });
    const seen: string[] = [];
    const outcome = await (async () => {
      for await (const ev of stream) seen.push(ev.type);
    })().then(() => 'ended', (e) => e);
    expect(seen).toContain('response.failed');
    expect(seen).not.toContain('response.completed');
    if (outcome !== 'ended') expect(outcome).toBeInstanceOf(Error);
  });
});
